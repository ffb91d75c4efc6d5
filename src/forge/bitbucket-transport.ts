// The Forge adapter for the Bitbucket client: the only code that hands our
// requests to `requestBitbucket`. Path values go through Forge's `route` as
// path parameters, so Forge itself re-checks that none of them contains `/`,
// `..`, `?` or `#` (the client has already percent-encoded them); query values
// go through `route` after the `?`, where it encodeURIComponent-s them.
import api, { route, type Route } from '@forge/api';
import {
  TransportNetworkError,
  type BitbucketRequest,
  type BitbucketResponse,
  type BitbucketTransport,
} from '../bitbucket/transport';

/** The shape of `api.asApp().requestBitbucket` / `api.asUser().requestBitbucket`. */
export type RequestBitbucket = (
  url: Route,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'manual' },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** The request's path and query as a Forge route, built only through `route`. */
export function forgeRoute(request: BitbucketRequest): Route {
  const strings = [...request.literals];
  const parameters: string[] = [...request.values];
  request.query.forEach(([name, value], index) => {
    const last = strings.length - 1;
    // The name is put in the template, so encode it ourselves; `route` encodes the value.
    strings[last] = `${strings[last] ?? ''}${index === 0 ? '?' : '&'}${encodeURIComponent(name)}=`;
    strings.push('');
    parameters.push(value);
  });
  const template = Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
  return route(template, ...parameters);
}

/**
 * A transport over a Forge `requestBitbucket`. NeedsAuthenticationError (asUser
 * without consent) and any other error propagate unchanged, except failures
 * to reach Bitbucket, which become TransportNetworkError so the client may retry.
 */
export function createForgeTransport(requestBitbucket: RequestBitbucket): BitbucketTransport {
  return async (request: BitbucketRequest, { signal } = {}): Promise<BitbucketResponse> => {
    const url = forgeRoute(request);
    const exchange = async (): Promise<BitbucketResponse> => {
      const response = await requestBitbucket(url, {
        method: request.method,
        headers: { ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(signal ? { signal } : {}),
        ...(request.redirect ? { redirect: request.redirect } : {}),
      });
      const whole = new Uint8Array(await response.arrayBuffer());
      // The Forge proxy hands over whole bodies; keep only the tail that was asked for.
      const max = request.maxBodyBytes;
      const body = max !== undefined && whole.byteLength > max ? whole.slice(whole.byteLength - max) : whole;
      return { status: response.status, headers: response.headers, body };
    };
    try {
      return await (signal ? Promise.race([exchange(), rejectedOnAbort(signal)]) : exchange());
    } catch (error) {
      if (signal?.aborted || isUnreachable(error)) {
        throw new TransportNetworkError(`Forge could not reach Bitbucket: ${(error as Error).message}`, {
          cause: error,
        });
      }
      throw error;
    }
  };
}

/**
 * Rejects when `signal` aborts. @forge/api's RequestInit accepts a signal, but
 * nothing promises that its proxy honours it, and the client's time budget
 * (which keeps an invocation inside Forge's 25 s) relies on an attempt ending
 * when its signal fires.
 */
function rejectedOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * A fetch failure (FetchError), or the Forge proxy failing on its side
 * (ProxyRequestError with a 5xx status). Matched by `name`, as @forge/api sets
 * it, not `instanceof`: another package may bundle its own copy of the classes.
 */
function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'FUNCTION_FETCH_ERR') return true;
  const status = (error as { status?: unknown }).status;
  return error.name === 'PROXY_ERR' && typeof status === 'number' && status >= 500;
}

/** Calls Bitbucket as the app (install-time scopes). */
export function asAppTransport(): BitbucketTransport {
  return createForgeTransport((url, init) => api.asApp().requestBitbucket(url, init));
}

/** Calls Bitbucket as the current user; throws NeedsAuthenticationError until they allow access. */
export function asUserTransport(): BitbucketTransport {
  return createForgeTransport((url, init) => api.asUser().requestBitbucket(url, init));
}
