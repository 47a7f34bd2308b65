/** The metadata store (see store.ts), and what other parts of the core use of its document. */
export type { AppSettings, MetadataDocument, SettingsPatch } from './document'
export {
  accountSchema,
  defaultSettings,
  fitLegacyAccount,
  fitLegacyProfile,
  metadataDocumentSchema,
  metadataMigrations,
  metadataSchemaVersion,
  metadataTopLevelSchema,
  migrateMetadataDocument,
  profileSchema,
  settingsSchema,
} from './document'
export type { JsonSchema, MetadataMigration } from './document'
export type { QuarantinedRecord, StoreProblem } from './file'
export type { SecretFinding, SecretShape } from './secret-guard'
export { assertNoSecrets, findSecrets, SecretInMetadataError } from './secret-guard'
export type {
  MetadataRecovery,
  MetadataStore,
  OpenMetadataStoreOptions,
  OpenedMetadataStore,
} from './store'
export { openMetadataStore, peekStoredSettings, recoveryNeeded } from './store'
