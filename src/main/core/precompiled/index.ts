/**
 * The validators compiled ahead of time (see catalogue.ts), looked up by their schema object.
 */
import type { ValidateFunction } from 'ajv'
import type { JsonSchema } from '../../../shared/json-schema'
import { contractSchemas, storeSchemas } from './catalogue'
import { validators as contractValidators } from './contract-validators'
import { validators as storeValidators } from './store-validators'

type Lookup = (schema: JsonSchema) => ValidateFunction

function lookup(
  schemas: readonly JsonSchema[],
  validators: readonly ValidateFunction[],
  which: string,
): Lookup {
  let paired: Map<JsonSchema, ValidateFunction> | undefined
  return (schema) => {
    // Paired by position; with the catalogue ahead of the generated files nothing is paired, so
    // every lookup names the fix rather than handing out another schema's validator.
    paired ??= new Map(
      schemas.length === validators.length
        ? schemas.map((each, index) => [each, validators[index] as ValidateFunction])
        : [],
    )
    const validate = paired.get(schema)
    if (!validate) {
      // A programming error: the catalogue names a schema the generated files do not have yet.
      throw new Error(
        `${schema.title ?? 'A schema'} is not among the ${which} validators compiled ahead of time: add it to src/main/core/precompiled/catalogue.ts and run npm run generate:validators.`,
      )
    }
    return validate
  }
}

/** The contract's validator of `schema` (all errors, each with its schema). */
export const contractValidator: Lookup = lookup(contractSchemas, contractValidators, "contract's")

/** The account list's validator of `schema` (the first error only). */
export const storeValidator: Lookup = lookup(storeSchemas, storeValidators, "account list's")
