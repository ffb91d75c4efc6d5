// The workspace page's dependencies in the Forge runtime: the scan reads as
// the app from a queue consumer (its own time budget, its own rate bucket);
// the page's writes run as the admin through the repository page's use cases.
import { randomUUID } from 'node:crypto';
import { createBitbucketClient, type BitbucketClient } from '../bitbucket';
import { forgeQueryableKeyValueStore } from '../storage/forge-kvs';
import { createWorkspaceStore } from '../storage/workspace-store';
import { openPullRequest } from '../usecases/open-pull-request';
import { saveIdentity } from '../usecases/save-identity';
import { SCAN_RETRY_POLICY, type ScanDeps } from '../usecases/workspace/scan';
import type { WorkspaceResolverDeps } from '../workspace-resolvers/create-workspace-resolvers';
import { asAppTransport } from './bitbucket-transport';
import { invocationClients } from './production-deps';
import { forgeScanQueue } from './workspace-queue';

export function workspaceResolverDeps(): WorkspaceResolverDeps {
  return {
    store: createWorkspaceStore(forgeQueryableKeyValueStore),
    queue: forgeScanQueue(),
    clients: invocationClients,
    useCases: { openPullRequest, saveIdentity },
    clock: { now: () => Date.now() },
    newId: () => randomUUID(),
  };
}

export function scanDeps(): ScanDeps {
  return {
    store: createWorkspaceStore(forgeQueryableKeyValueStore),
    transport: asAppTransport(),
    makeClient: (transport): BitbucketClient => createBitbucketClient({ transport, policy: SCAN_RETRY_POLICY, maxPages: 1 }),
    clock: { now: () => Date.now() },
    newId: () => randomUUID(),
  };
}
