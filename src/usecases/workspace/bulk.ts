// Bulk pull requests and identity IDs, one repository per call, as the admin.
//
// Why the page drives this and not the queue: a Forge queue push is made as
// the app (@forge/events sends it with __requestAtlassianAsApp) and Forge's
// documentation does not say that asUser() is available to the consumer it
// triggers, so a write there could only run as the app, bypassing the admin's
// own Bitbucket permissions. Instead the run is recorded in storage and the
// page calls `bulkStep` for each repository, a few at a time; each call is a
// normal resolver invocation as the admin, and a closed page resumes from the
// items still pending.
//
// Each step goes through the same use cases as the repository page
// (openPullRequest, saveIdentity), so planning, trust and pull request
// etiquette have one implementation. A step is idempotent: an item already
// settled is answered from storage, and openPullRequest itself looks before it
// creates, so a repeated step cannot open a second pull request.
import {
  countBulkItems,
  type BulkAction,
  type BulkIdentitySettings,
  type BulkItem,
  type BulkItemState,
  type BulkRun,
  type InventoryRow,
} from '../../api/workspace-contract';
import type { BitbucketClient } from '../../bitbucket';
import { findEnvironment } from '../../core/environment-name';
import type { IdentityChoices } from '../../core/types';
import { WORKSPACE_KEYS, type WorkspaceStore } from '../../storage/workspace-store';
import { mapBounded } from '../../shared/bounded-map';
import { toUseCaseError } from '../errors';
import type { openPullRequest } from '../open-pull-request';
import type { saveIdentity } from '../save-identity';
import type { OpenPullRequestInput, RepoIds, UseCaseError } from '../types';

/** The repository page's use cases a step goes through (passed in, so tests can watch them). */
export interface BulkUseCases {
  openPullRequest: typeof openPullRequest;
  saveIdentity: typeof saveIdentity;
}

/** What is stored under the run's key: the items live under their own keys (a run may hold 3,000). */
export interface StoredRun {
  runId: string;
  action: BulkAction;
  workspaceUuid: string;
  startedAt: string;
  startedBy: string | null;
  repositoryUuids: string[];
  settings: BulkIdentitySettings | null;
  /** For save-identity-ids: repository UUID → identity ID. */
  identityIds: Record<string, string> | null;
}

/** Storage writes in flight when a run records or resets many items at once. */
const KVS_WRITES_IN_FLIGHT = 10;

const SETTLED: readonly BulkItemState[] = ['created', 'updated', 'unchanged', 'refused'];

export async function loadRun(store: WorkspaceStore, runId: string): Promise<StoredRun | null> {
  const value = (await store.kv.get(WORKSPACE_KEYS.bulk(runId))) as StoredRun | undefined | null;
  return value && typeof value === 'object' && value.runId === runId ? value : null;
}

export function pendingItem(row: Pick<InventoryRow, 'repositoryUuid' | 'slug'>): BulkItem {
  return { repositoryUuid: row.repositoryUuid, slug: row.slug, state: 'pending', message: 'Waiting.', pullRequest: null, attempts: 0, at: null };
}

/** Records a run over repositories that are all in the inventory (the caller checked). */
export async function createRun(
  store: WorkspaceStore,
  run: StoredRun,
  rows: ReadonlyMap<string, InventoryRow>,
): Promise<BulkRun> {
  await store.kv.set(WORKSPACE_KEYS.bulk(run.runId), run);
  const items = run.repositoryUuids.flatMap((uuid) => {
    const row = rows.get(uuid);
    return row ? [pendingItem(row)] : [];
  });
  // Up to 3,000 keys inside one 25-second resolver call: written a few at a time, not one after another.
  await mapBounded(items, KVS_WRITES_IN_FLIGHT, (item) => store.putBulkItem(run.runId, item));
  await store.kv.set(WORKSPACE_KEYS.activeBulk, run.runId);
  return viewOf(run, items);
}

export async function runView(store: WorkspaceStore, run: StoredRun): Promise<BulkRun> {
  return viewOf(run, await store.bulkItems(run.runId));
}

/** The page's view of a run from its items (in the order the run lists them). */
function viewOf(run: StoredRun, stored: BulkItem[]): BulkRun {
  const items = [...stored];
  const order = new Map(run.repositoryUuids.map((uuid, i) => [uuid, i]));
  items.sort((a, b) => (order.get(a.repositoryUuid) ?? 0) - (order.get(b.repositoryUuid) ?? 0));
  const counts = countBulkItems(items);
  return {
    runId: run.runId,
    action: run.action,
    startedAt: run.startedAt,
    startedBy: run.startedBy,
    items,
    counts,
    finished: counts.pending === 0,
  };
}

/** Puts failed items back to pending. */
export async function retryFailed(store: WorkspaceStore, run: StoredRun): Promise<BulkRun> {
  const items = await store.bulkItems(run.runId);
  const retried = new Map(
    items.filter((item) => item.state === 'failed').map((item): [string, BulkItem] => [item.repositoryUuid, { ...item, state: 'pending', message: 'Waiting to retry.' }]),
  );
  await mapBounded([...retried.values()], KVS_WRITES_IN_FLIGHT, (item) => store.putBulkItem(run.runId, item));
  await store.kv.set(WORKSPACE_KEYS.activeBulk, run.runId);
  return viewOf(run, items.map((item) => retried.get(item.repositoryUuid) ?? item));
}

export interface StepDeps {
  store: WorkspaceStore;
  clients: { read: BitbucketClient; write: BitbucketClient };
  useCases: BulkUseCases;
  now(): Date;
}

/**
 * Does one repository of a run. Forge's NeedsAuthenticationError is rethrown
 * (the resolver owns consent); every other failure becomes the item's outcome.
 */
export async function bulkStep(deps: StepDeps, run: StoredRun, row: InventoryRow): Promise<BulkItem> {
  const existing = (await deps.store.getBulkItem(run.runId, row.repositoryUuid)) ?? pendingItem(row);
  if (SETTLED.includes(existing.state)) return existing;
  const ids: RepoIds = { workspaceUuid: run.workspaceUuid, repositoryUuid: row.repositoryUuid };
  let outcome: Omit<BulkItem, 'repositoryUuid' | 'slug' | 'attempts' | 'at'>;
  try {
    outcome =
      run.action === 'open-pull-requests'
        ? await openOne(deps, ids, row, run.settings)
        : await saveOne(deps, ids, run.identityIds?.[row.repositoryUuid] ?? null);
  } catch (error) {
    const failure = toUseCaseError(error); // rethrows consent and bugs
    outcome = failed(failure);
  }
  const item: BulkItem = {
    ...outcome,
    repositoryUuid: row.repositoryUuid,
    slug: row.slug,
    attempts: existing.attempts + 1,
    at: deps.now().toISOString(),
  };
  await deps.store.putBulkItem(run.runId, item);
  return item;
}

function failed(error: UseCaseError): Omit<BulkItem, 'repositoryUuid' | 'slug' | 'attempts' | 'at'> {
  // A plan that cannot be made (unparsable file, unsafe edit, untrusted step)
  // or a repository without a readable main branch is a refusal: retrying
  // cannot fix it. Permissions, conflicts, rate limits and outages are failures
  // the admin can retry.
  const refused = error.code === 'invalid-pipeline' || error.code === 'invalid-input' || error.code === 'not-found';
  return { state: refused ? 'refused' : 'failed', message: error.message, pullRequest: null, errorCode: error.code };
}

async function openOne(
  deps: StepDeps,
  ids: RepoIds,
  row: InventoryRow,
  settings: BulkIdentitySettings | null,
): Promise<Omit<BulkItem, 'repositoryUuid' | 'slug' | 'attempts' | 'at'>> {
  if (settings === null) return failed({ code: 'internal', message: 'The run has no settings; start it again.' });
  if (row.mainBranch === '') {
    return { state: 'refused', message: 'The repository is empty: push a first commit, then try again.', pullRequest: null };
  }
  const choices: IdentityChoices = { organization: settings.organization };
  if (settings.role !== undefined) choices.role = settings.role;
  if (settings.image !== undefined) choices.image = settings.image;
  if (settings.trust.kind === 'main-branch') choices.trust = { kind: 'branch', branch: row.mainBranch };
  else if (settings.trust.kind === 'repository') choices.trust = { kind: 'repository' };
  else {
    // The core's name rule, the same one the workspace Terraform applies (core/environment-name.ts).
    const found = findEnvironment(await deps.clients.read.listEnvironments(ids), settings.trust.environmentName);
    if (!found.ok) {
      const what = found.problem === 'none' ? 'Add it under Repository settings → Deployments, or choose another trust.' : 'Then open the pull requests again.';
      return { state: 'refused', message: `This repository cannot trust that environment: ${found.reason}. ${what}`, pullRequest: null };
    }
    choices.trust = { kind: 'environment', environmentUuid: found.environment.uuid };
  }
  const input: OpenPullRequestInput = { choices };
  // Chosen from the file the use case reads for its plan: no read of its own.
  if (settings.steps === 'suggested') input.selection = 'suggested';
  const result = await deps.useCases.openPullRequest(deps.clients, ids, input);
  if (!result.ok) return failed(result.error);
  const { outcome, pullRequest, message } = result.data;
  const pr = pullRequest ? { id: pullRequest.id, url: pullRequest.url } : null;
  switch (outcome) {
    case 'created':
      return { state: 'created', message, pullRequest: pr };
    case 'updated':
      return { state: 'updated', message, pullRequest: pr };
    case 'unchanged':
    case 'no-change':
      return { state: 'unchanged', message, pullRequest: pr };
    case 'edited-by-person':
      return { state: 'refused', message, pullRequest: pr };
  }
}

/** The steps that already pull from cgr.dev (the page's "Suggested"), plus the custom pipeline. */
async function saveOne(
  deps: StepDeps,
  ids: RepoIds,
  identityId: string | null,
): Promise<Omit<BulkItem, 'repositoryUuid' | 'slug' | 'attempts' | 'at'>> {
  if (identityId === null) {
    return { state: 'refused', message: 'The pasted Terraform output has no identity for this repository.', pullRequest: null };
  }
  const existing = await deps.clients.read.listVariables(ids);
  const current = existing.find((v) => v.key === 'CHAINGUARD_IDENTITY');
  if (current && !current.secured && current.value === identityId.trim()) {
    return { state: 'unchanged', message: 'CHAINGUARD_IDENTITY already holds this identity.', pullRequest: null };
  }
  const result = await deps.useCases.saveIdentity(deps.clients, ids, identityId);
  if (!result.ok) return failed(result.error);
  return {
    state: result.data.created ? 'created' : 'updated',
    message: result.data.created ? 'CHAINGUARD_IDENTITY created.' : 'CHAINGUARD_IDENTITY updated.',
    pullRequest: null,
  };
}
