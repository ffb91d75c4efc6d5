// Sends the handler's requestBitbucket calls to a Bitbucket API: the local
// simulator, or api.bitbucket.org with a repository access token.
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
    const response = await fetchImpl(`${options.baseUrl}${path}`, withAuthorization(init, token));
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
