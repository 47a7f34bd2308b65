import { InvalidArgumentError, quoteInput } from '../errors'

/**
 * Small guards for IPC arguments, which arrive as `unknown` from a renderer that main does not
 * trust. Each throws an InvalidArgumentError that names the field, never its value.
 */
export function expectNothing(raw: unknown): void {
  if (raw !== undefined && raw !== null) {
    throw new InvalidArgumentError('This operation takes no argument.')
  }
}

/**
 * An object with no fields but the ones named: a renderer cannot slip extra data past a handler
 * that spreads its request.
 */
export function expectObject(
  raw: unknown,
  allowed: readonly string[],
  what = 'The argument',
): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidArgumentError(`${what} must be an object.`)
  }
  if (Object.getPrototypeOf(raw) !== Object.prototype && Object.getPrototypeOf(raw) !== null) {
    throw new InvalidArgumentError(`${what} must be plain data.`)
  }
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key))
      throw new InvalidArgumentError(`${what} has an unknown field "${quoteInput(key)}".`)
  }
  return raw as Record<string, unknown>
}

interface TextRules {
  maxLength?: number
  minLength?: number
  pattern?: RegExp
}

export function optionalText(
  record: Record<string, unknown>,
  field: string,
  rules: TextRules = {},
): string | undefined {
  const value = record[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string')
    throw new InvalidArgumentError(`The field "${field}" must be text.`)
  if (value.length < (rules.minLength ?? 0)) {
    throw new InvalidArgumentError(`The field "${field}" is too short.`)
  }
  if (value.length > (rules.maxLength ?? 10_000)) {
    throw new InvalidArgumentError(`The field "${field}" is too long.`)
  }
  if (rules.pattern && !rules.pattern.test(value)) {
    throw new InvalidArgumentError(`The field "${field}" has characters it cannot have.`)
  }
  return value
}

export function requiredText(
  record: Record<string, unknown>,
  field: string,
  rules: TextRules = {},
): string {
  const value = optionalText(record, field, rules)
  if (value === undefined) throw new InvalidArgumentError(`The field "${field}" is missing.`)
  return value
}

export function optionalOneOf<T extends string>(
  record: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = record[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`The field "${field}" must be one of: ${allowed.join(', ')}.`)
  }
  return value as T
}

export function requiredOneOf<T extends string>(
  record: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T {
  const value = optionalOneOf(record, field, allowed)
  if (value === undefined) throw new InvalidArgumentError(`The field "${field}" is missing.`)
  return value
}

export function optionalInteger(
  record: Record<string, unknown>,
  field: string,
  range: { min: number; max: number },
): number | undefined {
  const value = record[field]
  if (value === undefined) return undefined
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    throw new InvalidArgumentError(
      `The field "${field}" must be a whole number from ${range.min} to ${range.max}.`,
    )
  }
  return value
}

export function optionalBoolean(
  record: Record<string, unknown>,
  field: string,
): boolean | undefined {
  const value = record[field]
  if (value === undefined) return undefined
  if (typeof value !== 'boolean')
    throw new InvalidArgumentError(`The field "${field}" must be true or false.`)
  return value
}
