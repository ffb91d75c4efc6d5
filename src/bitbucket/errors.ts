// One error type for everything that goes wrong talking to Bitbucket, with
// Bitbucket's own words and a hint saying what the person can do about it.
import type { ErrorCode } from '../shared/error-codes';
import type { OperationSpec } from './operations';

export type BitbucketErrorCode = Extract<
  ErrorCode,
  'invalid-input' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'bitbucket-unavailable' | 'internal'
>;

export interface BitbucketErrorDetails {
  code: BitbucketErrorCode;
  /** HTTP status; null when no answer arrived (network failure). */
  status: number | null;
  /** Plain words completing "Could not …", e.g. "read the repository". */
  operation: string;
  /** Bitbucket's `error.message`, when it sent one. */
  bitbucketMessage: string | null;
  /** Bitbucket's `error.detail`, flattened to text. */
  bitbucketDetail: string | null;
  /** What the person can do. */
  hint: string;
  /** For rate-limited: how long to wait, when known. */
  retryAfterSeconds?: number;
}

export class BitbucketError extends Error {
  override readonly name = 'BitbucketError';
  readonly code: BitbucketErrorCode;
  readonly status: number | null;
  readonly operation: string;
  readonly bitbucketMessage: string | null;
  readonly bitbucketDetail: string | null;
  readonly hint: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(details: BitbucketErrorDetails, options?: { cause?: unknown }) {
    super(describe(details), options);
    this.code = details.code;
    this.status = details.status;
    this.operation = details.operation;
    this.bitbucketMessage = details.bitbucketMessage;
    this.bitbucketDetail = details.bitbucketDetail;
    this.hint = details.hint;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

function describe(d: BitbucketErrorDetails): string {
  const answer = d.status === null ? 'Bitbucket could not be reached' : `Bitbucket answered ${d.status}`;
  const said = d.bitbucketMessage ? `: "${d.bitbucketMessage}"` : '';
  return `Could not ${d.operation}. ${answer}${said}. ${d.hint}`;
}

/** Reads `{"type":"error","error":{"message","detail"}}`; tolerates any other body. */
export function parseErrorBody(text: string): { message: string | null; detail: string | null } {
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: { message?: unknown; detail?: unknown } } | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : null;
    const detail =
      error?.detail === undefined || error.detail === null
        ? null
        : typeof error.detail === 'string'
          ? error.detail
          : JSON.stringify(error.detail);
    return { message, detail };
  } catch {
    return { message: null, detail: null };
  }
}

export function codeForStatus(status: number): BitbucketErrorCode {
  if (status === 400 || status === 422) return 'invalid-input';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'bitbucket-unavailable';
  return 'internal';
}

const PERMISSION_WORDS = {
  read: 'read access to the repository',
  write: 'write access to the repository',
  admin: 'repository admin permission',
  'workspace-admin': 'workspace admin permission',
} as const;

function waitWords(seconds: number | undefined): string {
  return seconds === undefined ? 'in a few minutes' : `in ${seconds} s`;
}

export function hintFor(
  code: BitbucketErrorCode,
  operation: Pick<OperationSpec, 'scopes' | 'permission'>,
  retryAfterSeconds?: number,
): string {
  switch (code) {
    case 'forbidden': {
      const scopes = operation.scopes.join(' and ');
      const noun = operation.scopes.length > 1 ? 'scopes' : 'scope';
      return `This needs ${PERMISSION_WORDS[operation.permission]} and the app ${noun} ${scopes}. Ask a repository admin to grant access, or to allow the app's access again.`;
    }
    case 'not-found':
      return 'The repository, branch or file does not exist, or the app cannot see it. Check that it still exists and reload the page.';
    case 'conflict':
      return 'Someone changed the branch (or the item already exists) since it was read. Reload the page and try again.';
    case 'rate-limited':
      return `Bitbucket's rate limit was reached. Try again ${waitWords(retryAfterSeconds)}.`;
    case 'bitbucket-unavailable':
      return 'Bitbucket is unavailable right now. Try again in a minute; https://bitbucket.status.atlassian.com shows outages.';
    case 'invalid-input':
      return 'Bitbucket rejected the request as invalid; its message above says which part.';
    case 'internal':
      return 'This is unexpected; please report it with the message above.';
  }
}

const UNAUTHENTICATED_HINT =
  'Bitbucket did not accept the credentials. Reload the page; if it asks you to allow access, allow it, or check the access token.';

/** The BitbucketError for a non-2xx answer. */
export function errorFromResponse(
  operation: Pick<OperationSpec, 'action' | 'scopes' | 'permission'>,
  status: number,
  bodyText: string,
  retryAfterSeconds?: number,
): BitbucketError {
  const code = codeForStatus(status);
  const { message, detail } = parseErrorBody(bodyText);
  return new BitbucketError({
    code,
    status,
    operation: operation.action,
    bitbucketMessage: message,
    bitbucketDetail: detail,
    // 401 is "who are you?", not "you may not": no scope would help.
    hint: status === 401 ? UNAUTHENTICATED_HINT : hintFor(code, operation, retryAfterSeconds),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** The BitbucketError for a request that never got an answer. */
export function networkError(operation: Pick<OperationSpec, 'action'>, cause: unknown): BitbucketError {
  return new BitbucketError(
    {
      code: 'bitbucket-unavailable',
      status: null,
      operation: operation.action,
      bitbucketMessage: null,
      bitbucketDetail: null,
      hint: 'The connection to Bitbucket failed. Try again in a minute; https://bitbucket.status.atlassian.com shows outages.',
    },
    { cause },
  );
}

/** The client's overall time (totalBudgetMs) ran out before this call could start. */
export function outOfTimeError(operation: Pick<OperationSpec, 'action'>): BitbucketError {
  return new BitbucketError({
    code: 'bitbucket-unavailable',
    status: null,
    operation: operation.action,
    bitbucketMessage: null,
    bitbucketDetail: null,
    hint: 'Bitbucket answered too slowly to finish in time. Try again in a minute.',
  });
}

/** Bitbucket answered 2xx with a body we cannot read. */
export function unexpectedResponseError(
  operation: Pick<OperationSpec, 'action'>,
  status: number,
  problem: string,
): BitbucketError {
  return new BitbucketError({
    code: 'bitbucket-unavailable',
    status,
    operation: operation.action,
    bitbucketMessage: null,
    bitbucketDetail: problem,
    hint: `Bitbucket's answer was not in the expected form (${problem}). Try again later; if it persists, please report it.`,
  });
}
