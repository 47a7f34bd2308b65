import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidPemError } from '../../../../src/main/core/errors'
import type { PemProblem } from '../../../../src/main/core/oauth/pem'
import {
  describePrivateKey,
  minimumRsaModulusBits,
  parseRsaPrivateKey,
} from '../../../../src/main/core/oauth/pem'

// Every key is made here, at test time; no key file is ever committed.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const shortRsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ed25519 = generateKeyPairSync('ed25519')
const ed448 = generateKeyPairSync('ed448')
const rsaPss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 })

const pem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1' | 'spki'): string =>
  key.export({ type, format: 'pem' }).toString()

const pkcs8 = pem(rsa.privateKey, 'pkcs8')
const pkcs1 = pem(rsa.privateKey, 'pkcs1')
const passphrase = 'correct horse battery staple'
const encryptedPkcs8 = rsa.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
  .toString()
const encryptedPkcs1 = rsa.privateKey
  .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase })
  .toString()

/** The base64 inside a PEM, on one line. */
const bodyOf = (text: string): string =>
  text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .join('')

const armour = (label: string, base64: string): string =>
  `-----BEGIN ${label}-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`

const lines = pkcs8.trimEnd().split('\n')
const email = [
  'Hi Sam,',
  '',
  'here is the key for the staging bot, as promised:',
  '',
  pkcs8.trimEnd(),
  '',
  'Keep it safe!',
  '-- ',
  'Alex',
].join('\n')

// A pkcs8 body under the pkcs1 label, as a hand-edited file might have it.
const mislabelled = armour('RSA PRIVATE KEY', bodyOf(pkcs8))

const ecWithParameters = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${pem(ec.privateKey, 'sec1')}`

const cozeConfig = JSON.stringify({
  client_type: 'jwt',
  client_id: '48213570192837465012345678903456.app.coze',
  public_key_id: 'abc123',
  private_key: pkcs1,
  coze_www_base: 'https://www.coze.com',
  coze_api_base: 'https://api.coze.com',
})

describe('parseRsaPrivateKey: accepted keys', () => {
  it.each<[string, string, 'pkcs8' | 'pkcs1']>([
    ['PKCS#8', pkcs8, 'pkcs8'],
    ['PKCS#1', pkcs1, 'pkcs1'],
    ['PKCS#8 with CRLF line endings', pkcs8.replace(/\n/g, '\r\n'), 'pkcs8'],
    ['PKCS#1 with CRLF line endings', pkcs1.replace(/\n/g, '\r\n'), 'pkcs1'],
    ['PKCS#1 with old Mac (CR only) line endings', pkcs1.replace(/\n/g, '\r'), 'pkcs1'],
    ['surrounding whitespace', `  \n\t\n${pkcs8}\n\n   `, 'pkcs8'],
    ['text before and after, as in an email', email, 'pkcs8'],
    ['every line indented', lines.map((line) => `    ${line}`).join('\n'), 'pkcs8'],
    ['lines joined by spaces (a collapsed paste)', lines.join(' '), 'pkcs8'],
    ['a byte-order mark in front', `\ufeff${pkcs1}`, 'pkcs1'],
    ['a PKCS#8 body under the PKCS#1 label', mislabelled, 'pkcs8'],
    ['coze_oauth_config.json with private_key', cozeConfig, 'pkcs1'],
  ])('%s', (_name, text, format) => {
    const key = parseRsaPrivateKey(text)
    expect(key.type).toBe('private')
    expect(key.asymmetricKeyType).toBe('rsa')
    // The very key that was exported, not merely some RSA key.
    expect(pem(createPublicKey(key), 'spki')).toBe(pem(rsa.publicKey, 'spki'))
    expect(describePrivateKey(key)).toEqual({ modulusLength: 2048, format })
    const data = Buffer.from('payload')
    expect(verify('sha256', data, rsa.publicKey, sign('sha256', data, key))).toBe(true)
  })
})

interface Refusal {
  name: string
  text: string
  reason: PemProblem
  /** A word the message must contain, so that it names what the user gave. */
  says: RegExp
}

const refusals: Refusal[] = [
  { name: 'empty text', text: '', reason: 'empty', says: /No key was given/ },
  { name: 'only whitespace', text: ' \r\n\t\n ', reason: 'empty', says: /No key was given/ },
  {
    name: 'garbage',
    text: 'my key is on the other laptop',
    reason: 'not-pem',
    says: /not a private key/,
  },
  {
    name: 'random bytes as text',
    text: randomBytes(200).toString('latin1'),
    reason: 'not-pem',
    says: /not a private key/,
  },
  {
    name: 'JSON that is not a coze_oauth_config',
    text: '{"name":"my bot","token":"x"}',
    reason: 'not-pem',
    says: /JSON file/,
  },
  {
    name: 'a coze_oauth_config without a key',
    text: JSON.stringify({ client_type: 'web', client_id: '1.app.coze', client_secret: 'x' }),
    reason: 'json-without-key',
    says: /coze_oauth_config\.json \(client type "web"\) has no private key/,
  },
  {
    name: 'the base64 body without BEGIN/END lines',
    text: bodyOf(pkcs8),
    reason: 'not-pem',
    says: /without its -----BEGIN PRIVATE KEY-----/,
  },
  {
    name: 'too large a file',
    text: 'A'.repeat(300 * 1024),
    reason: 'too-large',
    says: /too large/,
  },
  {
    name: 'an RSA public key (SPKI)',
    text: pem(rsa.publicKey, 'spki'),
    reason: 'public-key',
    says: /This is a public key/,
  },
  {
    name: 'an RSA public key (PKCS#1)',
    text: pem(rsa.publicKey, 'pkcs1'),
    reason: 'public-key',
    says: /This is a public key/,
  },
  {
    name: 'an SSH public key',
    text: `ssh-rsa ${randomBytes(270).toString('base64')} alex@laptop`,
    reason: 'public-key',
    says: /SSH public key/,
  },
  {
    name: 'an EC key (SEC1)',
    text: pem(ec.privateKey, 'sec1'),
    reason: 'ec-key',
    says: /EC \(elliptic-curve\)/,
  },
  {
    name: 'an EC key (SEC1) after its EC PARAMETERS block',
    text: ecWithParameters,
    reason: 'ec-key',
    says: /EC \(elliptic-curve\)/,
  },
  {
    name: 'an EC key (PKCS#8)',
    text: pem(ec.privateKey, 'pkcs8'),
    reason: 'ec-key',
    says: /EC \(elliptic-curve\)/,
  },
  {
    name: 'an Ed25519 key',
    text: pem(ed25519.privateKey, 'pkcs8'),
    reason: 'ed25519-key',
    says: /Ed25519/,
  },
  {
    name: 'an Ed448 key',
    text: pem(ed448.privateKey, 'pkcs8'),
    reason: 'unsupported-key',
    says: /Ed448/,
  },
  {
    name: 'an RSA-PSS key',
    text: pem(rsaPss.privateKey, 'pkcs8'),
    reason: 'unsupported-key',
    says: /RSA-PSS/,
  },
  {
    name: 'an OpenSSH private key',
    text: armour('OPENSSH PRIVATE KEY', randomBytes(400).toString('base64')),
    reason: 'unsupported-key',
    says: /OpenSSH/,
  },
  {
    name: 'an encrypted PKCS#8 key',
    text: encryptedPkcs8,
    reason: 'encrypted',
    says: /passphrase/,
  },
  {
    name: 'an encrypted PKCS#1 key (Proc-Type: 4,ENCRYPTED)',
    text: encryptedPkcs1,
    reason: 'encrypted',
    says: /passphrase/,
  },
  {
    name: 'an encrypted PKCS#1 key with CRLF line endings',
    text: encryptedPkcs1.replace(/\n/g, '\r\n'),
    reason: 'encrypted',
    says: /passphrase/,
  },
  {
    name: 'a certificate',
    text: armour('CERTIFICATE', randomBytes(900).toString('base64')),
    reason: 'certificate',
    says: /certificate/,
  },
  {
    name: 'a 1024-bit RSA key',
    text: pem(shortRsa.privateKey, 'pkcs8'),
    reason: 'too-short',
    says: /only 1024 bits/,
  },
  {
    name: 'a 1024-bit RSA key (PKCS#1)',
    text: pem(shortRsa.privateKey, 'pkcs1'),
    reason: 'too-short',
    says: /only 1024 bits/,
  },
  {
    name: 'two private keys',
    text: `${pkcs8}\n${pem(otherRsa.privateKey, 'pkcs8')}`,
    reason: 'multiple-keys',
    says: /holds 2 keys/,
  },
  {
    name: 'a private key and its public key',
    text: `${pkcs8}${pem(rsa.publicKey, 'spki')}`,
    reason: 'multiple-keys',
    says: /holds 2 keys/,
  },
  {
    name: 'a key and a certificate',
    text: `${armour('CERTIFICATE', randomBytes(900).toString('base64'))}${pkcs1}`,
    reason: 'multiple-keys',
    says: /holds 2 keys/,
  },
  {
    name: 'a PEM cut in half (no END line)',
    text: pkcs8.slice(0, Math.floor(pkcs8.length / 2)),
    reason: 'truncated',
    says: /-----END PRIVATE KEY----- line is missing/,
  },
  {
    name: 'a PEM with lines missing in the middle',
    text: [...lines.slice(0, 5), ...lines.slice(10)].join('\n'),
    reason: 'truncated',
    says: /part of it is missing/,
  },
  {
    name: 'a PEM without its BEGIN line',
    text: lines.slice(1).join('\n'),
    reason: 'truncated',
    says: /start of the key is missing/,
  },
  {
    name: 'a PEM with nothing between BEGIN and END',
    text: '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n',
    reason: 'truncated',
    says: /no content/,
  },
  {
    name: 'a PEM with a character that is not base64',
    text: pkcs8.replace(/(\n[A-Za-z0-9+/]{30})[A-Za-z0-9+/]/, '$1!'),
    reason: 'damaged',
    says: /damaged/,
  },
  {
    name: 'a PEM whose content is not a key structure',
    text: armour('PRIVATE KEY', Buffer.from([0x30, 0x05, 1, 2, 3, 4, 5]).toString('base64')),
    reason: 'damaged',
    says: /damaged/,
  },
  {
    name: 'a PEM with extra bytes after the key',
    text: armour(
      'PRIVATE KEY',
      Buffer.concat([Buffer.from(bodyOf(pkcs8), 'base64'), Buffer.from([0, 0, 0])]).toString(
        'base64',
      ),
    ),
    reason: 'damaged',
    says: /damaged/,
  },
  {
    name: 'some other PEM block',
    text: armour('PGP MESSAGE', randomBytes(90).toString('base64')),
    reason: 'not-pem',
    says: /"PGP MESSAGE" block/,
  },
]

function refusalOf(text: string): InvalidPemError {
  try {
    parseRsaPrivateKey(text)
  } catch (error) {
    if (error instanceof InvalidPemError) return error
    throw error
  }
  throw new Error('the text was accepted')
}

/** Base64 runs of the input long enough to be key material. */
function secretsIn(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9+/]{16,}/g)].map((match) => match[0])
}

describe('parseRsaPrivateKey: refused texts', () => {
  it.each(refusals.map((refusal) => [refusal.name, refusal] as const))('%s', (_name, refusal) => {
    const error = refusalOf(refusal.text)
    expect(error.code).toBe('INVALID_PEM')
    expect(error.params).toEqual({ reason: refusal.reason })
    expect(error.message).toMatch(refusal.says)
    // Every message points at what to give instead.
    expect(error.message).toMatch(/private_key\.pem/)
    for (const secret of secretsIn(refusal.text)) expect(error.message).not.toContain(secret)
  })

  it('gives each reason its own message', () => {
    const byReason = new Map<string, Set<string>>()
    for (const refusal of refusals) {
      const error = refusalOf(refusal.text)
      const reason = String(error.params?.reason)
      byReason.set(reason, (byReason.get(reason) ?? new Set()).add(error.message))
    }
    const owners = new Map<string, string>()
    for (const [reason, messages] of byReason) {
      for (const message of messages) {
        expect(owners.get(message) ?? reason).toBe(reason)
        owners.set(message, reason)
      }
    }
    expect(byReason.size).toBeGreaterThanOrEqual(14)
  })

  it('does not quote the key of a refused coze_oauth_config private_key', () => {
    const config = JSON.stringify({ client_type: 'jwt', private_key: pem(ec.privateKey, 'sec1') })
    const error = refusalOf(config)
    expect(error.params).toEqual({ reason: 'ec-key' })
    for (const secret of secretsIn(pem(ec.privateKey, 'sec1'))) {
      expect(error.message).not.toContain(secret)
    }
  })
})

describe('describePrivateKey', () => {
  it('reports size and format of a parsed key', () => {
    expect(describePrivateKey(parseRsaPrivateKey(pkcs1))).toEqual({
      modulusLength: 2048,
      format: 'pkcs1',
    })
    expect(minimumRsaModulusBits).toBe(2048)
  })

  it('reports a key it did not read as PKCS#8, the format Coze issues', () => {
    expect(describePrivateKey(otherRsa.privateKey)).toEqual({
      modulusLength: 2048,
      format: 'pkcs8',
    })
  })

  it.each([
    ['a public key', rsa.publicKey],
    ['an EC key', ec.privateKey],
  ])('refuses %s', (_name, key) => {
    expect(() => describePrivateKey(key)).toThrow(InvalidArgumentError)
  })
})
