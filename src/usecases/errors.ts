// Turning what the Bitbucket client throws into a UseCaseError. Expected
// failures become values; Forge's NeedsAuthenticationError and genuine bugs are
// rethrown, because the resolver owns those (it shows "Allow access", or logs
// the bug and answers `internal`).
import { BitbucketError, UndecodableFileError } from '../bitbucket';
import type { UseCaseError, UseCaseResult } from './types';

/** Forge's asUser() error, recognised by name so this layer never imports @forge. */
export function isNeedsAuthentication(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'NEEDS_AUTHENTICATION_ERR' || error.name === 'NeedsAuthenticationError' || error.constructor.name === 'NeedsAuthenticationError';
}

/** The UseCaseError for an expected failure; rethrows anything else. */
export function toUseCaseError(error: unknown): UseCaseError {
  if (error instanceof BitbucketError) {
    return { code: error.code, message: error.message, ...(error.status !== null ? { status: error.status } : {}) };
  }
  if (error instanceof UndecodableFileError) {
    return { code: 'invalid-pipeline', message: error.message };
  }
  throw error;
}

/** Runs a use case body; expected failures come back as `{ ok: false }`. */
export async function guard<T>(body: () => Promise<UseCaseResult<T>>): Promise<UseCaseResult<T>> {
  try {
    return await body();
  } catch (error) {
    return { ok: false, error: toUseCaseError(error) };
  }
}

/** For optional reads: 403/404 degrade the field instead of failing the page. */
export function isDegradable(error: unknown): error is BitbucketError {
  return error instanceof BitbucketError && (error.code === 'forbidden' || error.code === 'not-found');
}
