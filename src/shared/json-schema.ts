/**
 * JSON Schema as plain data, and the TypeScript type a schema describes.
 *
 * The contract's records are declared once, as schemas `as const` (see `schemas.ts`): main
 * compiles them with Ajv to check what arrives over IPC, what a config file holds and what the
 * store reads back, and the types below are read off the same objects by the compiler. This file
 * is types only, so src/shared keeps no runtime dependency: a library such as json-schema-to-ts
 * would be one more package every side loads the types of, for the few keywords used here.
 */
import type { InvalidArgumentReason } from './errors'

/** The subset of draft-07 the contract uses, plus one annotation of its own. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null'
  readonly title?: string
  readonly description?: string
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | JsonSchema
  readonly items?: JsonSchema
  readonly anyOf?: readonly JsonSchema[]
  readonly enum?: readonly string[]
  readonly minimum?: number
  readonly maximum?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly maxItems?: number
  readonly pattern?: string
  /**
   * A value a person typed and got wrong (a name too long, a lifetime out of range) is refused
   * with this reason, which the window words in the person's language. Without it, a refusal is
   * a plain sentence: only a bug sends such a value.
   */
  readonly 'x-reason'?: InvalidArgumentReason
  /** Text a person typed: too long, it is refused as `text-too-long` naming the field. */
  readonly 'x-typed'?: true
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

type ObjectType<P, R> = Simplify<
  { -readonly [K in keyof P as K extends R ? K : never]: SchemaType<P[K]> } & {
    -readonly [K in keyof P as K extends R ? never : K]?: SchemaType<P[K]>
  }
>

/**
 * The type of the values a schema accepts, for the keywords `JsonSchema` lists. An object schema
 * is read as closed (the contract's all say `additionalProperties: false`); a keyword that only
 * narrows a value (a length, a range, a pattern) does not change its type.
 */
export type SchemaType<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly anyOf: readonly (infer A)[] }
    ? SchemaType<A>
    : S extends { readonly type: 'string' }
      ? string
      : S extends { readonly type: 'integer' | 'number' }
        ? number
        : S extends { readonly type: 'boolean' }
          ? boolean
          : S extends { readonly type: 'null' }
            ? null
            : S extends { readonly type: 'array'; readonly items: infer I }
              ? SchemaType<I>[]
              : S extends { readonly type: 'object'; readonly properties: infer P }
                ? ObjectType<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
                : unknown
