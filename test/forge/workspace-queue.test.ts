// The queue adapter: pushes stay within Forge's per-push limits, every event
// carries the concurrency key, and the consumer pushes the next slice itself.
import { describe, expect, it } from 'vitest';
import { forgeScanQueue, MAX_EVENTS_PER_PUSH, pushBatches, SCAN_CONCURRENCY } from '../../src/forge/workspace-queue';

describe('workspace scan queue', () => {
  it('splits pushes at 50 events', () => {
    const events = Array.from({ length: 120 }, (_, i) => ({ body: { scanId: `s${i}` } }));
    const batches = pushBatches(events);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(events);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(MAX_EVENTS_PER_PUSH);
  });

  it('splits pushes before 200 KB and refuses one event over it', () => {
    const big = { body: { scanId: 'x'.repeat(90 * 1024) } };
    expect(pushBatches([big, big, big]).map((b) => b.length)).toEqual([2, 1]);
    expect(() => pushBatches([{ body: { scanId: 'x'.repeat(210 * 1024) } }])).toThrow(/200|204800/);
  });

  it('pushes with the concurrency key and a bounded delay', async () => {
    const pushed: unknown[][] = [];
    const queue = forgeScanQueue({ push: async (events: unknown[]) => void pushed.push(events) } as never);
    await queue.push([{ body: { scanId: 'a' } }, { body: { scanId: 'a' }, delayInSeconds: 5000 }]);
    expect(pushed).toEqual([
      [
        { body: { scanId: 'a' }, concurrency: SCAN_CONCURRENCY },
        { body: { scanId: 'a' }, concurrency: SCAN_CONCURRENCY, delayInSeconds: 900 },
      ],
    ]);
  });
});
