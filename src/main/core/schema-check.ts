/**
 * The contract's schemas (src/shared/schemas.ts), compiled with Ajv ahead of time (see
 * precompiled/catalogue.ts): one check for what arrives over IPC, what a config file holds and
 * what the store keeps, refusing the same value with the same InvalidArgumentError wherever it
 * comes from.
 */
import type { ErrorObject } from 'ajv'
import type { JsonSchema, SchemaType } from '../../shared/json-schema'
import { InvalidArgumentError, quoteInput } from './errors'
import { contractValidator } from './precompiled'

/** The value, checked: returns it as its schema's type or throws the refusal. */
export function checkAgainst<const S extends JsonSchema>(schema: S, value: unknown): SchemaType<S> {
  const validate = contractValidator(schema)
  if (!validate(value)) throw refusalOf(schema, validate.errors ?? [])
  return value as SchemaType<S>
}

/**
 * Text cut to at most `max` characters, as the schemas count them (code points), never through
 * the middle of one: for a name made up by main, or one kept from before the limits were one.
 */
export function cutToLength(text: string, max: number): string {
  const characters = Array.from(text)
  return characters.length <= max ? text : characters.slice(0, max).join('')
}

/** The position of each step of a path among its object's properties: orders the errors. */
function orderKey(schema: JsonSchema, path: string[]): number[] {
  const key: number[] = []
  let current: JsonSchema | undefined = schema
  for (const step of path) {
    const names: string[] = Object.keys(current?.properties ?? {})
    key.push(names.indexOf(step))
    current = current?.properties?.[step]
  }
  return key
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0)
  }
  return a.length - b.length
}

function pathOf(error: ErrorObject): string[] {
  return error.instancePath === ''
    ? []
    : error.instancePath
        .slice(1)
        .split('/')
        .map((step) => step.replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** The error reported: an unknown field first, then the fields in the schema's order. */
function firstError(schema: JsonSchema, errors: ErrorObject[]): ErrorObject | undefined {
  const ranked = errors
    .filter((error) => error.keyword !== 'anyOf')
    .map((error, index) => {
      const path = pathOf(error)
      if (error.keyword === 'required') path.push(String(error.params.missingProperty))
      // The object itself (its type, then an unknown field) comes before any of its fields.
      const key = orderKey(schema, path)
      if (error.keyword === 'additionalProperties') key.push(-1)
      if (error.keyword === 'type' && error.instancePath === '') key.push(-2)
      // Under anyOf, a branch of another type says less than one of the value's type.
      const otherBranch = error.schemaPath.includes('/anyOf/') && error.keyword === 'type'
      return { error, key, rank: otherBranch ? 1 : 0, index }
    })
  ranked.sort((a, b) => compareKeys(a.key, b.key) || a.rank - b.rank || a.index - b.index)
  return ranked[0]?.error
}

/**
 * The refusal of an invalid value, as a sentence that names the field and never quotes its value
 * (an unknown field's name is quoted, shortened). A field with an `x-reason` or typed by a person
 * (`x-typed`) is refused with a reason the window words; any other only a bug can send.
 */
export function refusalOf(schema: JsonSchema, errors: ErrorObject[]): InvalidArgumentError {
  const error = firstError(schema, errors)
  if (!error) return new InvalidArgumentError(`${schema.title ?? 'The argument'} is invalid.`)
  const path = pathOf(error)
  const parent = (error.parentSchema ?? {}) as JsonSchema
  const field = path.at(-1) ?? ''
  switch (error.keyword) {
    case 'additionalProperties':
      return new InvalidArgumentError(
        `${parent.title ?? 'The argument'} has an unknown field "${quoteInput(String(error.params.additionalProperty))}".`,
      )
    case 'required':
      return new InvalidArgumentError(
        `The field "${String(error.params.missingProperty)}" is missing.`,
      )
    case 'type':
      return typeRefusal(parent, field, error.data)
    case 'enum':
      return new InvalidArgumentError(
        `The field "${field}" must be one of: ${(parent.enum ?? []).join(', ')}.`,
      )
    case 'minimum':
    case 'maximum':
      return rangeRefusal(parent, field)
    case 'minLength':
    case 'maxLength':
      return lengthRefusal(parent, field, error.keyword)
    case 'pattern':
      return new InvalidArgumentError(`The field "${field}" has characters it cannot have.`)
    default:
      return new InvalidArgumentError(`The field "${field}" is invalid.`)
  }
}

function typeRefusal(schema: JsonSchema, field: string, data: unknown): InvalidArgumentError {
  switch (schema.type) {
    case 'object':
      return new InvalidArgumentError(
        `${schema.title ?? (field === '' ? 'The argument' : `The field "${field}"`)} must be an object.`,
      )
    case 'null':
      return new InvalidArgumentError('This operation takes no argument.')
    case 'boolean':
      return new InvalidArgumentError(`The field "${field}" must be true or false.`)
    case 'integer':
    case 'number':
      // A number with a fraction was typed (1.5); anything else is not a number at all.
      if (typeof data === 'number' && Number.isFinite(data)) return rangeRefusal(schema, field)
      return new InvalidArgumentError(
        `The field "${field}" must be a whole number from ${schema.minimum} to ${schema.maximum}.`,
      )
    default:
      return new InvalidArgumentError(`The field "${field}" must be text.`)
  }
}

function rangeRefusal(schema: JsonSchema, field: string): InvalidArgumentError {
  const min = schema.minimum ?? Number.NEGATIVE_INFINITY
  const max = schema.maximum ?? Number.POSITIVE_INFINITY
  const sentence = `The field "${field}" must be a whole number from ${min} to ${max}.`
  const reason = schema['x-reason']
  return reason === undefined
    ? new InvalidArgumentError(sentence)
    : new InvalidArgumentError(sentence, { reason, params: { min, max } })
}

function lengthRefusal(
  schema: JsonSchema,
  field: string,
  keyword: 'minLength' | 'maxLength',
): InvalidArgumentError {
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY
  const reason = schema['x-reason']
  const sentence = `The field "${field}" must have ${min} to ${max} characters.`
  if (reason !== undefined)
    return new InvalidArgumentError(sentence, { reason, params: { min, max } })
  if (schema['x-typed'] !== true) {
    return new InvalidArgumentError(
      `The field "${field}" is too ${keyword === 'minLength' ? 'short' : 'long'}.`,
    )
  }
  if (keyword === 'maxLength') {
    return new InvalidArgumentError(sentence, {
      reason: 'text-too-long',
      params: { field, max },
    })
  }
  // Too short without a reason of its own: the window checks for that first, so it is a bug.
  return new InvalidArgumentError(sentence)
}
