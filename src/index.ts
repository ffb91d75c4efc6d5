// Forge entry points (manifest: handler index.<export>): the resolver behind
// the repository settings page, the one behind the workspace settings page,
// and the queue consumer that runs the workspace scan.
import { createResolvers } from './resolvers/create-resolvers';
import { productionDeps } from './forge/production-deps';
import { forgeDefinitions } from './forge/resolver-definitions';
import { forgeWorkspaceDefinitions } from './forge/workspace-definitions';
import { scanDeps, workspaceResolverDeps } from './forge/workspace-deps';
import { forgeScanQueue, scanConsumer } from './forge/workspace-queue';
import { createWorkspaceResolvers } from './workspace-resolvers/create-workspace-resolvers';

export const handler = forgeDefinitions(createResolvers(productionDeps()));
export const workspaceHandler = forgeWorkspaceDefinitions(createWorkspaceResolvers(workspaceResolverDeps()));
export const scanHandler = scanConsumer(scanDeps, () => forgeScanQueue());
