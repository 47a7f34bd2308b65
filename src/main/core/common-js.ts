/**
 * What a CommonJS package exports, however `import()` reached it. Node hands its module.exports
 * over as `default` (and most of it by name too); the command line's bundle, split into chunks
 * (scripts/build-cli.mjs), hands it over as `default` only. Reading `default` first works for
 * both; neither package read this way (undici, @napi-rs/keyring) exports a `default` of its own.
 */
export function commonJsExports<T extends object>(imported: T): T {
  return (imported as { default?: T }).default ?? imported
}
