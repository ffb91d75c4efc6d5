// What the client hands to a transport, and what it expects back.
//
// Why the path travels as literals + values instead of one URL string: the
// Forge adapter must build a `route`, and `route` only vets *values* (it throws
// on `/`, `\`, `..`, `?`, `#`). Keeping the split lets the adapter feed each
// value through `route` as a path parameter, so Forge re-checks what our own
// encoder already guaranteed, and the adapter never parses a path back.
// Multi-segment values (a file path) are already split into one value per
// segment by the client. Query values travel raw; every transport encodes them
// the same way (encodeURIComponent, which is also what `route` does).
import type { HttpMethod } from './operations';

export interface BitbucketRequest {
  method: HttpMethod;
  /** The spec's template (relative to /2.0), for logs and the contract test. */
  pathTemplate: string;
  /**
   * Fixed text of the path, from the template only (never from input), starting
   * with "/2.0/". Always one longer than `values`: the path is
   * literals[0] + values[0] + literals[1] + … + literals[n].
   */
  literals: readonly string[];
  /** Path values, each one percent-encoded segment that passes Forge's `route` rules. */
  values: readonly string[];
  /** Query parameters, unencoded; names are constants of the client or come from a `next` link. */
  query: readonly (readonly [name: string, value: string])[];
  headers: Readonly<Record<string, string>>;
  body?: string;
  /**
   * 'manual': hand a 3xx back instead of following it (a step's log answers
   * 307 to storage on another host, which a Forge app may not reach).
   */
  redirect?: 'manual';
  /** The most body bytes to keep; a longer answer is cut to its last this many bytes. */
  maxBodyBytes?: number;
}

export interface BitbucketResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** The whole body, read by the transport so a dropped connection surfaces there. */
  body: Uint8Array;
}

/**
 * Sends one request. Throws TransportNetworkError when the connection failed
 * or `signal` aborted it (so the client may retry); any other error (e.g. Forge's
 * NeedsAuthenticationError) must be thrown unchanged.
 */
export type BitbucketTransport = (
  request: BitbucketRequest,
  options?: { signal?: AbortSignal },
) => Promise<BitbucketResponse>;

/** The request never got an HTTP answer: connection refused, reset, or dropped mid-body. */
export class TransportNetworkError extends Error {
  override readonly name = 'TransportNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The path part of the URL, already encoded: "/2.0/repositories/%7Bws%7D/…". */
export function encodedPath(request: Pick<BitbucketRequest, 'literals' | 'values'>): string {
  let path = request.literals[0] ?? '';
  request.values.forEach((value, index) => {
    path += value + (request.literals[index + 1] ?? '');
  });
  return path;
}

/** "?a=1&b=2" with names and values encodeURIComponent-ed, or "" when there is no query. */
export function encodedQuery(request: Pick<BitbucketRequest, 'query'>): string {
  if (request.query.length === 0) return '';
  const pairs = request.query.map(
    ([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
  );
  return `?${pairs.join('&')}`;
}
