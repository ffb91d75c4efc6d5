// Binds the workspace page's resolver functions to @forge/resolver: one
// definition per key of the WorkspaceResolverContract.
import { makeResolver } from '@forge/resolver';
import type { WorkspaceResolverKey, WorkspaceResultOf } from '../api/workspace-contract';
import type { WorkspaceResolverHandlers } from '../workspace-resolvers/create-workspace-resolvers';

type Definitions = { [K in WorkspaceResolverKey]: (payload: unknown) => WorkspaceResultOf<K> };

export function forgeWorkspaceDefinitions(handlers: WorkspaceResolverHandlers) {
  return makeResolver<Definitions>({
    loadWorkspacePage: (request) => handlers.loadWorkspacePage(request),
    startScan: (request) => handlers.startScan(request),
    scanStatus: (request) => handlers.scanStatus(request),
    cancelScan: (request) => handlers.cancelScan(request),
    listInventory: (request) => handlers.listInventory(request),
    inventoryRows: (request) => handlers.inventoryRows(request),
    startBulk: (request) => handlers.startBulk(request),
    bulkStep: (request) => handlers.bulkStep(request),
    bulkStatus: (request) => handlers.bulkStatus(request),
    retryFailed: (request) => handlers.retryFailed(request),
    parseIdentityIds: (request) => handlers.parseIdentityIds(request),
    saveWorkspaceIdentity: (request) => handlers.saveWorkspaceIdentity(request),
    readEnvironments: (request) => handlers.readEnvironments(request),
  });
}
