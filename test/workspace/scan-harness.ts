// Runs the workspace scan against the simulator the way the Forge queue would:
// one slice per event, continuation events pushed at the end of a slice, and
// rate-limit waits skipped on a fake clock (the delay is recorded instead).
import { createBitbucketClient, createFetchTransport, type BitbucketTransport } from '../../src/bitbucket';
import { createWorkspaceStore, memoryKeyValueStore, type WorkspaceStore } from '../../src/storage/workspace-store';
import { runScanSlice, SCAN_RETRY_POLICY, startScan, type ScanDeps, type SliceOutcome } from '../../src/usecases/workspace/scan';
import type { ScanKind } from '../../src/api/workspace-contract';
import { FakeClock, RoundTripMeter } from '../integration/harness';
import { openPullRequest } from '../../src/usecases/open-pull-request';
import { saveIdentity } from '../../src/usecases/save-identity';
import { createWorkspaceResolvers } from '../../src/workspace-resolvers/create-workspace-resolvers';
import type { Simulator } from '../../preview/simulator';

export const ADMIN_ACCOUNT_ID = '557058:00000000-0000-4000-8000-00000000abcd';

export interface ScanRig {
  deps: ScanDeps;
  store: WorkspaceStore;
  kv: ReturnType<typeof memoryKeyValueStore>;
  clock: FakeClock;
  meter: RoundTripMeter;
  /** Seconds the queue was asked to wait (rate limit). */
  waits: number[];
  slices: number;
}

export function scanRig(sim: Simulator, options: { transport?: (t: BitbucketTransport) => BitbucketTransport } = {}): ScanRig {
  const clock = new FakeClock();
  clock.time = Date.parse('2026-03-01T00:00:00Z');
  const meter = new RoundTripMeter();
  const kv = memoryKeyValueStore();
  const store = createWorkspaceStore(kv);
  let id = 0;
  const base = meter.wrap(createFetchTransport({ baseUrl: sim.url }));
  const rig: ScanRig = {
    deps: {
      store,
      transport: options.transport ? options.transport(base) : base,
      makeClient: (transport) =>
        createBitbucketClient({ transport, clock, random: () => 0.5, policy: SCAN_RETRY_POLICY, maxPages: 1 }),
      clock,
      newId: () => `scan-${(id += 1)}`,
    },
    store,
    kv,
    clock,
    meter,
    waits: [],
    slices: 0,
  };
  return rig;
}

export async function startAndDrain(
  rig: ScanRig,
  workspaceUuid: string,
  kind: ScanKind,
  options: { maxSlices?: number; budgetMs?: number } = {},
): Promise<{ scanId: string; last: SliceOutcome }> {
  const started = await startScan(rig.deps, { workspaceUuid, author: ADMIN_ACCOUNT_ID, kind });
  const last = await drain(rig, started.progress.scanId, options);
  return { scanId: started.progress.scanId, last };
}

/** Runs slices until the scan stops (or maxSlices ran, to simulate an interruption). */
export async function drain(
  rig: ScanRig,
  scanId: string,
  { maxSlices = 10_000, budgetMs = 60_000 }: { maxSlices?: number; budgetMs?: number } = {},
): Promise<SliceOutcome> {
  let outcome: SliceOutcome = { next: 'continue' };
  for (let i = 0; i < maxSlices; i += 1) {
    rig.slices += 1;
    outcome = await runScanSlice(rig.deps, scanId, { budgetMs, concurrency: 6, holder: `event-${rig.slices}` });
    if (outcome.next === 'stop') return outcome;
    if (outcome.next === 'wait') {
      rig.waits.push(outcome.delaySeconds);
      rig.clock.time += outcome.delaySeconds * 1000;
    }
  }
  return outcome;
}

/**
 * The workspace page's resolvers over the rig's storage and clock, reading and
 * writing through `transport` (the admin's and the app's clients alike), with
 * the repository page's use cases, as in production.
 */
export function workspaceResolvers(rig: ScanRig, transport: BitbucketTransport, newId = () => 'run-1') {
  const client = () => createBitbucketClient({ transport, clock: rig.clock, random: () => 0.5 });
  return createWorkspaceResolvers({
    store: rig.store,
    queue: { push: async () => {} },
    clients: () => ({ read: client(), write: client() }),
    useCases: { openPullRequest, saveIdentity },
    clock: rig.clock,
    newId,
  });
}
