// Shared set-up for the integration tests: the simulator on a loopback port,
// the real client over the real fetch transport, a fake clock so retries never
// sleep, and a transport wrapper that measures sequential round trips.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createBitbucketClient,
  createFetchTransport,
  type BitbucketClient,
  type BitbucketRequest,
  type BitbucketTransport,
  type Clock,
} from '../../src/bitbucket';
import type { RepoIds } from '../../src/usecases/types';
import { startSimulator, type SimRepository, type Simulator, type SimulatorState } from '../../preview/simulator';

export const CORPUS_DIR = path.resolve(process.cwd(), '../shared/corpus');

export function corpusFile(name: string): string {
  return readFileSync(path.join(CORPUS_DIR, name), 'utf8');
}

/** Virtual time: sleeping advances it instantly, and the total is observable. */
export class FakeClock implements Clock {
  time = 1_000_000;
  slept: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.time += ms;
  }
}

interface Span {
  method: string;
  path: string;
  start: number;
  end: number;
}

/**
 * Records when each request starts and ends (as positions in one event
 * sequence) to compute the critical path: a request is one round trip deeper
 * than the deepest request that had finished before it started.
 */
export class RoundTripMeter {
  private tick = 0;
  readonly spans: Span[] = [];

  wrap(inner: BitbucketTransport): BitbucketTransport {
    return async (request: BitbucketRequest) => {
      const span: Span = { method: request.method, path: request.pathTemplate, start: this.tick++, end: Infinity };
      this.spans.push(span);
      try {
        return await inner(request);
      } finally {
        span.end = this.tick++;
      }
    };
  }

  reset(): void {
    this.spans.length = 0;
  }

  get requests(): number {
    return this.spans.length;
  }

  sequentialRoundTrips(): number {
    const depth = new Map<Span, number>();
    const ordered = [...this.spans].sort((a, b) => a.start - b.start);
    let max = 0;
    for (const span of ordered) {
      let before = 0;
      for (const other of ordered) {
        if (other.end < span.start) before = Math.max(before, depth.get(other) ?? 0);
      }
      depth.set(span, before + 1);
      max = Math.max(max, before + 1);
    }
    return max;
  }
}

export interface Harness {
  sim: Simulator;
  state: SimulatorState;
  clock: FakeClock;
  meter: RoundTripMeter;
  /** A client acting with the given simulator token (unknown tokens act as the repository admin). */
  client(token?: string): BitbucketClient;
  /** read and write clients, both metered. */
  deps(tokens?: { read?: string; write?: string }): { read: BitbucketClient; write: BitbucketClient };
  ids(repo: SimRepository): RepoIds;
  close(): Promise<void>;
}

export async function startHarness(seed?: (state: SimulatorState) => void): Promise<Harness> {
  const sim = await startSimulator(seed ? { seed } : {});
  const clock = new FakeClock();
  const meter = new RoundTripMeter();
  const client = (token?: string) =>
    createBitbucketClient({
      transport: meter.wrap(createFetchTransport({ baseUrl: sim.url, ...(token ? { token } : {}) })),
      clock,
      random: () => 0.5,
    });
  return {
    sim,
    state: sim.state,
    clock,
    meter,
    client,
    deps: (tokens = {}) => ({ read: client(tokens.read), write: client(tokens.write) }),
    ids: (repo) => ({ workspaceUuid: repo.workspace.uuid, repositoryUuid: repo.uuid }),
    close: () => sim.close(),
  };
}

/** True when `needles` appear in `haystack` in the same order (other items may sit between). */
export function isSubsequence(needles: string[], haystack: string[]): boolean {
  let i = 0;
  for (const line of haystack) {
    if (i < needles.length && line === needles[i]) i += 1;
  }
  return i === needles.length;
}

export const CHOICES = { organization: 'acme.example' } as const;
