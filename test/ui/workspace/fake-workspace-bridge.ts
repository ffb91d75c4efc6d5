// A stand-in for @forge/bridge on the workspace page: `invoke` answers from
// per-key handlers typed by the workspace contract, and every call is recorded.
import { vi } from 'vitest';
import type { WorkspacePayloadOf, WorkspaceResolverKey, WorkspaceResultOf } from '../../../src/api/workspace-contract';

type Handler<K extends WorkspaceResolverKey> = (payload: WorkspacePayloadOf<K>) => Promise<WorkspaceResultOf<K>> | WorkspaceResultOf<K>;

const handlers = new Map<WorkspaceResolverKey, Handler<WorkspaceResolverKey>>();
let context: Record<string, unknown> = {};

export const invoke = vi.fn(async (key: string, payload: unknown) => {
  const handler = handlers.get(key as WorkspaceResolverKey);
  if (!handler) throw new Error(`The test set no answer for ${key}`);
  return handler(payload as never);
});

export const router = { open: vi.fn(async (_url: string) => undefined) };
export const view = {
  theme: { enable: vi.fn(async () => undefined) },
  getContext: vi.fn(async () => context),
};

export function answer<K extends WorkspaceResolverKey>(key: K, handler: Handler<K>): void {
  handlers.set(key, handler as unknown as Handler<WorkspaceResolverKey>);
}

export function setContext(value: Record<string, unknown>): void {
  context = value;
}

export function resetBridge(): void {
  handlers.clear();
  context = {};
  invoke.mockClear();
  router.open.mockClear();
}

export function callsTo<K extends WorkspaceResolverKey>(key: K): WorkspacePayloadOf<K>[] {
  return invoke.mock.calls.filter(([k]) => k === key).map(([, payload]) => payload as WorkspacePayloadOf<K>);
}
