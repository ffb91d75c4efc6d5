// Transport over plain `fetch`: a real repository reached with an access token
// (https://api.bitbucket.org) or the local simulator (http://127.0.0.1:<port>).
import {
  TransportNetworkError,
  encodedPath,
  encodedQuery,
  type BitbucketRequest,
  type BitbucketResponse,
  type BitbucketTransport,
} from './transport';

export const BITBUCKET_API_BASE_URL = 'https://api.bitbucket.org';

export interface FetchTransportOptions {
  /** Scheme and host (and port), no path: "https://api.bitbucket.org" or "http://127.0.0.1:4010". */
  baseUrl?: string;
  /** Repository/workspace access token, sent as `Authorization: Bearer`. */
  token?: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

export function createFetchTransport(options: FetchTransportOptions = {}): BitbucketTransport {
  const base = checkedBaseUrl(options.baseUrl ?? BITBUCKET_API_BASE_URL);
  const doFetch = options.fetch ?? globalThis.fetch;
  return async (request: BitbucketRequest, { signal } = {}): Promise<BitbucketResponse> => {
    const headers: Record<string, string> = { ...request.headers };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    const url = `${base}${encodedPath(request)}${encodedQuery(request)}`;
    try {
      const response = await doFetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(signal ? { signal } : {}),
        ...(request.redirect ? { redirect: request.redirect } : {}),
      });
      // Read the whole body here: a connection dropped mid-body is a network error too.
      const body = await readBody(response, request.maxBodyBytes);
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      const why = signal?.aborted ? 'no answer in time' : describe(error);
      throw new TransportNetworkError(`The request to ${base} failed: ${why}`, {
        cause: error,
      });
    }
  };
}

/** The body, or its last `maxBytes` bytes: never more than that is held, however long the answer. */
async function readBody(response: Response, maxBytes: number | undefined): Promise<Uint8Array> {
  if (maxBytes === undefined || response.body === null) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  let kept: Uint8Array[] = [];
  let keptBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    kept.push(value);
    keptBytes += value.byteLength;
    // Drop whole chunks from the front while the rest still covers maxBytes.
    while (kept.length > 1 && keptBytes - (kept[0] as Uint8Array).byteLength >= maxBytes) {
      keptBytes -= (kept.shift() as Uint8Array).byteLength;
    }
  }
  const joined = new Uint8Array(keptBytes);
  let at = 0;
  for (const chunk of kept) {
    joined.set(chunk, at);
    at += chunk.byteLength;
  }
  kept = [];
  return joined.byteLength > maxBytes ? joined.slice(joined.byteLength - maxBytes) : joined;
}

/** Only an origin is accepted, so every request path is the one the client built. */
function checkedBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`The Bitbucket base URL "${baseUrl}" is not a URL; give e.g. https://api.bitbucket.org.`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(
      `The Bitbucket base URL "${baseUrl}" must be just http(s)://host[:port], e.g. https://api.bitbucket.org.`,
    );
  }
  return url.origin;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
