// The Forge async events queue, emulated for the preview: answers the platform
// call @forge/events makes for `queue.push` (POST /webhook/queue/publish/…,
// reached through `global.__forge_fetch__` as app) with Forge's limits, and
// delivers each event to the app's consumer after its delay, one at a time
// per concurrency key, redelivering an event whose consumer threw (same
// eventId, as Forge does) up to three times.
import { randomUUID } from 'node:crypto';
import { seededRandom } from '../simulator/faults';

/** What the consumer function receives (@forge/events AsyncEvent). */
export interface DeliveredEvent {
  body: Record<string, unknown>;
  queueName: string;
  jobId: string;
  eventId: string;
  delayInSeconds?: number;
  retryContext?: { retryCount: number; retryReason: string };
}

export type Consumer = (event: DeliveredEvent) => Promise<void>;

export interface EventsQueueOptions {
  /** The consumer per queue name (manifest `consumer:`). */
  consumers: Record<string, Consumer>;
  /** Multiplies every delay (the preview compresses 900 s waits); 1 = real time. */
  delayScale?: number;
  /** Added before each delivery, like the platform's own latency. */
  latencyMs?: number;
  maxRetries?: number;
  /** Share (0–1) of deliveries whose invocation dies before the consumer runs, as a platform fault; redelivered. */
  faultShare?: number;
  /** Draws for faultShare; seeded by default so a run repeats. */
  random?: () => number;
}

/** What a delivery that the platform fails throws (the consumer never ran). */
export class InvocationFault extends Error {
  override readonly name = 'InvocationFault';
}

const MAX_EVENTS = 50;
const MAX_PUSH_BYTES = 200 * 1024;
const MAX_DELAY_SECONDS = 900;

interface PushedEvent {
  body?: unknown;
  delayInSeconds?: unknown;
  concurrency?: { key?: unknown; limit?: unknown };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export class LocalEventsQueue {
  /** Every delivery attempt, for tests and the benchmark. */
  readonly deliveries: { eventId: string; queueName: string; ok: boolean; ms: number }[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  private readonly random: () => number;

  constructor(private readonly options: EventsQueueOptions) {
    this.random = options.random ?? seededRandom(2);
  }

  /** One @forge/events platform call: `path` like "/webhook/queue/publish/{contextAri}/…". */
  async answer(path: string, init: RequestInit | undefined): Promise<Response> {
    if (!path.startsWith('/webhook/queue/publish/')) {
      return json(400, { errorMessage: `The preview emulates queue.push only, not ${path}.` });
    }
    const text = typeof init?.body === 'string' ? init.body : '';
    let request: { queueName?: unknown; jobId?: unknown; payload?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return json(400, { errorMessage: 'Push body is not JSON.' });
    }
    const queueName = typeof request.queueName === 'string' ? request.queueName : '';
    const consumer = this.options.consumers[queueName];
    if (!consumer) return json(400, { errorMessage: `No consumer module for queue "${queueName}" (manifest consumer:).` });
    const events = Array.isArray(request.payload) ? (request.payload as PushedEvent[]) : [];
    if (events.length === 0 || events.length > MAX_EVENTS) {
      return json(400, { errorMessage: `A push carries 1 to ${MAX_EVENTS} events; this one has ${events.length}.` });
    }
    const bytes = Buffer.byteLength(JSON.stringify(events));
    if (bytes > MAX_PUSH_BYTES) return json(413, { errorMessage: `Payload of ${bytes} bytes exceeds ${MAX_PUSH_BYTES}.` });
    const jobId = typeof request.jobId === 'string' ? request.jobId : randomUUID();
    for (const event of events) {
      const delay = typeof event.delayInSeconds === 'number' ? Math.min(MAX_DELAY_SECONDS, Math.max(0, event.delayInSeconds)) : 0;
      const key = typeof event.concurrency?.key === 'string' ? event.concurrency.key : `event:${randomUUID()}`;
      const delivered: DeliveredEvent = {
        body: (event.body ?? {}) as Record<string, unknown>,
        queueName,
        jobId,
        eventId: randomUUID(),
        ...(delay > 0 ? { delayInSeconds: delay } : {}),
      };
      this.schedule(consumer, delivered, key, delay * 1000 * (this.options.delayScale ?? 1), 0);
    }
    return json(201, {});
  }

  /** Resolves when no event is scheduled or running. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(consumer: Consumer, event: DeliveredEvent, key: string, delayMs: number, attempt: number): void {
    this.pending += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // Events with the same concurrency key run one after another (limit 1, as the app asks).
      const previous = this.chains.get(key) ?? Promise.resolve();
      const run = previous.then(() => this.deliver(consumer, event, key, attempt));
      this.chains.set(key, run);
    }, delayMs + (this.options.latencyMs ?? 0));
    this.timers.add(timer);
  }

  private async deliver(consumer: Consumer, event: DeliveredEvent, key: string, attempt: number): Promise<void> {
    const started = performance.now();
    try {
      if ((this.options.faultShare ?? 0) > 0 && this.random() < (this.options.faultShare ?? 0)) {
        throw new InvocationFault('The emulated platform ended this invocation before the consumer ran (--faults).');
      }
      await consumer(attempt === 0 ? event : { ...event, retryContext: { retryCount: attempt, retryReason: 'FUNCTION_ERROR' } });
      this.deliveries.push({ eventId: event.eventId, queueName: event.queueName, ok: true, ms: performance.now() - started });
    } catch (error) {
      this.deliveries.push({ eventId: event.eventId, queueName: event.queueName, ok: false, ms: performance.now() - started });
      if (attempt < (this.options.maxRetries ?? 3)) {
        this.schedule(consumer, event, key, 1000 * 2 ** attempt * (this.options.delayScale ?? 1), attempt + 1);
      } else {
        console.error(`Queue ${event.queueName}: event ${event.eventId} failed ${attempt + 1} times; giving up:`, error);
      }
    } finally {
      this.pending -= 1;
      if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
