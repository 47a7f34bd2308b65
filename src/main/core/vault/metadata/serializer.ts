/**
 * The account list's snapshot as text: one record per line, with each record's JSON remembered so
 * that a compaction serializes only the records put since the last one, and a journal line reuses
 * the JSON the snapshot will hold.
 */
import { isObject } from './document'

/**
 * A record as a save keeps it: only its JSON. A thousand accounts refreshed again and again then
 * leave flat strings behind in memory, not graphs of objects for the collector to trace, and
 * reading one parses its JSON as reading any record does.
 *
 * A refresh changes a handful of small fields of a 6 KB record (see `accountPatchSchema`): those
 * are kept as a small `patchJson` laid over the record's JSON, which stays the string it was, so a
 * refresh neither stringifies nor keeps another copy of the workspaces. The next snapshot writes
 * the two merged, once, and the record then holds only that.
 */
export class SavedRecord {
  /**
   * `brief`: the few fields a listing of briefs answers with (accounts; see AccountBrief).
   * `patchJson`: fields that replace the record's own (`Object.assign` order: existing keys keep
   * their place, new ones come last).
   */
  constructor(
    private baseJson: string,
    readonly brief?: object,
    private patchJson?: string,
  ) {}

  /** The record this one is with `patchJson`'s fields laid over it. */
  patched(patchJson: string, brief?: object): SavedRecord {
    const combined =
      this.patchJson === undefined
        ? patchJson
        : JSON.stringify(Object.assign(JSON.parse(this.patchJson) as object, JSON.parse(patchJson)))
    return new SavedRecord(this.baseJson, brief, combined)
  }

  /** A fresh copy of the record. */
  parse(): object {
    const record = JSON.parse(this.baseJson) as object
    return this.patchJson === undefined
      ? record
      : Object.assign(record, JSON.parse(this.patchJson) as object)
  }

  /** The record's JSON, merged once when it has a patch (what the record means is unchanged). */
  get json(): string {
    if (this.patchJson !== undefined) {
      this.baseJson = JSON.stringify(this.parse())
      this.patchJson = undefined
    }
    return this.baseJson
  }
}

/**
 * Writes the document as JSON with one record per line, and remembers each record's JSON. That is
 * safe because a stored record is never changed in place: a put stores a new copy.
 */
export class DocumentSerializer {
  private readonly fragments = new WeakMap<object, string>()

  remember(record: object, json: string): void {
    this.fragments.set(record, json)
  }

  /** A record's JSON, from the cache when it has been serialized before. */
  fragment(record: object): string {
    if (record instanceof SavedRecord) return record.json
    let json = this.fragments.get(record)
    if (json === undefined) {
      json = JSON.stringify(record)
      this.fragments.set(record, json)
    }
    return json
  }

  readonly serialize = (value: Record<string, unknown>): string => {
    // Built with += on purpose: V8 keeps the pieces as a rope and copies the ~2 MB once, when
    // the file is written; Array.join would copy it one more time (~2.5 ms for 1,000 accounts).
    let text = '{'
    let separator = ''
    for (const [key, item] of Object.entries(value)) {
      let json: string | undefined
      if ((key === 'accounts' || key === 'profiles') && isObject(item)) {
        json = '{'
        let inner = ''
        for (const [id, record] of Object.entries(item)) {
          const recordJson = isObject(record) ? this.fragment(record) : JSON.stringify(record)
          json += inner + '\n\t\t' + JSON.stringify(id) + ': ' + recordJson
          inner = ','
        }
        json += inner === '' ? '}' : '\n\t}'
      } else {
        json = JSON.stringify(item)
      }
      // As JSON.stringify does, a key whose value is undefined is left out.
      if (json === undefined) continue
      text += separator + '\n\t' + JSON.stringify(key) + ': ' + json
      separator = ','
    }
    return text + '\n}\n'
  }
}
