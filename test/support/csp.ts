/** The sources of one directive of a Content-Security-Policy; undefined when it is not there. */
export function cspDirective(policy: string, name: string): string[] | undefined {
  for (const part of policy.split(';')) {
    const [directive, ...sources] = part.trim().split(/\s+/)
    if (directive?.toLowerCase() === name) return sources
  }
  return undefined
}

/** Sources that would let a page load from anywhere (any https host, any host at all). */
export function wideSources(sources: readonly string[]): string[] {
  return sources.filter((source) => /^(?:https?:|\*|https?:\/\/\*)$/i.test(source))
}
