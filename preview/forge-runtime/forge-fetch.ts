// The one seam the real @forge/api and @forge/kvs packages call when they talk
// to the platform: `global.__forge_fetch__(target, path, init)`. Installing our
// own implementation lets the preview run the unmodified resolver handler and
// the unmodified Forge libraries (route escaping, error handling included),
// while Bitbucket calls go to the simulator and storage calls to a local store.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What @forge/api / @forge/kvs pass as the first argument. */
export interface ForgeFetchTarget {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}

/** Who a Bitbucket call runs as, from the `provider` Forge sets. */
export type BitbucketPrincipal = 'app' | 'user' | 'none';

/** Where one preview sends the platform calls of the handler it runs. */
export interface ForgeBackends {
  bitbucket(path: string, init: RequestInit | undefined, principal: BitbucketPrincipal): Promise<Response>;
  kvs(path: string, init: RequestInit | undefined): Promise<Response>;
  /** @forge/events' queue calls (as app, to /webhook/queue/…); absent where no queue is emulated. */
  queue?(path: string, init: RequestInit | undefined): Promise<Response>;
}

type ForgeFetch = (target: ForgeFetchTarget, path: string, init?: RequestInit) => Promise<Response>;

// Several previews may live in one process (tests, the benchmark); each
// invocation carries its own backends so they never see each other's data.
const activeBackends = new AsyncLocalStorage<ForgeBackends>();

/** Runs `fn` (a resolver invocation) with `backends` answering its platform calls. */
export function runWithBackends<T>(backends: ForgeBackends, fn: () => Promise<T>): Promise<T> {
  return activeBackends.run(backends, fn);
}

function principalOf(provider: string | undefined): BitbucketPrincipal {
  if (provider === 'app' || provider === 'user') return provider;
  return 'none';
}

/** Routes one platform call to the backends of the invocation it belongs to. */
export const previewForgeFetch: ForgeFetch = async (target, path, init) => {
  const backends = activeBackends.getStore();
  if (!backends) {
    throw new Error(
      `Forge platform call to ${target.remote ?? target.type} ${path} happened outside a preview invocation; ` +
        'call it through runWithBackends() (the preview server does this for every invoke).',
    );
  }
  if (target.type === 'kvs') return backends.kvs(path, init);
  if (target.remote === 'bitbucket') return backends.bitbucket(path, init, principalOf(target.provider));
  if (target.remote === 'stargate' && path.startsWith('/webhook/queue/') && backends.queue) return backends.queue(path, init);
  throw new Error(
    `The preview does not emulate Forge platform calls to ${JSON.stringify(target)}; ` +
      'only Bitbucket (requestBitbucket), storage (@forge/kvs) and the events queue (@forge/events) are available.',
  );
};

/** Makes the real Forge libraries use the preview's backends. Safe to call more than once. */
export function installForgeFetch(): void {
  const holder = globalThis as { __forge_fetch__?: ForgeFetch };
  holder.__forge_fetch__ = previewForgeFetch;
}
