import { createPrivateKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { PemReason } from '../../../shared/errors'
import { InvalidArgumentError, InvalidPemError } from '../errors'

/**
 * Why a text was refused as a JWT signing key. Stable: the UI picks its help text by it, and it
 * travels as `params.reason` of the INVALID_PEM error. The list is shared with the window.
 */
export type PemProblem = PemReason

export type RsaKeyFormat = 'pkcs8' | 'pkcs1'

export interface PrivateKeyDescription {
  modulusLength: number
  format: RsaKeyFormat
}

/** Below this Coze (and jose's RS256) refuse the key, so it is refused before anything is sent. */
export const minimumRsaModulusBits = 2048

/**
 * A 16384-bit RSA key is about 13 KB of PEM; a copied email around it adds little. Anything far
 * bigger is a wrong file, and parsing it would only waste time.
 */
const maximumTextLength = 256 * 1024

/** What Coze's console hands out, named in every message so the user knows what to look for. */
const wantedFile =
  'Coze needs the private key file (private_key.pem) that was downloaded when you created the key pair'

const formats = new WeakMap<KeyObject, RsaKeyFormat>()

/**
 * Reads the RSA private key a Coze service (JWT) app signs with. Accepts PKCS#8 and PKCS#1 PEM,
 * with Windows line endings, indentation and text around the block (a key pasted from an email),
 * or an app's coze_oauth_config.json that carries `private_key`. Everything else is refused with
 * an InvalidPemError whose message says what was given and what to give instead; no message ever
 * quotes the text, since it may be key material.
 */
export function parseRsaPrivateKey(text: string): KeyObject {
  return parseText(text, true)
}

/** Size and original format of a key, for the UI ("RSA 2048-bit, PKCS#8"). */
export function describePrivateKey(key: KeyObject): PrivateKeyDescription {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
    throw new InvalidArgumentError('Only an RSA private key can be described here.')
  }
  return {
    modulusLength: key.asymmetricKeyDetails?.modulusLength ?? 0,
    // A key not read by parseRsaPrivateKey has no remembered format; PKCS#8 is what Coze issues.
    format: formats.get(key) ?? 'pkcs8',
  }
}

function refuse(reason: PemProblem, message: string): never {
  throw new InvalidPemError(message, reason)
}

function parseText(raw: string, allowJson: boolean): KeyObject {
  if (raw.length > maximumTextLength) {
    refuse(
      'too-large',
      `This file is ${Math.round(raw.length / 1024)} KB, far too large to be a private key. ${wantedFile}.`,
    )
  }
  // Rich-text copies bring a byte-order mark and zero-width spaces; line endings vary by system
  // and are dealt with where lines matter (decodeBody).
  const text = raw.replace(/[\ufeff\u200b-\u200d\u2060]/g, '').trim()
  if (text === '') {
    refuse(
      'empty',
      `No key was given. ${wantedFile}: paste its contents or choose the file, starting with ${beginLine}.`,
    )
  }
  if (allowJson && text.startsWith('{')) {
    const fromJson = keyFromJson(text)
    if (fromJson !== undefined) return parseText(fromJson, false)
  }
  return parseArmored(text)
}

const knownClientTypes = new Set(['web', 'pkce', 'device', 'jwt', 'channel'])

/**
 * The quickstarts keep a JWT app's key inside coze_oauth_config.json as `private_key`, so that file
 * is as good as private_key.pem. Returns undefined when the text is not JSON at all, so that the
 * PEM reader gives the verdict.
 */
function keyFromJson(text: string): string | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const record =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  if (typeof record.private_key === 'string' && record.private_key.trim() !== '') {
    return record.private_key
  }
  if (typeof record.client_id === 'string' || typeof record.client_type === 'string') {
    const type =
      typeof record.client_type === 'string' && knownClientTypes.has(record.client_type)
        ? ` (client type "${record.client_type}")`
        : ''
    refuse(
      'json-without-key',
      `This coze_oauth_config.json${type} has no private key in it. JWT sign-in needs a service (JWT) app: give its private_key.pem, or its coze_oauth_config.json with "private_key".`,
    )
  }
  refuse(
    'not-pem',
    `This is a JSON file, not a private key. ${wantedFile}, or the app's coze_oauth_config.json.`,
  )
}

interface PemBlock {
  label: string
  /** The text between the BEGIN and END lines, headers included. */
  body: string
}

/**
 * The first and last lines of a key file, for messages. Built from parts so that a scanner looking
 * for committed keys does not take these messages for one.
 */
const beginLine = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ')
const endLine = ['-----END', 'PRIVATE KEY-----'].join(' ')

const beginPattern = /-----BEGIN ([A-Z0-9][A-Z0-9 ]{0,40})-----/g
const endPattern = /-----END ([A-Z0-9][A-Z0-9 ]{0,40})-----/g

function parseArmored(text: string): KeyObject {
  const begins = [...text.matchAll(beginPattern)]
  const ends = [...text.matchAll(endPattern)]
  if (begins.length === 0) {
    if (ends.length > 0) {
      refuse(
        'truncated',
        'The start of the key is missing (its -----BEGIN … KEY----- line was not copied). Copy the whole private_key.pem again, from -----BEGIN to -----END, or choose the file itself.',
      )
    }
    refuseUnarmored(text)
  }

  // `openssl ecparam -genkey` writes an EC PARAMETERS block before the key; it is not a second key.
  const meaningful = begins.filter((begin) => begin[1] !== 'EC PARAMETERS')
  if (meaningful.length > 1) {
    refuse(
      'multiple-keys',
      `This text holds ${meaningful.length} keys or certificates. Give only the private key: the file private_key.pem, with a single ${beginLine} block.`,
    )
  }
  const begin = meaningful[0] ?? begins[0]
  if (begin === undefined || begin[1] === undefined) return refuseUnarmored(text)
  const label = begin[1]
  const bodyStart = begin.index + begin[0].length
  const end = ends.find((candidate) => candidate.index >= bodyStart && candidate[1] === label)
  if (end === undefined) {
    refuse(
      'truncated',
      `The key is cut off: its -----END ${label}----- line is missing. Copy the whole private_key.pem again, from -----BEGIN to -----END, or choose the file itself.`,
    )
  }
  return readBlock({ label, body: text.slice(bodyStart, end.index) })
}

function refuseUnarmored(text: string): never {
  if (/^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-\S+) [A-Za-z0-9+/]+=*/.test(text)) {
    refuse('public-key', `This is an SSH public key. ${wantedFile}.`)
  }
  const compact = text.replace(/\s+/g, '')
  if (compact.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    refuse(
      'not-pem',
      `This looks like the inside of a key without its ${beginLine} and ${endLine} lines. Copy the whole private_key.pem, including those lines, or choose the file itself.`,
    )
  }
  refuse('not-pem', `This is not a private key. ${wantedFile}; it starts with ${beginLine}.`)
}

function readBlock(block: PemBlock): KeyObject {
  switch (block.label) {
    case 'PRIVATE KEY':
      return readKey(block, 'pkcs8')
    case 'RSA PRIVATE KEY':
      if (/Proc-Type:\s*4\s*,\s*ENCRYPTED|DEK-Info:/i.test(block.body)) return refuseEncrypted()
      return readKey(block, 'pkcs1')
    case 'ENCRYPTED PRIVATE KEY':
      return refuseEncrypted()
    case 'PUBLIC KEY':
    case 'RSA PUBLIC KEY':
      return refuse('public-key', `This is a public key. ${wantedFile}.`)
    case 'CERTIFICATE':
    case 'X509 CERTIFICATE':
    case 'TRUSTED CERTIFICATE':
    case 'CERTIFICATE REQUEST':
    case 'NEW CERTIFICATE REQUEST':
      return refuse('certificate', `This is a certificate, not a private key. ${wantedFile}.`)
    case 'EC PRIVATE KEY':
    case 'EC PARAMETERS':
      return refuseEc()
    case 'OPENSSH PRIVATE KEY':
      return refuse(
        'unsupported-key',
        `This is an OpenSSH key (for SSH logins), not a Coze key. ${wantedFile}.`,
      )
    case 'DSA PRIVATE KEY':
      return refuseOtherType('a DSA')
    default:
      return refuse(
        'not-pem',
        `This is a "${block.label}" block, not a private key. ${wantedFile}; it starts with ${beginLine}.`,
      )
  }
}

function refuseEncrypted(): never {
  refuse(
    'encrypted',
    "This private key is protected with a passphrase. The private_key.pem Coze lets you download is not: give that file, or remove the passphrase first (for example with 'openssl pkey -in encrypted.pem -out private_key.pem').",
  )
}

function refuseEc(): never {
  refuse(
    'ec-key',
    `This is an EC (elliptic-curve) private key, but Coze signs with RSA. ${wantedFile}.`,
  )
}

function refuseOtherType(what: string): never {
  refuse('unsupported-key', `This is ${what} private key, but Coze signs with RSA. ${wantedFile}.`)
}

function readKey(block: PemBlock, labelled: RsaKeyFormat): KeyObject {
  const der = decodeBody(block.body)
  // Hand-edited files sometimes carry the other format's label, and OpenSSL reads either format
  // whatever type it is told, so the structure, not the label, says which format this is.
  const format = sniffFormat(der) ?? labelled
  let key: KeyObject
  try {
    key = createPrivateKey({ key: der, format: 'der', type: format })
  } catch {
    return refuseDamaged()
  }

  switch (key.asymmetricKeyType) {
    case 'rsa':
      break
    case 'ec':
      return refuseEc()
    case 'ed25519':
      return refuse(
        'ed25519-key',
        `This is an Ed25519 private key, but Coze signs with RSA. ${wantedFile}.`,
      )
    case 'rsa-pss':
      return refuseOtherType('an RSA-PSS')
    case 'ed448':
      return refuseOtherType('an Ed448')
    case 'dsa':
      return refuseOtherType('a DSA')
    default:
      return refuseOtherType('a non-RSA')
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < minimumRsaModulusBits) {
    refuse(
      'too-short',
      `This RSA key is only ${bits} bits long; Coze needs at least ${minimumRsaModulusBits}. Create a new key pair for the app on the Coze console and use its private_key.pem.`,
    )
  }
  formats.set(key, format)
  return key
}

function refuseDamaged(): never {
  refuse(
    'damaged',
    'The private key is damaged: some of its characters were lost or changed when it was copied. Copy the whole private_key.pem again, or choose the file itself.',
  )
}

/**
 * Base64 of the block, with RFC 1421 headers and all whitespace removed. A DER length that
 * promises more bytes than arrived means lines went missing, which deserves its own message.
 */
function decodeBody(body: string): Buffer {
  const lines = body.split(/\r\n?|\n/)
  const firstData = lines.findIndex((line) => line.trim() !== '' && !/^[A-Za-z-]+:/.test(line))
  const base64 = (firstData < 0 ? [] : lines.slice(firstData)).join('').replace(/\s+/g, '')
  if (base64 === '') {
    refuse(
      'truncated',
      'The key has no content between its BEGIN and END lines. Copy the whole private_key.pem again, or choose the file itself.',
    )
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) refuseDamaged()
  const der = Buffer.from(base64, 'base64')
  const declared = derSequenceLength(der)
  if (declared === undefined) return refuseDamaged()
  if (der.length < declared) {
    refuse(
      'truncated',
      'The key is cut off: part of it is missing. Copy the whole private_key.pem again, from -----BEGIN to -----END, or choose the file itself.',
    )
  }
  if (der.length > declared) refuseDamaged()
  return der
}

/**
 * PKCS#1 is SEQUENCE { INTEGER version, INTEGER modulus, … }; PKCS#8 is SEQUENCE { INTEGER
 * version, SEQUENCE algorithm, OCTET STRING key }. The element after the version tells them apart.
 */
function sniffFormat(der: Buffer): RsaKeyFormat | undefined {
  const outer = derElement(der, 0)
  if (outer === undefined || der[outer.header] !== 0x02) return undefined
  const version = derElement(der, outer.header)
  if (version === undefined) return undefined
  const next = der[outer.header + version.header + version.content]
  if (next === 0x30) return 'pkcs8'
  if (next === 0x02) return 'pkcs1'
  return undefined
}

/** The full size (header included) an outer DER SEQUENCE says it has, if it is one. */
function derSequenceLength(der: Buffer): number | undefined {
  if (der[0] !== 0x30) return undefined
  const element = derElement(der, 0)
  return element === undefined ? undefined : element.header + element.content
}

/** Header and content sizes of the DER element at `offset`, as its length octets claim. */
function derElement(der: Buffer, offset: number): { header: number; content: number } | undefined {
  const first = der[offset + 1]
  if (first === undefined) return undefined
  if (first < 0x80) return { header: 2, content: first }
  const octets = first & 0x7f
  // Four length octets describe 4 GB; a key never needs more, and 0x80 (indefinite) is not DER.
  if (octets === 0 || octets > 4 || der.length < offset + 2 + octets) return undefined
  let content = 0
  for (let i = 0; i < octets; i += 1) content = content * 256 + (der[offset + 2 + i] ?? 0)
  return { header: 2 + octets, content }
}
