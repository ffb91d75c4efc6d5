// One repository in a scan, and the workspace-wide facts its row needs: what
// has no bulk form is read per repository — pipelines_config and
// bitbucket-pipelines.yml, plus the repository variables where they matter (a
// repository with an `oidc: true` step or a setup pull request) and the newest
// check run where the file has the check pipeline. A re-scan keeps what an
// unchanged repository (same `updated_on`) had.
import type { IdentityVariableState, SetupPullRequestState } from '../../api/workspace-contract';
import { BitbucketError, type BitbucketClient, type ListedRepository } from '../../bitbucket';
import { RateLimitPause } from '../../bitbucket/rate-limit';
import { CUSTOM_PIPELINE_NAME } from '../../core/pipeline/generate';
import { WORKSPACE_KEYS, type WorkspaceStore } from '../../storage/workspace-store';
import { lastCheckFromRun } from '../last-check-state';
import { readBranchFile } from '../read-branch';
import { IDENTITY_VARIABLE, PIPELINE_PATH, SETUP_BRANCH } from '../types';
import { inventoryRow, pipelineFileFacts } from './inventory-row';
import type { ScanRecord } from './scan-record';

/** Repository variables on the one page the scan reads (the client asks for pagelen=100). */
const REPOSITORY_VARIABLES_PAGE = 100;

/** pipelines_config, the file, the repository variables, the last check run. */
const MAX_REQUESTS_PER_REPOSITORY = 4;

/** How the scan confirmed a repository. */
export type Done = { how: 'read' | 'unchanged' | 'failed' };

export async function workspaceIdentity(client: BitbucketClient, workspaceUuid: string): Promise<boolean | null> {
  try {
    return (await client.findWorkspaceVariable(workspaceUuid, IDENTITY_VARIABLE)) !== null;
  } catch (error) {
    // Reading workspace variables needs workspace admin; without it the column says "unknown".
    if (error instanceof BitbucketError && (error.code === 'forbidden' || error.code === 'not-found')) return null;
    throw error;
  }
}

interface NotedPullRequest {
  scanId: string;
  pullRequest: Extract<SetupPullRequestState, { id: number }>;
}

/** Keeps the admin's setup pull request per repository; an open one wins over a merged one. */
export async function notePullRequest(
  store: WorkspaceStore,
  scanId: string,
  pr: { id: number; title: string; state: string; url: string; sourceBranch: string; repositoryUuid: string; sourceRepositoryUuid: string | null },
): Promise<void> {
  if (pr.sourceBranch !== SETUP_BRANCH) return;
  // A pull request from a fork is not the app's setup pull request.
  if (pr.sourceRepositoryUuid !== null && pr.sourceRepositoryUuid.toLowerCase() !== pr.repositoryUuid.toLowerCase()) return;
  const state = pr.state === 'OPEN' ? 'open' : pr.state === 'MERGED' ? 'merged' : null;
  if (state === null) return;
  const key = WORKSPACE_KEYS.pullRequest(pr.repositoryUuid);
  const existing = (await store.kv.get(key)) as NotedPullRequest | undefined;
  if (existing?.scanId === scanId) {
    const keep = existing.pullRequest.state === 'open' || (state === 'merged' && existing.pullRequest.id > pr.id);
    if (keep) return;
  }
  const noted: NotedPullRequest = { scanId, pullRequest: { state, id: pr.id, url: pr.url, title: pr.title } };
  await store.kv.set(key, noted);
}

async function pullRequestOf(store: WorkspaceStore, record: ScanRecord, repositoryUuid: string): Promise<SetupPullRequestState> {
  if (record.author === null) return { state: 'unknown' };
  const noted = (await store.kv.get(WORKSPACE_KEYS.pullRequest(repositoryUuid))) as NotedPullRequest | undefined;
  return noted?.scanId === record.scanId ? noted.pullRequest : { state: 'none' };
}

function workspaceFallback(record: ScanRecord, checked: boolean): IdentityVariableState {
  if (record.workspaceIdentity === true) return { state: 'workspace' };
  if (!checked) return { state: 'not-checked' };
  return record.workspaceIdentity === null ? { state: 'unknown' } : { state: 'none' };
}

export async function scanRepository(
  store: WorkspaceStore,
  client: BitbucketClient,
  record: ScanRecord,
  listed: ListedRepository,
  now: () => number,
  reserve: (cost: number) => void,
): Promise<Done> {
  const stored = await store.getRow(listed.uuid);
  // Already confirmed by this scan (a slice died after writing it): not read again.
  if (stored?.scanId === record.scanId) return { how: stored.how ?? 'read' };
  const pullRequest = await pullRequestOf(store, record, listed.uuid);
  if (
    record.kind === 'rescan' &&
    stored &&
    stored.row.updatedOn === listed.updatedOn &&
    stored.row.status !== 'unreadable'
  ) {
    // Unchanged since the last scan: keep what was read, refresh what came in bulk.
    const identity =
      stored.row.identity.state === 'repository' ? stored.row.identity : workspaceFallback(record, stored.row.identity.state !== 'not-checked');
    const row = inventoryRow({
      listed,
      pipelinesEnabled: stored.row.pipelinesEnabled,
      file: { state: stored.row.pipelineFile, oidcSteps: stored.row.oidcSteps },
      pullRequest,
      identity,
      lastCheck: stored.row.lastCheck,
      readAt: stored.row.readAt,
    });
    await store.putRow({ row, scanId: record.scanId, how: 'unchanged' });
    return { how: 'unchanged' };
  }
  const ids = { workspaceUuid: record.workspaceUuid, repositoryUuid: listed.uuid };
  const readAt = new Date(now()).toISOString();
  // All of a repository's reads are paid for before the first: a pause never
  // splits them, so a resumed page never repeats half-read repositories.
  reserve(MAX_REQUESTS_PER_REPOSITORY);
  try {
    // A re-scan re-reads what a push changes (the file); whether Pipelines is on
    // is a setting, kept from the last read (a full scan refreshes it). That is
    // one request per changed repository instead of two.
    const knownPipelines = record.kind === 'rescan' && stored && stored.row.pipelinesEnabled !== null;
    const [pipelinesEnabled, file] = await Promise.all([
      knownPipelines
        ? Promise.resolve(stored.row.pipelinesEnabled)
        : client.getPipelinesConfig(ids).then(
            (c) => c.enabled,
            (error: unknown) => degrade(error, null),
          ),
      listed.mainBranch === null ? Promise.resolve(null) : readMainFile(client, ids, listed.mainBranch),
    ]);
    const facts = pipelineFileFacts(file);
    const usesIdentity = facts.oidcSteps.length > 0 || pullRequest.state === 'open' || pullRequest.state === 'merged';
    const [identity, lastCheck] = await Promise.all([
      usesIdentity
        ? client.listVariables(ids).then(
            (vs): IdentityVariableState =>
              vs.some((v) => v.key === IDENTITY_VARIABLE)
                ? { state: 'repository' }
                : // The scan reads one page (its per-repository budget): a full page may hide the variable on the next.
                  vs.length >= REPOSITORY_VARIABLES_PAGE
                  ? { state: 'unknown' }
                  : workspaceFallback(record, true),
            (error: unknown) => degrade(error, { state: 'unknown' as const }),
          )
        : workspaceFallback(record, false),
      // Only a file with the check pipeline can have check runs.
      facts.hasCheckPipeline
        ? client.recentPipelines(ids, CUSTOM_PIPELINE_NAME, 1).then(
            ([newest]) => lastCheckFromRun(newest, listed.htmlUrl),
            (error: unknown) => degrade(error, { state: 'unknown' as const }),
          )
        : ({ state: 'none' } as const),
    ]);
    const row = inventoryRow({ listed, pipelinesEnabled, file: facts, pullRequest, identity, lastCheck, readAt });
    await store.putRow({ row, scanId: record.scanId, how: 'read' });
    return { how: 'read' };
  } catch (error) {
    if (error instanceof RateLimitPause) throw error;
    if (!(error instanceof BitbucketError) || error.code === 'rate-limited') throw error;
    const row = inventoryRow({
      listed,
      pipelinesEnabled: null,
      file: null,
      pullRequest,
      identity: { state: 'unknown' },
      readAt,
      error: error.message,
    });
    await store.putRow({ row, scanId: record.scanId, how: 'failed' });
    return { how: 'failed' };
  }
}

/**
 * The file on the main branch in one request: /src takes a branch name in
 * place of a commit when the name has no "/" (else tip first, then the file).
 * A 404 means no file (or, rarely, a main branch without commits): absent.
 */
async function readMainFile(client: BitbucketClient, ids: { workspaceUuid: string; repositoryUuid: string }, branch: string) {
  if (!branch.includes('/')) return client.readFile(ids, branch, PIPELINE_PATH);
  return (await readBranchFile(client, ids, branch)).file;
}

/** For optional reads: a refusal (403) or absence (404) degrades the column; anything else propagates. */
function degrade<T>(error: unknown, fallback: T): T {
  if (error instanceof BitbucketError && (error.code === 'forbidden' || error.code === 'not-found')) return fallback;
  throw error;
}
