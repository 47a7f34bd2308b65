import { InvalidArgumentError } from '../errors'

/**
 * Small guards for IPC arguments, which arrive as `unknown` from a renderer that main does not
 * trust. Each throws an InvalidArgumentError that names the field, never its value.
 */
export function expectNothing(raw: unknown): void {
  if (raw !== undefined && raw !== null) {
    throw new InvalidArgumentError('This operation takes no argument.')
  }
}

export function expectObject(raw: unknown, what = 'The argument'): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidArgumentError(`${what} must be an object.`)
  }
  return raw as Record<string, unknown>
}

export function expectString(
  record: Record<string, unknown>,
  field: string,
  options: { maxLength?: number; minLength?: number; optional?: boolean } = {},
): string | undefined {
  const value = record[field]
  if (value === undefined && options.optional) return undefined
  if (typeof value !== 'string') {
    throw new InvalidArgumentError(`The field "${field}" must be text.`)
  }
  if (value.length < (options.minLength ?? 0)) {
    throw new InvalidArgumentError(`The field "${field}" is too short.`)
  }
  if (value.length > (options.maxLength ?? 10_000)) {
    throw new InvalidArgumentError(`The field "${field}" is too long.`)
  }
  return value
}

export function expectRequiredString(
  record: Record<string, unknown>,
  field: string,
  options: { maxLength?: number; minLength?: number } = {},
): string {
  return expectString(record, field, options) as string
}

export function expectOneOf<T extends string>(
  record: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T {
  const value = record[field]
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`The field "${field}" must be one of: ${allowed.join(', ')}.`)
  }
  return value as T
}
