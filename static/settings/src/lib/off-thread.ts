// Sends the page's heavy work (off-thread-tasks.ts) to one Web Worker and hands
// back only the answers still wanted. Typing fast asks for many plans; the worker
// does one task at a time, so per channel only the newest waiting task is kept,
// an answer nobody waits for is dropped, and a task that went stale while running
// is stopped (the worker is replaced) once it has run STALE_RESTART_MS. A task
// past its deadline, or a worker that crashes, fails that task with a message,
// and the next task gets a fresh worker.
import type { WorkerReply, WorkerRequest } from './plan-worker';
import type { ResultOf, Task } from './off-thread-tasks';

export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export interface RunOptions {
  /** Tasks on one channel replace each other while they wait: only the newest runs. */
  channel: string;
  signal?: AbortSignal;
  /** The task fails, and the worker is replaced, if no answer comes in this time. */
  deadlineMs?: number;
}

/** Why a task's promise rejected when the caller no longer wanted it (aborted or replaced). */
export class Cancelled extends Error {
  constructor() {
    super('The request was replaced by a newer one.');
    this.name = 'Cancelled';
  }
}

export const DEFAULT_DEADLINE_MS = 10_000;
export const STALE_RESTART_MS = 250;

interface Job {
  id: number;
  channel: string;
  task: Task;
  deadlineMs: number;
  resolve(result: unknown): void;
  reject(error: Error): void;
  settled: boolean;
  timers: ReturnType<typeof setTimeout>[];
}

export class OffThreadRunner {
  private worker: WorkerLike | null = null;
  private running: Job | null = null;
  private readonly waiting = new Map<string, Job>();
  private nextId = 1;

  constructor(private readonly createWorker: () => WorkerLike) {}

  run<T extends Task>(task: T, options: RunOptions): Promise<ResultOf<T>> {
    return new Promise<ResultOf<T>>((resolve, reject) => {
      if (options.signal?.aborted) return reject(new Cancelled());
      const job: Job = {
        id: this.nextId++,
        channel: options.channel,
        task,
        deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
        resolve: resolve as (result: unknown) => void,
        reject,
        settled: false,
        timers: [],
      };
      const replaced = this.waiting.get(job.channel);
      if (replaced) settle(replaced, new Cancelled());
      this.waiting.delete(job.channel);
      this.waiting.set(job.channel, job);
      options.signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running) return;
    const next = this.waiting.values().next();
    if (next.done) return;
    const job = next.value;
    this.waiting.delete(job.channel);
    let worker: WorkerLike;
    try {
      worker = this.worker ?? this.startWorker();
    } catch (error) {
      settle(job, new Error(`The page could not start its background worker (${messageOf(error)}).`));
      return this.pump();
    }
    this.running = job;
    job.timers.push(
      setTimeout(() => {
        if (this.running !== job) return;
        settle(job, new Error(`It took longer than ${job.deadlineMs / 1000} s and was stopped.`));
        this.replaceWorker();
      }, job.deadlineMs),
    );
    worker.postMessage({ id: job.id, task: job.task });
  }

  private startWorker(): WorkerLike {
    const worker = this.createWorker();
    worker.onmessage = (event) => this.answered(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.(); // handled here; keep it out of the console as an uncaught error
      this.crashed(event.message || 'the worker stopped');
    };
    worker.onmessageerror = () => this.crashed('its answer could not be read');
    this.worker = worker;
    return worker;
  }

  private answered(reply: WorkerReply): void {
    const job = this.running;
    if (!job || job.id !== reply.id) return;
    this.running = null;
    settle(job, reply.ok ? { value: reply.result } : new Error(reply.message));
    this.pump();
  }

  private crashed(reason: string): void {
    const job = this.running;
    if (job) settle(job, new Error(`The page's background worker failed: ${reason}.`));
    this.replaceWorker();
  }

  /** Stops the current worker (and whatever it runs); the next task starts a new one. */
  private replaceWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
    this.pump();
  }

  private cancel(job: Job): void {
    if (this.waiting.get(job.channel) === job) this.waiting.delete(job.channel);
    settle(job, new Cancelled());
    if (this.running !== job) return;
    // A stale task that finishes soon is cheaper to wait for than a new worker (which reloads the parser).
    job.timers.push(
      setTimeout(() => {
        if (this.running === job) this.replaceWorker();
      }, STALE_RESTART_MS),
    );
  }
}

function settle(job: Job, outcome: { value: unknown } | Error): void {
  if (job.settled) return;
  job.settled = true;
  for (const timer of job.timers) clearTimeout(timer);
  job.timers = [];
  if (outcome instanceof Error) job.reject(outcome);
  else job.resolve(outcome.value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let shared: OffThreadRunner | null = null;

/** Runs `task` in the page's worker; rejects with `Cancelled` when `signal` aborts or a newer task on the channel replaces it. */
export function runOffThread<T extends Task>(task: T, options: RunOptions): Promise<ResultOf<T>> {
  if (typeof Worker === 'undefined') return runWithoutWorker(task, options);
  shared ??= new OffThreadRunner(() => new Worker(new URL('./plan-worker.ts', import.meta.url), { type: 'module' }) as WorkerLike);
  return shared.run(task, options);
}

/**
 * jsdom (the component tests) has no Worker; there, and only there, the task
 * runs on the calling thread. A browser without workers gets an error instead of
 * a page that can freeze.
 */
function runWithoutWorker<T extends Task>(task: T, options: RunOptions): Promise<ResultOf<T>> {
  if (import.meta.env.MODE !== 'test') return Promise.reject(new Error('This browser cannot run background workers, which the page needs.'));
  if (options.signal?.aborted) return Promise.reject(new Cancelled());
  return import('./off-thread-tasks').then(async ({ runTask }) => {
    const result = await runTask(task);
    if (options.signal?.aborted) throw new Cancelled();
    return result;
  });
}
