// The resolvers' dependencies in the Forge runtime: Bitbucket reads as the app,
// writes as the admin using the page (so Bitbucket applies their permissions),
// storage in Forge KVS, and the real clock.
import { createBitbucketClient, type BitbucketClient } from '../bitbucket';
import type { ResolverDeps } from '../resolvers/create-resolvers';
import { forgeKeyValueStore } from '../storage/forge-kvs';
import { createRepositoryStore } from '../storage/repository-store';
import { loadSetup } from '../usecases/load-setup';
import { openPullRequest } from '../usecases/open-pull-request';
import { saveIdentity } from '../usecases/save-identity';
import { lastCheck, readCheck, startCheck } from '../usecases/run-check';
import { asAppTransport, asUserTransport } from './bitbucket-transport';

/**
 * Bitbucket time for one resolver invocation, retries and waits included.
 * Forge ends an invocation at 25 s; the rest is for starting up, storage and
 * the last answer's attempt, which may still be running when this runs out.
 */
export const INVOCATION_BUDGET_MS = 20_000;

/**
 * Both clients of one invocation, created together so they count down one
 * budget: a slow read leaves less time for the writes that follow it.
 */
export function invocationClients(): { read: BitbucketClient; write: BitbucketClient } {
  return {
    read: createBitbucketClient({ transport: asAppTransport(), totalBudgetMs: INVOCATION_BUDGET_MS }),
    write: createBitbucketClient({ transport: asUserTransport(), totalBudgetMs: INVOCATION_BUDGET_MS }),
  };
}

export function productionDeps(): ResolverDeps<BitbucketClient> {
  return {
    clients: invocationClients,
    useCases: { loadSetup, openPullRequest, saveIdentity },
    checks: { startCheck, readCheck, lastCheck },
    store: createRepositoryStore(forgeKeyValueStore),
    clock: { now: () => new Date() },
  };
}
