import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cancelled, OffThreadRunner, STALE_RESTART_MS, type WorkerLike } from '../../static/settings/src/lib/off-thread';
import type { Task } from '../../static/settings/src/lib/off-thread-tasks';
import type { WorkerRequest, WorkerReply } from '../../static/settings/src/lib/plan-worker';

/** A worker that holds every message until the test answers it. */
class FakeWorker implements WorkerLike {
  received: WorkerRequest[] = [];
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(message: WorkerRequest): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(reply: WorkerReply): void {
    this.onmessage?.({ data: reply } as MessageEvent<WorkerReply>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

const task = (text: string): Task => ({ kind: 'highlight', text, language: 'yaml' });

describe('OffThreadRunner', () => {
  let workers: FakeWorker[];
  let runner: OffThreadRunner;
  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    runner = new OffThreadRunner(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    });
  });
  afterEach(() => vi.useRealTimers());

  it('runs one task at a time and, per channel, only the newest of those waiting', async () => {
    const first = runner.run(task('a'), { channel: 'plan' });
    const second = runner.run(task('b'), { channel: 'plan' });
    const third = runner.run(task('c'), { channel: 'plan' });
    await expect(second).rejects.toBeInstanceOf(Cancelled);
    const worker = workers[0]!;
    expect(worker.received.map((m) => (m.task as { text: string }).text)).toEqual(['a']);
    worker.answer({ id: worker.received[0]!.id, ok: true, result: 'A' });
    await expect(first).resolves.toBe('A');
    expect(worker.received.map((m) => (m.task as { text: string }).text)).toEqual(['a', 'c']);
    worker.answer({ id: worker.received[1]!.id, ok: true, result: 'C' });
    await expect(third).resolves.toBe('C');
    expect(workers).toHaveLength(1);
  });

  it('drops the answer of an aborted task and replaces a worker still busy with it after a while', async () => {
    const abort = new AbortController();
    const stale = runner.run(task('slow'), { channel: 'plan', signal: abort.signal });
    abort.abort();
    await expect(stale).rejects.toBeInstanceOf(Cancelled);
    const fresh = runner.run(task('new'), { channel: 'plan' });
    expect(workers[0]!.received).toHaveLength(1); // still busy with the stale task
    vi.advanceTimersByTime(STALE_RESTART_MS);
    expect(workers[0]!.terminated).toBe(true);
    const second = workers[1]!;
    expect(second.received.map((m) => (m.task as { text: string }).text)).toEqual(['new']);
    second.answer({ id: second.received[0]!.id, ok: true, result: 'NEW' });
    await expect(fresh).resolves.toBe('NEW');
  });

  it('keeps the worker when a stale task finishes before the restart delay', async () => {
    const abort = new AbortController();
    const stale = runner.run(task('quick'), { channel: 'plan', signal: abort.signal });
    abort.abort();
    await expect(stale).rejects.toBeInstanceOf(Cancelled);
    const worker = workers[0]!;
    worker.answer({ id: worker.received[0]!.id, ok: true, result: 'ignored' });
    vi.advanceTimersByTime(STALE_RESTART_MS * 2);
    expect(worker.terminated).toBe(false);
  });

  it('fails the task on a worker error and starts a new worker for the next one', async () => {
    const failing = runner.run(task('a'), { channel: 'plan' });
    workers[0]!.crash('SyntaxError: bad chunk');
    await expect(failing).rejects.toThrow("The page's background worker failed: SyntaxError: bad chunk.");
    expect(workers[0]!.terminated).toBe(true);
    const next = runner.run(task('b'), { channel: 'plan' });
    const worker = workers[1]!;
    worker.answer({ id: worker.received[0]!.id, ok: true, result: 'B' });
    await expect(next).resolves.toBe('B');
  });

  it('passes a task error on as it is, keeping the worker', async () => {
    const failing = runner.run(task('a'), { channel: 'plan' });
    const worker = workers[0]!;
    worker.answer({ id: worker.received[0]!.id, ok: false, message: 'boom' });
    await expect(failing).rejects.toThrow('boom');
    expect(worker.terminated).toBe(false);
  });

  it('stops a task past its deadline, says so, and serves the next one from a new worker', async () => {
    const slow = runner.run(task('a'), { channel: 'plan', deadlineMs: 5_000 });
    const other = runner.run(task('b'), { channel: 'highlight:1' });
    vi.advanceTimersByTime(5_000);
    await expect(slow).rejects.toThrow('It took longer than 5 s and was stopped.');
    expect(workers[0]!.terminated).toBe(true);
    const worker = workers[1]!;
    expect(worker.received.map((m) => (m.task as { text: string }).text)).toEqual(['b']);
    worker.answer({ id: worker.received[0]!.id, ok: true, result: 'B' });
    await expect(other).resolves.toBe('B');
  });

  it('says when the worker cannot be started', async () => {
    const broken = new OffThreadRunner(() => {
      throw new Error('blocked by CSP');
    });
    await expect(broken.run(task('a'), { channel: 'plan' })).rejects.toThrow('The page could not start its background worker (blocked by CSP).');
  });
});
