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
import { asAppTransport, asUserTransport } from './bitbucket-transport';

export function productionDeps(): ResolverDeps<BitbucketClient> {
  return {
    clients: {
      read: () => createBitbucketClient({ transport: asAppTransport() }),
      write: () => createBitbucketClient({ transport: asUserTransport() }),
    },
    useCases: { loadSetup, openPullRequest, saveIdentity },
    store: createRepositoryStore(forgeKeyValueStore),
    clock: { now: () => new Date() },
  };
}
