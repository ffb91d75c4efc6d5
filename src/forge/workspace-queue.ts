// The only file that imports @forge/events: pushes scan events and consumes
// them. Events carry IDs only ({ scanId }), never content, so a push stays far
// under Forge's 200 KB and 50-event limits; the consumer reads everything else
// from storage.
import { Queue, type AsyncEvent } from '@forge/events';
import type { ScanQueue } from '../workspace-resolvers/create-workspace-resolvers';
import { runScanSlice, type ScanDeps } from '../usecases/workspace/scan';

/** manifest.yml: consumer `workspace-scan-consumer` on this queue. */
export const SCAN_QUEUE_KEY = 'workspace-scan';
/** Forge's limits per push (async-events-api). */
export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 200 * 1024;
/** One scan chain at a time per installation: slices of one scan never overlap. */
export const SCAN_CONCURRENCY = { key: 'workspace-scan', limit: 1 } as const;
/** The consumer function's timeoutSeconds in manifest.yml; each slice stops starting work well before it. */
export const CONSUMER_TIMEOUT_SECONDS = 300;
export const SLICE_BUDGET_MS = 240_000;

type Pushable = { body: { scanId: string }; delayInSeconds?: number };

/** Splits events into pushes within Forge's per-push limits. */
export function pushBatches(events: readonly Pushable[]): Pushable[][] {
  const batches: Pushable[][] = [];
  let current: Pushable[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event));
    if (size > MAX_PUSH_BYTES) throw new Error(`One event is ${size} bytes; Forge accepts at most ${MAX_PUSH_BYTES} per push.`);
    if (current.length === MAX_EVENTS_PER_PUSH || bytes + size > MAX_PUSH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function forgeScanQueue(queue = new Queue({ key: SCAN_QUEUE_KEY })): ScanQueue {
  return {
    async push(events) {
      for (const batch of pushBatches(events)) {
        await queue.push(
          batch.map((e) => ({
            body: e.body,
            concurrency: SCAN_CONCURRENCY,
            ...(e.delayInSeconds ? { delayInSeconds: Math.min(900, Math.max(0, Math.round(e.delayInSeconds))) } : {}),
          })),
        );
      }
    },
  };
}

/**
 * The consumer: runs one slice of the scan named by the event, then pushes the
 * next event itself (now, or after the rate limit's delay). A redelivered
 * event keeps its eventId, so it holds the same lease; a stale duplicate finds
 * the scan finished or leased and does nothing.
 */
export function scanConsumer(deps: () => ScanDeps, queue: () => ScanQueue) {
  return async (event: AsyncEvent): Promise<void> => {
    const scanId = typeof event.body?.scanId === 'string' ? event.body.scanId : null;
    if (scanId === null) {
      console.warn('Ignoring a scan event without scanId.');
      return;
    }
    const outcome = await runScanSlice(deps(), scanId, {
      budgetMs: SLICE_BUDGET_MS,
      concurrency: 6,
      holder: event.eventId,
    });
    if (outcome.next === 'continue') await queue().push([{ body: { scanId } }]);
    if (outcome.next === 'wait') await queue().push([{ body: { scanId }, delayInSeconds: outcome.delaySeconds }]);
  };
}
