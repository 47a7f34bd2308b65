export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export type LogFields = Record<string, string | number | boolean | undefined>

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void
}

/** Keys whose values are secrets: a logger must never print them, whatever the caller passes. */
const secretKeyPattern =
  /token|secret|password|private|verifier|authorization|jwt|pem|cookie|^code$|device_?code|auth_?code|^key$|api_?key/i

/**
 * Replaces the value of every secret-looking field with a placeholder. Callers should not pass
 * secrets at all; this is the second line of defence.
 */
export function redactFields(fields: LogFields): LogFields {
  const safe: LogFields = {}
  for (const [key, value] of Object.entries(fields)) {
    safe[key] = secretKeyPattern.test(key) && value !== undefined ? '[redacted]' : value
  }
  return safe
}

export function createConsoleLogger(minimum: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error']
  const threshold = order.indexOf(minimum)
  return {
    log(level, message, fields) {
      if (order.indexOf(level) < threshold) return
      const line = fields ? `${message} ${JSON.stringify(redactFields(fields))}` : message
      const write = level === 'error' || level === 'warn' ? console.error : console.log
      write(`[${level}] ${line}`)
    },
  }
}

export const silentLogger: Logger = { log() {} }
