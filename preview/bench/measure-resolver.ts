// Bitbucket traffic of the resolver functions, measured through the preview:
// the real handler, the simulator with injected latency, and every request the
// handler makes recorded with its start and end (ForwardedRequest).
import type { ForwardedRequest } from '../forge-runtime/bitbucket-forwarder';
import type { Preview } from '../preview-server';
import { sequentialRoundTrips } from './round-trips';

export interface CallMeasurement {
  requests: number;
  roundTrips: number;
  ms: number;
  /** "GET /2.0/…" lines, in start order. */
  calls: ForwardedRequest[];
  result: unknown;
}

/** One bridge `invoke`, over HTTP as the page sends it. */
export async function measureInvoke(preview: Preview, functionKey: string, payload: unknown = {}): Promise<CallMeasurement> {
  const before = preview.bitbucketRequests.length;
  const started = performance.now();
  const response = await fetch(new URL('/__preview/invoke', preview.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionKey, payload }),
  });
  const body = (await response.json()) as { result?: unknown; error?: string };
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${functionKey} failed: ${body.error ?? response.status}`);
  const outcome = body.result as { ok?: boolean; error?: { message?: string } } | null;
  if (outcome && outcome.ok === false) throw new Error(`${functionKey} answered an error: ${outcome.error?.message ?? JSON.stringify(outcome)}`);
  const calls = preview.bitbucketRequests.slice(before);
  return { requests: calls.length, roundTrips: sequentialRoundTrips(calls), ms, calls, result: body.result };
}

/** The same GETs one after another, straight to the simulator: the naive version of a load. */
export async function replaySequentially(baseUrl: string, calls: readonly ForwardedRequest[]): Promise<number> {
  const started = performance.now();
  for (const call of calls) {
    if (call.method !== 'GET') throw new Error(`Only GETs can be replayed; ${call.method} ${call.path} changes state.`);
    const response = await fetch(`${baseUrl}${call.path}`);
    await response.arrayBuffer();
  }
  return performance.now() - started;
}

/** One round trip: the cheapest request (the repository), straight to the simulator. */
export async function oneRoundTrip(baseUrl: string, repositoryPath: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${repositoryPath}`);
  await response.arrayBuffer();
  return performance.now() - started;
}
