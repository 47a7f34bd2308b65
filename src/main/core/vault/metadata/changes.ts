/**
 * The account list's changes, as the journal records them: one line per group of changes saved
 * together, `{"changes":[…]}`, each change a whole record put, a few fields of a record patched,
 * a record deleted, or the settings. A refresh therefore writes the few fields it changed of one
 * account, not that account's workspaces nor the other thousand accounts.
 */
import type { StoredAccount } from '../../accounts/account'
import type { AppProfile } from '../../profiles'
import type { AppSettings, JsonObject, MetadataDocument } from './document'
import { isObject } from './document'
import { SavedRecord } from './serializer'

export type Collection = 'accounts' | 'profiles'

export type MetadataChange =
  | { put: Collection; value: StoredAccount | AppProfile }
  | { patch: Collection; id: string; fields: JsonObject }
  | { delete: Collection; id: string }
  | { settings: AppSettings }

function isCollection(value: unknown): value is Collection {
  return value === 'accounts' || value === 'profiles'
}

/** A collection of a parsed document as an object without a prototype (see `replayChanges`). */
function ownCollection(document: JsonObject, collection: Collection): JsonObject | undefined {
  const records = document[collection]
  if (!isObject(records)) return undefined
  if (Object.getPrototypeOf(records) === null) return records
  // Parsed JSON has Object's prototype, where assigning "__proto__" would set the prototype
  // instead of adding a record. A copy without one keeps every id an ordinary key.
  const copy = Object.assign(Object.create(null) as JsonObject, records)
  document[collection] = copy
  return copy
}

/**
 * Applies journal entries to a parsed snapshot (before migration or validation: the records are
 * checked afterwards, as the snapshot's are). Returns how many entries applied; it stops at the
 * first one that is not a group of changes this build knows, which only disk damage produces.
 */
export function replayChanges(document: JsonObject, entries: readonly unknown[]): number {
  let applied = 0
  for (const entry of entries) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) return applied
    for (const change of entry.changes as unknown[]) {
      if (!isObject(change)) return applied
      if (isCollection(change.put) && isObject(change.value)) {
        const records = ownCollection(document, change.put)
        const id = change.value.id
        if (records && typeof id === 'string') records[id] = change.value
      } else if (
        isCollection(change.patch) &&
        typeof change.id === 'string' &&
        isObject(change.fields)
      ) {
        // Onto the record as the snapshot and the entries before had it; the whole record is
        // checked afterwards, as every record is.
        const records = ownCollection(document, change.patch)
        const record = records && Object.hasOwn(records, change.id) ? records[change.id] : undefined
        if (isObject(record)) Object.assign(record, change.fields)
      } else if (isCollection(change.delete) && typeof change.id === 'string') {
        const records = ownCollection(document, change.delete)
        if (records) delete records[change.id]
      } else if (isObject(change.settings)) {
        document.settings = change.settings
      } else {
        return applied
      }
    }
    applied += 1
  }
  return applied
}

/**
 * The changes of one save, made against the document as last saved without touching it: records
 * put or deleted are kept aside, and applied (`applyTo`) only once they are on disk.
 */
export class MetadataDraft {
  private readonly changed: Record<Collection, Map<string, object | null>> = {
    accounts: new Map(),
    profiles: new Map(),
  }
  /** Records of `changed` that the journal gets as a patch (the JSON of its fields). */
  private readonly patches: Record<Collection, Map<string, string>> = {
    accounts: new Map(),
    profiles: new Map(),
  }
  private settingsChange: AppSettings | undefined

  constructor(
    private readonly base: MetadataDocument,
    /** A record's JSON (the serializer's, cached), for a patch onto a record not yet saved so. */
    private readonly recordJson: (record: object) => string,
  ) {}

  get settings(): AppSettings {
    return this.settingsChange ?? this.base.settings
  }

  set settings(settings: AppSettings) {
    this.settingsChange = settings
  }

  has(collection: Collection, id: string): boolean {
    const change = this.changed[collection].get(id)
    if (change !== undefined) return change !== null
    return Object.hasOwn(this.base[collection], id)
  }

  /** `record` is what the store keeps (a record, or only its JSON; see `SavedRecord`). */
  put(collection: Collection, id: string, record: object): void {
    this.changed[collection].set(id, record)
    this.patches[collection].delete(id)
  }

  /**
   * Lays the fields (`fieldsJson`, checked by the caller) over the record; false when there is
   * none. `brief` is the record's brief with the fields applied (accounts).
   */
  patch(
    collection: Collection,
    id: string,
    fieldsJson: string,
    briefOf: (current: object) => object | undefined,
  ): boolean {
    const changedHere = this.changed[collection].get(id)
    const current =
      changedHere !== undefined
        ? changedHere
        : Object.hasOwn(this.base[collection], id)
          ? (this.base[collection] as Record<string, object>)[id]
          : undefined
    if (current === undefined || current === null) return false
    const saved =
      current instanceof SavedRecord ? current : new SavedRecord(this.recordJson(current))
    this.changed[collection].set(id, saved.patched(fieldsJson, briefOf(current)))
    // A record already changed in this save goes to the journal whole: its change is not on disk.
    if (changedHere === undefined) this.patches[collection].set(id, fieldsJson)
    else this.patches[collection].delete(id)
    return true
  }

  /** Whether there was a record to delete. */
  delete(collection: Collection, id: string): boolean {
    if (!this.has(collection, id)) return false
    this.changed[collection].set(id, null)
    this.patches[collection].delete(id)
    return true
  }

  get empty(): boolean {
    return (
      this.changed.accounts.size === 0 &&
      this.changed.profiles.size === 0 &&
      this.settingsChange === undefined
    )
  }

  /**
   * The journal line of these changes. `recordJson` gives a record's JSON (the serializer's cache,
   * so a record put is stringified once for the journal and the next snapshot alike).
   */
  journalEntry(recordJson: (record: object) => string): string {
    let line = '{"changes":['
    let separator = ''
    for (const collection of ['accounts', 'profiles'] as const) {
      for (const [id, record] of this.changed[collection]) {
        const patchJson = this.patches[collection].get(id)
        line +=
          separator +
          (record === null
            ? JSON.stringify({ delete: collection, id })
            : patchJson !== undefined
              ? `{"patch":"${collection}","id":${JSON.stringify(id)},"fields":${patchJson}}`
              : `{"put":"${collection}","value":${recordJson(record)}}`)
        separator = ','
      }
    }
    if (this.settingsChange !== undefined) {
      line += separator + JSON.stringify({ settings: this.settingsChange })
    }
    return line + ']}'
  }

  /**
   * Makes the changes part of `document` (the one this draft was made against), and returns what
   * takes them back out, for a save that fails after all.
   */
  applyTo(document: MetadataDocument): () => void {
    const undo: (() => void)[] = []
    for (const collection of ['accounts', 'profiles'] as const) {
      const records = document[collection] as Record<string, object>
      for (const [id, record] of this.changed[collection]) {
        const before = Object.hasOwn(records, id) ? records[id] : undefined
        undo.push(() => {
          if (before === undefined) delete records[id]
          else records[id] = before
        })
        if (record === null) delete records[id]
        else records[id] = record
      }
    }
    if (this.settingsChange !== undefined) {
      const before = document.settings
      undo.push(() => {
        document.settings = before
      })
      document.settings = this.settingsChange
    }
    return () => {
      for (const step of undo.reverse()) step()
    }
  }
}
