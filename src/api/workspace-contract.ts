// The resolver contract of the workspace page (bitbucket:workspaceSettingsMenuPage),
// shared by src/workspace-resolvers (Node) and static/workspace (browser). It is a
// contract of its own, behind its own resolver function, so the repository page's
// keys and the workspace page's keys can never be called from the wrong page.
//
// Who does what:
// - The scan runs in the background on Forge's async events (as the app: it only
//   reads). The page starts it and polls `scanStatus`; results land in storage
//   and the page reads them with `listInventory`.
// - Writes (pull requests, variables) run as the admin. A Forge queue push is made
//   as the app and carries no user credentials, so the page drives the writes:
//   `startBulk` records the run, then one `bulkStep` per repository (a few in
//   flight), each as the user. A closed page resumes from `bulkStatus`.
// - Workspace and repository IDs come from the Forge context and from the stored
//   inventory: a repository UUID in a payload is only a choice among the
//   repositories the scan found in this workspace, never trusted on its own.
import type { UseCaseError } from '../usecases/types';
import type { ConsentOption, ResolverResult } from './contract';

export type { ResolverResult, ConsentOption };

// ---------------------------------------------------------------- scan

export type ScanKind =
  /** Read every repository. */
  | 'full'
  /** Read only repositories whose `updated_on` changed since the last scan (and new ones). */
  | 'rescan';

export type ScanPhase =
  | 'queued' // pushed, no consumer has run yet
  | 'listing' // walking the repository listing and the admin's pull requests
  | 'reading' // reading pipeline files and Pipelines settings
  | 'waiting' // paused by the rate limit; resumes at `resumesAt`
  | 'done'
  | 'failed' // stopped for good (see `error`); a new scan starts over, keeping what was read
  | 'cancelled';

export interface ScanCounts {
  /** Repositories in the workspace; null until the listing has been walked. */
  total: number | null;
  /** Repositories whose state is known for this scan (read, or kept because unchanged). */
  done: number;
  /** Of `done`: read in this scan. */
  read: number;
  /** Of `done`: kept from the previous scan because `updated_on` did not change. */
  unchanged: number;
  /** Could not be read (each row says why); counted in `done`. */
  failed: number;
  /** Still to read. */
  remaining: number;
}

export interface ScanProgress {
  scanId: string;
  kind: ScanKind;
  phase: ScanPhase;
  counts: ScanCounts;
  /** Bitbucket requests spent by this scan so far. */
  requests: number;
  /** ISO times. */
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Estimated seconds left (from the pace so far and the rate limit); null while unknown. */
  etaSeconds: number | null;
  /** When phase is 'waiting': when work resumes (ISO). */
  resumesAt: string | null;
  /** Plain words for the progress bar's caption. */
  message: string;
  /** When phase is 'failed'. */
  error?: UseCaseError;
}

export interface ScanStatusData {
  /** The current or last scan; null when the workspace was never scanned. */
  scan: ScanProgress | null;
  /** ISO time of the last finished scan, for "Last scanned …"; null if none. */
  lastFinishedAt: string | null;
}

// ---------------------------------------------------------------- inventory

/**
 * The status a row is filtered and sorted by, in the order a rollout goes.
 * Derived from the other columns (src/usecases/workspace decides).
 */
export type RepositoryStatus =
  | 'set-up' // a step has oidc: true and CHAINGUARD_IDENTITY is set
  | 'pull-request-merged' // our setup pull request was merged; identity still to set or check
  | 'pull-request-open' // our setup pull request is open
  | 'needs-setup' // nothing yet: eligible for a pull request
  | 'pipelines-off' // Pipelines is disabled in this repository
  | 'invalid-pipeline' // bitbucket-pipelines.yml does not parse or cannot be edited safely
  | 'unreadable'; // the scan could not read it (see `error`)

export type PipelineFileState =
  | { state: 'absent' }
  | { state: 'present'; lines: number }
  | { state: 'unparsable'; reason: string }
  | { state: 'unknown' };

export type SetupPullRequestState =
  | { state: 'none' }
  | { state: 'open' | 'merged'; id: number; url: string; title: string }
  | { state: 'unknown' };

export type IdentityVariableState =
  /** Set where: a repository variable overrides the workspace variable. */
  | { state: 'repository' | 'workspace' }
  | { state: 'none' }
  /**
   * Not read, to stay within the rate limit: repository variables are read only
   * for repositories with an `oidc: true` step or a setup pull request (where
   * the variable is used); elsewhere only the workspace variable is known.
   */
  | { state: 'not-checked' }
  | { state: 'unknown' };

/**
 * Last run of the check pipeline ("Run check"): read by the scan where the file
 * has the check pipeline ('none' elsewhere), or recorded by the repository page
 * since, whichever is newer; 'unknown' when it could not be read.
 */
export type LastCheckState =
  | { state: 'none' }
  | { state: 'passed' | 'failed' | 'running' | 'stopped'; at: string; url: string | null }
  | { state: 'unknown' };

export interface InventoryRow {
  /** Braced UUID, as Bitbucket gives it. */
  repositoryUuid: string;
  slug: string;
  name: string;
  project: { key: string; name: string } | null;
  mainBranch: string;
  /** `updated_on` from the listing (ISO). */
  updatedOn: string;
  /** Web link of the repository (links.html.href). */
  url: string;
  /** Where the repository page of this app lives: `${url}/admin/forge/…` is built by the page, which knows its app id. */
  status: RepositoryStatus;
  /** null when unknown (e.g. the admin scope was refused). */
  pipelinesEnabled: boolean | null;
  pipelineFile: PipelineFileState;
  /** Labels of the steps that have `oidc: true` (e.g. "Build (branches: main)"). */
  oidcSteps: string[];
  pullRequest: SetupPullRequestState;
  identity: IdentityVariableState;
  lastCheck: LastCheckState;
  /** ISO time this row was read from Bitbucket. */
  readAt: string;
  /** Why the row is 'unreadable' or partly unknown, and what to do. */
  error?: string;
}

export type InventorySortKey = 'project' | 'name' | 'status';

export interface InventoryFilter {
  /** Project keys; empty or absent = all. */
  projects?: string[];
  statuses?: RepositoryStatus[];
  /** Case-insensitive substring of slug or name. */
  text?: string;
}

export interface InventoryQuery {
  filter?: InventoryFilter;
  sort?: { by: InventorySortKey; direction: 'asc' | 'desc' };
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
  /** Rows per page: 1–500, default 500. */
  limit?: number;
}

export interface InventoryPage {
  rows: InventoryRow[];
  /** Rows matching the filter (all pages). */
  matching: number;
  /** Rows in the inventory. */
  total: number;
  /** Per status and per project, over the whole inventory (for the filter chips). */
  byStatus: Record<RepositoryStatus, number>;
  projects: { key: string; name: string; count: number }[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------- bulk writes

/** Chosen once for all selected repositories. */
export interface BulkIdentitySettings {
  organization: string;
  /** Default "registry.pull". */
  role?: string;
  /**
   * `main-branch`: each repository trusts its own main branch.
   * `environment`: the deployment environment of this name in each repository (a repository without it is refused).
   * `repository`: any step of the repository.
   */
  trust: { kind: 'main-branch' } | { kind: 'environment'; environmentName: string } | { kind: 'repository' };
  /** Which steps receive oidc: true: the steps that already mention cgr.dev, or none (only the custom pipeline). */
  steps: 'suggested' | 'custom-pipeline-only';
  image?: { name: string; tag: string };
}

export type BulkAction = 'open-pull-requests' | 'save-identity-ids';

export type BulkItemState =
  | 'pending' // not tried yet (or retried)
  | 'created' // new pull request / new variable
  | 'updated' // our open pull request got a new commit / the variable had another value
  | 'unchanged' // already exactly so
  | 'refused' // the plan refused (reason says why: unparsable file, anchors, pull request edited by a person…)
  | 'failed'; // Bitbucket failed after retries (message says what to do); retryable

/** How many items of a run are in each state: the backend's run view and the page's local updates count alike. */
export function countBulkItems(items: readonly Pick<BulkItem, 'state'>[]): Record<BulkItemState, number> {
  const counts: Record<BulkItemState, number> = { pending: 0, created: 0, updated: 0, unchanged: 0, refused: 0, failed: 0 };
  for (const item of items) counts[item.state] += 1;
  return counts;
}

export interface BulkItem {
  repositoryUuid: string;
  slug: string;
  state: BulkItemState;
  /** Plain words: the plan's reason, or what to do. */
  message: string;
  pullRequest: { id: number; url: string } | null;
  /** For 'failed': the error code, e.g. 'rate-limited'. */
  errorCode?: UseCaseError['code'];
  /** Attempts so far. */
  attempts: number;
  /** ISO time of the last attempt. */
  at: string | null;
}

export interface BulkRun {
  runId: string;
  action: BulkAction;
  startedAt: string;
  /** By account (context.accountId of the admin who started it). */
  startedBy: string | null;
  items: BulkItem[];
  counts: Record<BulkItemState, number>;
  /** True when no item is pending. */
  finished: boolean;
}

/**
 * Save identity IDs: the pasted `terraform output -json` (≤ 512 KB).
 * `per-repository`: an output map slug → identity ID sets each repository's variable.
 * `single`: one identity ID sets the workspace variable (a repository variable overrides it).
 */
export interface SaveIdentityIdsInput {
  shape: 'per-repository' | 'single';
  terraformOutputJson: string;
}

export interface WorkspaceVariableData {
  key: 'CHAINGUARD_IDENTITY';
  outcome: 'created' | 'updated' | 'unchanged';
  /** Repositories that set their own CHAINGUARD_IDENTITY, which overrides this one. */
  overriddenIn: string[];
}

// ---------------------------------------------------------------- deployment environments

/** A deployment environment as Bitbucket names it (braced UUID, name as typed). */
export interface DeploymentEnvironment {
  uuid: string;
  name: string;
}

/**
 * One repository's deployment environments, or why they could not be read
 * (in plain words: which permission or setting is missing, and what to do).
 */
export type RepositoryEnvironments =
  | { repositoryUuid: string; slug: string; state: 'read'; environments: DeploymentEnvironment[] }
  | { repositoryUuid: string; slug: string; state: 'failed'; error: UseCaseError };

// ---------------------------------------------------------------- the page's context

export interface WorkspacePageData {
  workspace: { uuid: string; slug: string; name: string };
  scan: ScanStatusData;
  /** The run the page should resume (pending items left), if any. */
  activeBulkRun: BulkRun | null;
  /** Limits the page shows and keeps to. */
  limits: {
    /** Repositories one scan will cover; beyond it the scan refuses and says so. */
    maxRepositories: number;
    /** bulkStep calls the page keeps in flight. */
    bulkConcurrency: number;
    maxTerraformOutputBytes: number;
  };
}

// ---------------------------------------------------------------- keys

/** Resolver function keys of the workspace page and their payload / result types. */
export interface WorkspaceResolverContract {
  /** Workspace from the context, the last scan and any unfinished bulk run. */
  loadWorkspacePage: { payload: Record<string, never>; result: WorkspacePageData };
  /** Starts a scan (or answers the one already running: one scan per workspace). */
  startScan: { payload: { kind: ScanKind }; result: ScanProgress };
  scanStatus: { payload: Record<string, never>; result: ScanStatusData };
  cancelScan: { payload: Record<string, never>; result: ScanStatusData };
  listInventory: { payload: InventoryQuery; result: InventoryPage };
  /**
   * Every row, in storage order, 500 per call: what the page loads to hold the
   * whole inventory (it filters, sorts and counts itself). Each call reads only
   * its own 500 rows from storage, where listInventory reads them all to sort.
   */
  inventoryRows: { payload: { cursor?: string }; result: { rows: InventoryRow[]; nextCursor: string | null } };
  /**
   * Records a bulk run over the selected repositories (≤ 3,000; each must be in
   * the inventory). For 'save-identity-ids', `identityIds` comes from `parseIdentityIds`.
   */
  startBulk: {
    payload:
      | { action: 'open-pull-requests'; repositoryUuids: string[]; settings: BulkIdentitySettings }
      | { action: 'save-identity-ids'; identityIds: { repositoryUuid: string; identityId: string }[] };
    result: BulkRun;
  };
  /**
   * Does one repository of a run, as the admin. Idempotent: an item already
   * created/updated/unchanged/refused is answered from storage without a request.
   */
  bulkStep: { payload: { runId: string; repositoryUuid: string } & ConsentOption; result: BulkItem };
  bulkStatus: { payload: { runId?: string }; result: BulkRun | null };
  /** Puts the failed items of a run back to 'pending' and returns the run; the page then steps them again. */
  retryFailed: { payload: { runId: string }; result: BulkRun };
  /**
   * Parses pasted `terraform output -json` against the inventory: per-repository
   * → one ID per matching repository (unknown slugs reported); single → one ID.
   */
  parseIdentityIds: {
    payload: SaveIdentityIdsInput;
    result: {
      shape: SaveIdentityIdsInput['shape'];
      identityIds: { repositoryUuid: string; slug: string; identityId: string }[];
      /** Output keys that match no repository of the inventory. */
      unknownSlugs: string[];
      /** For `single`. */
      identityId: string | null;
    };
  };
  /**
   * Reads the deployment environments of a few selected repositories (at most
   * WORKSPACE_LIMITS.maxEnvironmentRepositories per call; each must be in the
   * inventory), for environment trust. The page calls it in batches.
   */
  readEnvironments: { payload: { repositoryUuids: string[] }; result: { repositories: RepositoryEnvironments[] } };
  /** Single-identity shape: sets the workspace variable CHAINGUARD_IDENTITY, as the admin. */
  saveWorkspaceIdentity: { payload: { identityId: string } & ConsentOption; result: WorkspaceVariableData };
}

export type WorkspaceResolverKey = keyof WorkspaceResolverContract;
export type WorkspacePayloadOf<K extends WorkspaceResolverKey> = WorkspaceResolverContract[K]['payload'];
export type WorkspaceResultOf<K extends WorkspaceResolverKey> = ResolverResult<
  WorkspaceResolverContract[K]['result']
>;

/** The limits the backend enforces (the page shows them). */
export const WORKSPACE_LIMITS = {
  maxRepositories: 10_000,
  maxBulkRepositories: 3_000,
  bulkConcurrency: 4,
  maxTerraformOutputBytes: 512 * 1024,
  inventoryPageSize: 500,
  /**
   * Repositories per readEnvironments call: one listing each (two for a
   * repository with more than 100 environments), read a few at a time, so a
   * call stays well inside the resolver's 25 s even when Bitbucket is slow.
   */
  maxEnvironmentRepositories: 25,
  /** Environment listings one readEnvironments call keeps in flight. */
  environmentConcurrency: 5,
} as const;
