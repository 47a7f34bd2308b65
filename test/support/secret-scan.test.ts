import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scanStoreFiles } from './secret-scan'

const root = mkdtempSync(join(tmpdir(), 'scan-self-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the end-of-run secret scan', () => {
  it('finds each kind of leak and leaves the opt-in plaintext folder out', () => {
    mkdirSync(join(root, 'a'))
    mkdirSync(join(root, 'plaintext-opt-in'))
    writeFileSync(join(root, 'a', 'clean.json'), '{"label":"Work","tokenHint":"czu_…9f2a"}')
    writeFileSync(join(root, 'a', 'token.json'), '{"x":"czu_AbCdEfGhIjKlMnOpQrStUv"}')
    writeFileSync(join(root, 'a', 'key.pem'), '-----BEGIN RSA PRIVATE KEY-----\nMII')
    writeFileSync(join(root, 'a', 'field.json'), '{"refreshToken": "whatever"}')
    writeFileSync(join(root, 'a', 'remembered.bin'), 'xx-my-client-secret-xx')
    writeFileSync(
      join(root, 'plaintext-opt-in', 'vault.json'),
      '{"x":"pat_AbCdEfGhIjKlMnOpQrStUv"}',
    )
    const result = scanStoreFiles(root, join(root, 'plaintext-opt-in'), ['my-client-secret'])
    expect(result.filesScanned).toBe(5)
    expect(result.leaks.map((leak) => leak.file).sort()).toEqual([
      'a/field.json',
      'a/key.pem',
      'a/remembered.bin',
      'a/token.json',
    ])
  })
})
