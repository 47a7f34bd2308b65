/**
 * Every JSON schema main checks a value against, and the two ways they are compiled, in a fixed
 * order. scripts/generate-validators.ts compiles them ahead of time, in this order, into
 * contract-validators.ts and store-validators.ts; index.ts pairs each schema with its validator.
 * Compiling them at run time took a command-line start about 40 ms (Ajv's code generator runs
 * cold in every new process), and each start of the app as much.
 *
 * No code of Ajv's here: this module is read by the generator and at run time alike.
 */
import type { Options } from 'ajv'
import type { JsonSchema } from '../../../shared/json-schema'
import {
  accountPatchSchema,
  noArgument,
  profileFieldsSchema,
  requestSchemas,
  settingsSchema,
  storedAccountSchema,
  storedProfileSchema,
} from '../../../shared/schemas'
import { topLevelSchema } from '../vault/metadata/top-level-schema'

/** The contract's annotations (see schema-check.ts): they word refusals and check nothing. */
export const annotationKeywords = [
  { keyword: 'x-reason', schemaType: 'string' },
  { keyword: 'x-typed', schemaType: 'boolean' },
] as const

/**
 * The contract's compiler: what IPC, a config file and the store's profiles and settings are
 * checked with. Lengths count characters (code points, Ajv's way), so an emoji is one.
 * `allErrors` lets the first problem be picked in the order of the fields rather than in Ajv's
 * order of keywords; `verbose` gives each error its schema, whose annotations say how to word it.
 * The schemas are not checked against the meta-schema (test/shared/schemas.test.ts does that).
 */
export const contractCompilerOptions = {
  strict: true,
  allErrors: true,
  verbose: true,
  validateSchema: false,
} as const satisfies Options

/**
 * The account list's compiler, for the records whose refusal is a plain sentence (the document,
 * accounts, refresh patches): it stops at the first error and keeps no schema in the errors.
 */
export const storeCompilerOptions = {
  strict: true,
  allErrors: false,
  validateSchema: false,
} as const satisfies Options

/** Each schema once, in the order of first mention. */
function distinct(schemas: readonly JsonSchema[]): readonly JsonSchema[] {
  return [...new Set(schemas)]
}

export const contractSchemas: readonly JsonSchema[] = distinct([
  ...Object.values(requestSchemas),
  noArgument,
  settingsSchema,
  storedProfileSchema,
  profileFieldsSchema,
])

export const storeSchemas: readonly JsonSchema[] = distinct([
  topLevelSchema,
  storedAccountSchema,
  accountPatchSchema,
])
