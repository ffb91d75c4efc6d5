// A stand-in for @forge/bridge: `invoke` answers from per-key handlers the test
// sets, and every call is recorded. Used through vi.mock in each page test.
import { vi } from 'vitest';
import type { PayloadOf, ResolverKey, ResultOf } from '../../src/api/contract';

type Handler<K extends ResolverKey> = (payload: PayloadOf<K>) => Promise<ResultOf<K>> | ResultOf<K>;

const handlers = new Map<ResolverKey, Handler<ResolverKey>>();

export const invoke = vi.fn(async (key: string, payload: unknown) => {
  const handler = handlers.get(key as ResolverKey);
  if (!handler) throw new Error(`The test set no answer for ${key}`);
  return handler(payload as never);
});

export const router = { open: vi.fn(async (_url: string) => undefined) };
export const view = { theme: { enable: vi.fn(async () => undefined) } };

export function answer<K extends ResolverKey>(key: K, handler: Handler<K>): void {
  handlers.set(key, handler as unknown as Handler<ResolverKey>);
}

export function resetBridge(): void {
  handlers.clear();
  invoke.mockClear();
  router.open.mockClear();
}

/** Payloads of every call to one resolver key, in order. */
export function callsTo<K extends ResolverKey>(key: K): PayloadOf<K>[] {
  return invoke.mock.calls.filter(([k]) => k === key).map(([, payload]) => payload as PayloadOf<K>);
}

/** A promise the test settles by hand, to observe in-between states. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
