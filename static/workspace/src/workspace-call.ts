// The workspace page's only door to its resolvers, typed by the workspace
// contract so a renamed field breaks the build; tests replace @forge/bridge.
// Failures are told as on the repository page (bridge-call.ts), in the words
// of what this page was doing.
import type { WorkspacePayloadOf, WorkspaceResolverKey, WorkspaceResultOf } from '@app/api/workspace-contract';
import { invokeExplained } from '../../settings/src/bridge-call';

const ACTIONS: Partial<Record<WorkspaceResolverKey, string>> = {
  loadWorkspacePage: 'load the workspace page',
  startScan: 'start the scan',
  scanStatus: "follow the scan's progress",
  cancelScan: 'stop the scan',
  inventoryRows: 'load the repositories',
  listInventory: 'load the repositories',
  startBulk: 'start the bulk run',
  bulkStep: 'work on the next repository',
  bulkStatus: "load the run's outcomes",
  retryFailed: 'retry the failed repositories',
  parseIdentityIds: 'read the pasted Terraform output',
  saveWorkspaceIdentity: 'save the workspace variable',
  readEnvironments: 'read the deployment environments',
};

export function call<K extends WorkspaceResolverKey>(key: K, payload: WorkspacePayloadOf<K>): Promise<WorkspaceResultOf<K>> {
  return invokeExplained<WorkspaceResultOf<K>>(key, payload as object, ACTIONS[key] ?? 'finish this step');
}
