// Sends the handler's requestBitbucket calls to a Bitbucket API: the local
// simulator, or api.bitbucket.org with a repository access token.
//
// A failure to get a whole answer (refused, reset or dropped connection) is
// raised as @forge/api's FetchError (name FUNCTION_FETCH_ERR), which is what the
// Forge runtime's __forge_fetch__ raises, not as undici's "TypeError: fetch
// failed": the app's recovery (look for what a lost answer did) must run here
// as it does on Forge.
import { FetchError } from '@forge/api';
import type { BitbucketPrincipal } from './forge-fetch';

export interface BitbucketForwarderOptions {
  /** e.g. "http://127.0.0.1:4100" or "https://api.bitbucket.org" (no trailing slash). */
  baseUrl: string;
  /** Bearer token (a repository access token) for the real Bitbucket; none for the simulator. */
  token?: string;
  fetchImpl?: typeof fetch;
  /** Called once per request, when it starts and when its answer arrives (for request counting). */
  onRequest?: (record: ForwardedRequest) => void;
}

export interface ForwardedRequest {
  method: string;
  path: string;
  principal: BitbucketPrincipal;
  status: number;
  startedAt: number;
  endedAt: number;
}

export type BitbucketForwarder = (
  path: string,
  init: RequestInit | undefined,
  principal: BitbucketPrincipal,
) => Promise<Response>;

function withAuthorization(init: RequestInit | undefined, token: string | undefined): RequestInit {
  const headers = new Headers(init?.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers };
}

export function createBitbucketForwarder(options: BitbucketForwarderOptions): BitbucketForwarder {
  const fetchImpl = options.fetchImpl ?? fetch;
  return async (path, init, principal) => {
    if (!path.startsWith('/')) {
      throw new Error(`Bitbucket path must start with "/", got ${JSON.stringify(path)}.`);
    }
    const startedAt = performance.now();
    // A plain api.requestBitbucket() (no asApp/asUser) is unauthenticated on Forge too.
    const token = principal === 'none' ? undefined : options.token;
    let response: Response;
    let body: ArrayBuffer;
    try {
      const answer = await fetchImpl(`${options.baseUrl}${path}`, withAuthorization(init, token));
      // Read the body here: a connection lost half-way through it is a failed fetch too.
      body = await answer.arrayBuffer();
      response = new Response(NULL_BODY_STATUSES.has(answer.status) ? null : body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      });
    } catch (error) {
      throw asForgeFetchError(error);
    }
    options.onRequest?.({
      method: (init?.method ?? 'GET').toUpperCase(),
      path,
      principal,
      status: response.status,
      startedAt,
      endedAt: performance.now(),
    });
    return response;
  };
}

/** Statuses whose Response must have no body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** undici's "fetch failed" (with its cause) as the FetchError Forge raises; an abort stays an abort. */
export function asForgeFetchError(error: unknown): unknown {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? `${error.message}${cause}` : String(error);
  return new FetchError(message);
}
