/**
 * The secret guard: nothing secret belongs in the account list, which is not encrypted. Every
 * record is checked before it is saved, and a file that holds one anyway has it quarantined
 * without the secret being copied anywhere.
 */
import { AppError } from '../../errors'

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export type SecretShape = 'token' | 'pem' | 'secret-field' | 'url-password'

export interface SecretFinding {
  /** Where, such as `workspaces/0/name`; empty for the value itself. */
  path: string
  shape: SecretShape
}

/** Coze OAuth (czu_), service (czs_), personal (pat_) and service access (sat_) tokens. */
const tokenPattern = /(?<![A-Za-z0-9])(?:czu|czs|pat|sat)_[A-Za-z0-9_-]{16,}/
/** `accessTokenExpiresAt` and `tokenHint` are metadata; names that end like these are not. */
const secretFieldPattern =
  /(?:^|_|[a-z])(?:access_?token|refresh_?token|id_?token|client_?secret|private_?key(?:_?pem)?|password|passphrase|api_?key|code_?verifier)$|^(?:token|secret)$/i
/** A URL with a password in it, such as a proxy written as http://user:pass@host. */
const urlPasswordPattern = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]*@/i

const shapeNames: Record<SecretShape, string> = {
  token: 'a Coze token',
  pem: 'a PEM key',
  'secret-field': 'a secret (by its name)',
  'url-password': 'an address with a password in it',
}

/** The shape of secret a string looks like, if any. */
export function stringShape(value: string): SecretShape | undefined {
  // Cheap tests first: nearly every string is short or lacks the one character a shape needs,
  // and this runs over every string of every record at each open.
  if (value.length >= 20 && value.includes('_') && tokenPattern.test(value)) return 'token'
  if (value.includes('-----BEGIN')) return 'pem'
  if (value.includes('@') && urlPasswordPattern.test(value)) return 'url-password'
  return undefined
}

function isSecretField(key: string, item: unknown): boolean {
  // An empty value is no secret: a form may send its empty password field along.
  return item !== undefined && item !== null && item !== '' && secretFieldPattern.test(key)
}

/**
 * Collects findings into `found` until it holds `limit`. The path is kept as a stack of keys and
 * joined only for a finding, so a clean record costs no string building.
 */
function walk(
  value: unknown,
  keys: (string | number)[],
  found: SecretFinding[],
  limit: number,
): void {
  if (found.length >= limit) return
  if (typeof value === 'string') {
    const shape = stringShape(value)
    if (shape) found.push({ path: keys.join('/'), shape })
    return
  }
  if (typeof value !== 'object' || value === null) return
  // No schema of ours nests this deep, so validation refuses such a value anyway; stop here
  // rather than overflow the stack on a cyclic or hostile one.
  if (keys.length > 32) return
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length && found.length < limit; index += 1) {
      keys.push(index)
      walk(value[index], keys, found, limit)
      keys.pop()
    }
    return
  }
  for (const key in value) {
    if (found.length >= limit) return
    if (!Object.hasOwn(value, key)) continue
    const item = (value as JsonObject)[key]
    keys.push(key)
    if (isSecretField(key, item)) found.push({ path: keys.join('/'), shape: 'secret-field' })
    else walk(item, keys, found, limit)
    keys.pop()
  }
}

/** Every secret-looking value or field in `value` (at most `limit`), without the secret itself. */
export function findSecrets(value: unknown, limit = Number.POSITIVE_INFINITY): SecretFinding[] {
  const found: SecretFinding[] = []
  walk(value, [], found, limit)
  return found
}

/** A refusal to write something secret-looking into the (unencrypted) metadata file. */
export class SecretInMetadataError extends AppError {
  constructor(what: string, finding: SecretFinding) {
    super(
      'INVALID_ARGUMENT',
      `Refused to save ${what}: ${finding.path === '' ? 'its value' : `"${finding.path}"`} looks like ${shapeNames[finding.shape]}. Tokens and keys belong in the secret vault, never in the account list.`,
      { params: { field: finding.path, shape: finding.shape } },
    )
  }
}

/** Throws SecretInMetadataError for the first secret-looking value. */
export function assertNoSecrets(value: unknown, what: string): void {
  const [finding] = findSecrets(value, 1)
  if (finding) throw new SecretInMetadataError(what, finding)
}

/** A copy for the quarantine file: secret-named fields left out, secret-shaped text replaced. */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return stringShape(value) ? '[removed: looked like a secret]' : value
  if (depth > 32) return '[removed: nested too deep]'
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, depth + 1))
  if (isObject(value)) {
    const copy: JsonObject = {}
    for (const [key, item] of Object.entries(value)) {
      if (!isSecretField(key, item)) copy[key] = withoutSecrets(item, depth + 1)
    }
    return copy
  }
  return value
}

/** How a shape of secret is named in messages (it never quotes the secret). */
export function secretShapeName(shape: SecretShape): string {
  return shapeNames[shape]
}
