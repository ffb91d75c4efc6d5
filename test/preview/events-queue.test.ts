// The preview's events queue answers the real @forge/events Queue.push through
// global.__forge_fetch__, keeps Forge's limits, runs one event at a time per
// concurrency key, and redelivers an event whose consumer threw (same eventId).
import { afterEach, describe, expect, it } from 'vitest';
import { Queue } from '@forge/events';
import { installForgeFetch, runWithBackends, type ForgeBackends } from '../../preview/forge-runtime/forge-fetch';
import { LocalEventsQueue, type DeliveredEvent } from '../../preview/forge-runtime/events-queue';

let queue: LocalEventsQueue | undefined;
afterEach(() => queue?.close());

function backendsFor(q: LocalEventsQueue): ForgeBackends {
  return {
    bitbucket: async () => new Response('{}', { status: 500 }),
    kvs: async () => new Response('{}', { status: 500 }),
    queue: (path, init) => q.answer(path, init),
  };
}

describe('preview events queue', () => {
  it('delivers pushed events to the consumer, in order per concurrency key, after their delay', async () => {
    installForgeFetch();
    const seen: DeliveredEvent[] = [];
    let running = 0;
    let overlap = false;
    queue = new LocalEventsQueue({
      delayScale: 0.01,
      consumers: {
        'workspace-scan': async (event) => {
          running += 1;
          if (running > 1) overlap = true;
          await new Promise((r) => setTimeout(r, 5));
          seen.push(event);
          running -= 1;
        },
      },
    });
    const q = queue;
    await runWithBackends(backendsFor(q), async () => {
      const forge = new Queue({ key: 'workspace-scan' });
      const result = await forge.push([
        { body: { scanId: 'a' }, concurrency: { key: 'scan', limit: 1 } },
        { body: { scanId: 'b' }, concurrency: { key: 'scan', limit: 1 } },
        { body: { scanId: 'c' }, delayInSeconds: 2, concurrency: { key: 'scan', limit: 1 } },
      ]);
      expect(typeof result.jobId).toBe('string');
    });
    await q.idle();
    expect(seen.map((e) => e.body.scanId)).toEqual(['a', 'b', 'c']);
    expect(seen[2]?.delayInSeconds).toBe(2);
    expect(overlap).toBe(false);
  });

  it('refuses more than 50 events in one push, as Forge does', async () => {
    installForgeFetch();
    queue = new LocalEventsQueue({ consumers: { q: async () => {} } });
    const response = await queue.answer('/webhook/queue/publish/x/y/z/1', {
      body: JSON.stringify({ queueName: 'q', jobId: 'j', payload: Array.from({ length: 51 }, () => ({ body: {} })) }),
    });
    expect(response.status).toBe(400);
    const big = await queue.answer('/webhook/queue/publish/x/y/z/1', {
      body: JSON.stringify({ queueName: 'q', jobId: 'j', payload: [{ body: { blob: 'x'.repeat(210 * 1024) } }] }),
    });
    expect(big.status).toBe(413);
  });

  it('redelivers an event whose consumer threw, with the same eventId', async () => {
    installForgeFetch();
    const ids: string[] = [];
    queue = new LocalEventsQueue({
      delayScale: 0.001,
      consumers: {
        q: async (event) => {
          ids.push(event.eventId);
          if (ids.length === 1) throw new Error('function timed out');
        },
      },
    });
    await queue.answer('/webhook/queue/publish/x/y/z/1', { body: JSON.stringify({ queueName: 'q', jobId: 'j', payload: [{ body: {} }] }) });
    await queue.idle();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('with faults, ends a share of deliveries before the consumer runs and redelivers them with the same eventId', async () => {
    installForgeFetch();
    const seen: DeliveredEvent[] = [];
    let draws = 0;
    queue = new LocalEventsQueue({
      delayScale: 0,
      faultShare: 0.5,
      random: () => (draws++ < 2 ? 0.1 : 0.9), // both first deliveries fail, their redeliveries succeed
      consumers: { 'workspace-scan': async (event) => void seen.push(event) },
    });
    const q = queue;
    await runWithBackends(backendsFor(q), async () => {
      await new Queue({ key: 'workspace-scan' }).push([{ body: { scanId: 'a' } }, { body: { scanId: 'b' } }]);
    });
    await q.idle();
    expect(seen.map((e) => e.body.scanId).sort()).toEqual(['a', 'b']);
    expect(seen.every((e) => e.retryContext?.retryCount === 1)).toBe(true);
    const failed = q.deliveries.filter((d) => !d.ok);
    expect(failed).toHaveLength(2);
    expect(new Set(failed.map((d) => d.eventId))).toEqual(new Set(seen.map((e) => e.eventId)));
  });
});
