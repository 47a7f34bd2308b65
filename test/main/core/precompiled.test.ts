/**
 * The validators compiled ahead of time (src/main/core/precompiled): current with the schemas,
 * found for every schema main checks against, and behaving as Ajv's own at run time.
 */
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { generatedFiles, validatorSources } from '../../../scripts/generate-validators'
import { contractValidator, storeValidator } from '../../../src/main/core/precompiled'
import {
  annotationKeywords,
  contractCompilerOptions,
  contractSchemas,
  storeCompilerOptions,
  storeSchemas,
} from '../../../src/main/core/precompiled/catalogue'
import { checkAgainst } from '../../../src/main/core/schema-check'
import { limits, requestSchemas, storedAccountSchema } from '../../../src/shared/schemas'
import type { JsonSchema } from '../../../src/shared/json-schema'

function runtimeCompiler(options: object): Ajv {
  const ajv = new Ajv(options)
  for (const keyword of annotationKeywords) ajv.addKeyword({ ...keyword })
  return ajv
}

describe('the validators compiled ahead of time', () => {
  it('are current: generating them again gives the files as they are', () => {
    const sources = validatorSources()
    for (const [which, path] of Object.entries(generatedFiles)) {
      const stale = `${path} is out of date with the schemas: run npm run generate:validators`
      expect(readFileSync(path, 'utf8'), stale).toBe(sources[which as keyof typeof sources])
    }
  })

  it('cover every request of the contract', () => {
    for (const schema of Object.values(requestSchemas)) {
      expect(() => contractValidator(schema)).not.toThrow()
    }
    expect(() => storeValidator(storedAccountSchema)).not.toThrow()
  })

  it('name the fix for a schema left out of the catalogue', () => {
    const missing: JsonSchema = { title: 'A new record', type: 'object' }
    expect(() => contractValidator(missing)).toThrow(
      /A new record is not among the contract's validators .* add it to src\/main\/core\/precompiled\/catalogue\.ts and run npm run generate:validators/,
    )
    expect(() => storeValidator(missing)).toThrow(/account list's validators/)
    // And a caller gets that error, not a pass.
    expect(() => checkAgainst(missing, {})).toThrow(/not among the contract's validators/)
  })

  it("answer as Ajv's run-time compilation does, errors and all", () => {
    const samples: unknown[] = [
      null,
      'text',
      {},
      { accountId: 'acc-1', label: 'Work' },
      // Lengths in code points: 100 emoji fit a label, 101 do not.
      { accountId: 'acc-1', label: '😀'.repeat(limits.name) },
      { accountId: 'acc-1', label: '😀'.repeat(limits.name + 1) },
      { accountId: 'acc-1', label: '' },
      { accountId: 'acc-1', label: 'Work', extra: true },
      { accountId: 7, label: ['x'] },
    ]
    const pairs = [
      {
        schemas: contractSchemas,
        options: contractCompilerOptions,
        precompiled: contractValidator,
      },
      { schemas: storeSchemas, options: storeCompilerOptions, precompiled: storeValidator },
    ]
    let refusals = 0
    for (const { schemas, options, precompiled } of pairs) {
      const runtime = runtimeCompiler(options)
      for (const schema of schemas) {
        const compiled = runtime.compile(schema)
        const ahead = precompiled(schema)
        for (const sample of samples) {
          expect(ahead(sample)).toBe(compiled(sample))
          expect(ahead.errors ?? null).toEqual(compiled.errors ?? null)
          if (ahead.errors) refusals += 1
        }
      }
    }
    expect(refusals).toBeGreaterThan(50)
    const rename = contractValidator(requestSchemas.renameAccount)
    expect(rename({ accountId: 'acc-1', label: '😀'.repeat(limits.name) })).toBe(true)
    expect(rename({ accountId: 'acc-1', label: '😀'.repeat(limits.name + 1) })).toBe(false)
  })
})
