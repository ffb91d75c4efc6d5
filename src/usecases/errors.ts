// Turning what the Bitbucket client throws into a UseCaseError. Expected
// failures become values; Forge's NeedsAuthenticationError and genuine bugs are
// rethrown, because the resolver owns those (it shows "Allow access", or logs
// the bug and answers `internal`).
import { BitbucketError, UndecodableFileError } from '../bitbucket';
import type { UseCaseError, UseCaseResult } from './types';

// @forge/api's NeedsAuthenticationError sets `name` to this constant.
const NEEDS_AUTHENTICATION_NAME = 'NEEDS_AUTHENTICATION_ERR';

/**
 * Forge's asUser() error before the user allowed access. Recognised by name,
 * not `instanceof`: this layer never imports @forge, and @forge/kvs pins an
 * older @forge/api, so two copies of the class can exist in one bundle.
 */
export function isNeedsAuthentication(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === NEEDS_AUTHENTICATION_NAME || error.constructor.name === 'NeedsAuthenticationError';
}

/** The UseCaseError for an expected failure (Bitbucket's, or an unreadable file); null for anything else. */
export function expectedError(error: unknown): UseCaseError | null {
  if (error instanceof BitbucketError) {
    return { code: error.code, message: error.message, ...(error.status !== null ? { status: error.status } : {}) };
  }
  if (error instanceof UndecodableFileError) {
    return { code: 'invalid-pipeline', message: error.message };
  }
  return null;
}

/** The UseCaseError for an expected failure; rethrows anything else. */
export function toUseCaseError(error: unknown): UseCaseError {
  const expected = expectedError(error);
  if (expected === null) throw error;
  return expected;
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
