/**
 * The account list document's top level, on its own so that the list of schemas compiled ahead of
 * time (precompiled/catalogue.ts) can name it without loading the document's code.
 */
import type { JsonSchema } from '../../../../shared/json-schema'

/**
 * Versions 1 and 2 were written through conf, which kept its own bookkeeping under this key. It is
 * accepted when read and no longer written.
 */
export const confInternalKey = '__internal__'

/**
 * The top level's properties. The records are only checked for being objects here: each one is
 * checked on its own (`sieve`), so that one bad record costs only itself.
 */
export const metadataTopLevelSchema: Readonly<Record<string, JsonSchema>> = {
  schemaVersion: { type: 'integer', minimum: 1 },
  generation: {
    type: 'string',
    minLength: 1,
    maxLength: 64,
    description: 'Names the journal that continues this snapshot (see vault/journal.ts).',
  },
  accounts: { type: 'object', description: 'Account metadata by id (see accountSchema).' },
  profiles: { type: 'object', description: 'App profiles by id (see profileSchema).' },
  settings: { type: 'object', description: 'See settingsSchema.' },
  [confInternalKey]: { type: 'object', description: 'Written by versions 1 and 2; ignored.' },
}

export const metadataRootSchema: JsonSchema = {
  required: ['schemaVersion', 'accounts', 'profiles', 'settings'],
  additionalProperties: false,
}

/** What the store checks of the top level when it reads the file. */
export const topLevelSchema: JsonSchema = {
  type: 'object',
  properties: metadataTopLevelSchema,
  ...metadataRootSchema,
}
