// Test doubles for the Bitbucket client: a scripted transport that answers
// from a queue and records every request, and a clock that never sleeps.
import type { Clock } from '../../src/bitbucket/retry';
import {
  encodedPath,
  encodedQuery,
  type BitbucketRequest,
  type BitbucketResponse,
  type BitbucketTransport,
} from '../../src/bitbucket/transport';

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as UTF-8; bytes as they are. */
  body?: unknown;
}

export type Step = ScriptedAnswer | { throws: Error };

export interface ScriptedTransport {
  transport: BitbucketTransport;
  requests: BitbucketRequest[];
  /** "GET /2.0/…?…" of each request, in order. */
  lines(): string[];
  remaining(): number;
}

export function response(answer: ScriptedAnswer): BitbucketResponse {
  const headers = new Headers(answer.headers ?? {});
  const { body } = answer;
  const bytes =
    body === undefined
      ? new Uint8Array()
      : body instanceof Uint8Array
        ? body
        : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return { status: answer.status, headers, body: bytes };
}

/** Answers each request with the next step; a request beyond the script fails the test. */
export function scriptedTransport(steps: Step[]): ScriptedTransport {
  const queue = [...steps];
  const requests: BitbucketRequest[] = [];
  const transport: BitbucketTransport = async (request) => {
    requests.push(request);
    const step = queue.shift();
    if (step === undefined) {
      throw new Error(`Unexpected request beyond the script: ${requestLine(request)}`);
    }
    if ('throws' in step) throw step.throws;
    return response(step);
  };
  return {
    transport,
    requests,
    lines: () => requests.map(requestLine),
    remaining: () => queue.length,
  };
}

/** Answers every request by a function of the request, recording them. */
export function recordingTransport(answer: (request: BitbucketRequest) => ScriptedAnswer): {
  transport: BitbucketTransport;
  requests: BitbucketRequest[];
} {
  const requests: BitbucketRequest[] = [];
  return {
    requests,
    transport: async (request) => {
      requests.push(request);
      return response(answer(request));
    },
  };
}

export function requestLine(request: BitbucketRequest): string {
  return `${request.method} ${encodedPath(request)}${encodedQuery(request)}`;
}

export interface FakeClock extends Clock {
  sleeps: number[];
  /** Moves time forward without recording a sleep (time spent waiting for an answer). */
  advance(ms: number): void;
}

/** Starts at a fixed instant; sleep only moves time forward and records the wait. */
export function fakeClock(startMs = Date.parse('2026-11-25T12:00:00Z')): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

export const REPO = {
  workspaceUuid: '{11111111-2222-3333-4444-555555555555}',
  repositoryUuid: '{66666666-7777-8888-9999-000000000000}',
};

export const REPO_PATH = '/2.0/repositories/%7B11111111-2222-3333-4444-555555555555%7D/%7B66666666-7777-8888-9999-000000000000%7D';

export const HASH_A = 'a'.repeat(40);
export const HASH_B = 'b'.repeat(40);
