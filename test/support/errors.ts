import { expect } from 'vitest'
import { AppError } from '../../src/main/core/errors'

/** Awaits a promise that must fail with an AppError, and returns the error for more checks. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return error as AppError
  }
  throw new Error('expected a rejection')
}
