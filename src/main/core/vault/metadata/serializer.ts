/**
 * The account list's snapshot as text: one record per line, with each record's JSON remembered so
 * that a compaction serializes only the records put since the last one, and a journal line reuses
 * the JSON the snapshot will hold.
 */
import { isObject } from './document'

/**
 * Writes the document as JSON with one record per line, and remembers each record's JSON. That is
 * safe because a stored record is never changed in place: a put stores a new copy.
 */
/**
 * A record as a save keeps it: only its JSON. A thousand accounts refreshed again and again then
 * leave flat strings behind in memory, not graphs of objects for the collector to trace, and
 * reading one parses its JSON as reading any record does.
 */
export class SavedRecord {
  /** `brief`: the few fields a listing of briefs answers with (accounts; see AccountBrief). */
  constructor(
    readonly json: string,
    readonly brief?: object,
  ) {}
}

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
