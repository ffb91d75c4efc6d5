// The workspace page's resolver functions, free of Forge imports (as
// src/resolvers is for the repository page): the queue, storage, clients and
// use cases are passed in. The workspace comes from the Forge context only;
// repository UUIDs in payloads are choices among the repositories the scan
// stored for that workspace, and anything else is refused.
import {
  WORKSPACE_LIMITS,
  type InventoryPage,
  type InventoryRow,
  type RepositoryStatus,
  type WorkspaceResolverKey,
  type WorkspaceResultOf,
} from '../api/workspace-contract';
import type { BitbucketClient } from '../bitbucket';
import { normalizeUuid } from '../core/uuid';
import { WORKSPACE_KEYS, type WorkspaceStore } from '../storage/workspace-store';
import { isNeedsAuthentication, toUseCaseError } from '../usecases/errors';
import { IDENTITY_VARIABLE } from '../usecases/types';
import type { UseCaseError } from '../usecases/types';
import { bulkStep, createRun, loadRun, retryFailed, runView, type BulkUseCases, type StoredRun } from '../usecases/workspace/bulk';
import { parseIdentityOutput } from '../core/workspace/terraform-output';
import { readEnvironments } from '../usecases/workspace/environments';
import { cancelScan, isStale, loadScan, startScan } from '../usecases/workspace/scan';
import { saveWorkspaceIdentity } from '../usecases/workspace/save-workspace-identity';
import { scanProgress } from '../usecases/workspace/scan-record';
import { parsePayload } from '../resolvers/payload';
import { workspacePayloadSchemas } from './schemas';

/** Where scan events go: Forge's Queue in production, the preview's emulation locally. */
export interface ScanQueue {
  push(events: { body: { scanId: string }; delayInSeconds?: number }[]): Promise<void>;
}

export interface WorkspaceResolverDeps {
  store: WorkspaceStore;
  queue: ScanQueue;
  /** read: as the app; write: as the admin (asUser). */
  clients(): { read: BitbucketClient; write: BitbucketClient };
  useCases: BulkUseCases;
  clock: { now(): number };
  newId(): string;
}

export interface ResolverRequest {
  payload?: unknown;
  context?: unknown;
}

export type WorkspaceResolverHandlers = {
  [K in WorkspaceResolverKey]: (request: ResolverRequest) => Promise<WorkspaceResultOf<K>>;
};

interface Caller {
  workspaceUuid: string;
  workspaceSlug: string;
  accountId: string | null;
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

function callerFrom(context: unknown): { ok: true; caller: Caller } | { ok: false; error: UseCaseError } {
  const raw = field(context, 'workspaceId');
  const workspaceUuid = typeof raw === 'string' ? normalizeUuid(raw) : null;
  if (workspaceUuid === null) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: "The Forge context has no valid workspace (context.workspaceId). Open this page from the workspace's settings (Workspace settings → Chainguard OIDC).",
      },
    };
  }
  const account = field(context, 'accountId');
  const slug = field(field(field(context, 'extension'), 'workspace'), 'slug');
  return {
    ok: true,
    caller: {
      workspaceUuid,
      workspaceSlug: typeof slug === 'string' ? slug : '',
      accountId: typeof account === 'string' && account.length > 0 ? account : null,
    },
  };
}

type Parsed<K extends WorkspaceResolverKey> = ReturnType<(typeof workspacePayloadSchemas)[K]['parse']>;

function guarded<K extends WorkspaceResolverKey>(
  key: K,
  body: (caller: Caller, payload: Parsed<K>) => Promise<WorkspaceResultOf<K>>,
): (request: ResolverRequest) => Promise<WorkspaceResultOf<K>> {
  return async (request) => {
    let letConsentThrough = false;
    try {
      const context = callerFrom(request.context);
      if (!context.ok) return context;
      const payload = parsePayload(workspacePayloadSchemas[key], request.payload);
      if (!payload.ok) return payload;
      letConsentThrough = (payload.data as { allowAccess?: boolean }).allowAccess === true;
      return await body(context.caller, payload.data as Parsed<K>);
    } catch (error) {
      if (isNeedsAuthentication(error)) {
        if (letConsentThrough) throw error;
        return {
          ok: false,
          error: { code: 'needs-authentication', message: 'Allow the app to act as you in Bitbucket, then try again.' },
        };
      }
      try {
        return { ok: false, error: toUseCaseError(error) };
      } catch {
        console.error(`Workspace resolver ${key} failed:`, error);
        return { ok: false, error: { code: 'internal', message: `Something went wrong in ${key}; this is a bug in the app. Try again; if it persists, report it.` } };
      }
    }
  };
}

const STATUS_ORDER: RepositoryStatus[] = [
  'unreadable',
  'invalid-pipeline',
  'pipelines-off',
  'needs-setup',
  'pull-request-open',
  'pull-request-merged',
  'set-up',
];

function invalid(message: string): { ok: false; error: UseCaseError } {
  return { ok: false, error: { code: 'invalid-input', message } };
}

export function createWorkspaceResolvers(deps: WorkspaceResolverDeps): WorkspaceResolverHandlers {
  const { store, clock } = deps;

  /** The stored inventory of this workspace, by canonical UUID. */
  async function inventory(): Promise<Map<string, InventoryRow>> {
    const rows = await store.allRows();
    return new Map(rows.map((s) => [normalizeUuid(s.row.repositoryUuid) ?? s.row.repositoryUuid, s.row]));
  }

  async function scanStatusData(caller: Caller) {
    let record = await loadScan(store);
    if (record && record.workspaceUuid !== caller.workspaceUuid) record = null;
    // A scan nobody has worked on for a while lost its event (a consumer died): push it again.
    if (record && isStale(record, clock.now())) {
      const revived = await startScan(deps, { workspaceUuid: caller.workspaceUuid, author: caller.accountId, kind: record.kind });
      if (revived.push) await deps.queue.push([{ body: { scanId: revived.progress.scanId } }]);
      record = await loadScan(store);
    }
    return {
      scan: record ? scanProgress(record, clock.now()) : null,
      lastFinishedAt: record ? (record.phase === 'done' ? record.finishedAt : record.lastFinishedAt) : null,
    };
  }

  async function activeRun(): Promise<StoredRun | null> {
    const runId = await store.kv.get(WORKSPACE_KEYS.activeBulk);
    return typeof runId === 'string' ? loadRun(store, runId) : null;
  }

  return {
    loadWorkspacePage: guarded('loadWorkspacePage', async (caller) => {
      const run = await activeRun();
      const view = run && run.workspaceUuid === caller.workspaceUuid ? await runView(store, run) : null;
      return {
        ok: true,
        data: {
          workspace: { uuid: caller.workspaceUuid, slug: caller.workspaceSlug, name: caller.workspaceSlug },
          scan: await scanStatusData(caller),
          activeBulkRun: view && !view.finished ? view : null,
          limits: {
            maxRepositories: WORKSPACE_LIMITS.maxRepositories,
            bulkConcurrency: WORKSPACE_LIMITS.bulkConcurrency,
            maxTerraformOutputBytes: WORKSPACE_LIMITS.maxTerraformOutputBytes,
          },
        },
      };
    }),

    startScan: guarded('startScan', async (caller, payload) => {
      const started = await startScan(deps, { workspaceUuid: caller.workspaceUuid, author: caller.accountId, kind: payload.kind });
      if (started.push) await deps.queue.push([{ body: { scanId: started.progress.scanId } }]);
      return { ok: true, data: started.progress };
    }),

    scanStatus: guarded('scanStatus', async (caller) => ({ ok: true, data: await scanStatusData(caller) })),

    cancelScan: guarded('cancelScan', async (caller) => {
      await cancelScan(deps);
      return { ok: true, data: await scanStatusData(caller) };
    }),

    listInventory: guarded('listInventory', async (_caller, query) => {
      const all = [...(await inventory()).values()];
      const byStatus = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<RepositoryStatus, number>;
      const projects = new Map<string, { key: string; name: string; count: number }>();
      for (const row of all) {
        byStatus[row.status] += 1;
        const key = row.project?.key ?? '';
        const entry = projects.get(key) ?? { key, name: row.project?.name ?? 'No project', count: 0 };
        entry.count += 1;
        projects.set(key, entry);
      }
      const text = query.filter?.text?.toLowerCase();
      const matching = all.filter(
        (row) =>
          (!query.filter?.projects?.length || query.filter.projects.includes(row.project?.key ?? '')) &&
          (!query.filter?.statuses?.length || query.filter.statuses.includes(row.status)) &&
          (!text || row.slug.toLowerCase().includes(text) || row.name.toLowerCase().includes(text)),
      );
      const by = query.sort?.by ?? 'name';
      const sign = query.sort?.direction === 'desc' ? -1 : 1;
      const keyOf = (row: InventoryRow): string =>
        by === 'project'
          ? `${row.project?.name ?? ''}\u0000${row.slug}`
          : by === 'status'
            ? `${String(STATUS_ORDER.indexOf(row.status)).padStart(2, '0')}\u0000${row.slug}`
            : row.slug;
      matching.sort((a, b) => sign * keyOf(a).localeCompare(keyOf(b)));
      const start = query.cursor === undefined ? 0 : Number(query.cursor);
      const limit = query.limit ?? WORKSPACE_LIMITS.inventoryPageSize;
      const rows = matching.slice(start, start + limit);
      const page: InventoryPage = {
        rows,
        matching: matching.length,
        total: all.length,
        byStatus,
        projects: [...projects.values()].sort((a, b) => a.name.localeCompare(b.name)),
        nextCursor: start + limit < matching.length ? String(start + limit) : null,
      };
      return { ok: true, data: page };
    }),

    inventoryRows: guarded('inventoryRows', async (_caller, payload) => {
      const page = await store.rowsPage(payload.cursor ?? null, WORKSPACE_LIMITS.inventoryPageSize);
      return { ok: true, data: { rows: page.rows.map((s) => s.row), nextCursor: page.cursor } };
    }),

    startBulk: guarded('startBulk', async (caller, payload) => {
      const rows = await inventory();
      const wanted =
        payload.action === 'open-pull-requests'
          ? payload.repositoryUuids
          : payload.identityIds.map((i) => i.repositoryUuid);
      const uuids = [...new Set(wanted.map((u) => normalizeUuid(u) ?? u))];
      const unknown = uuids.filter((u) => !rows.has(u));
      if (unknown.length > 0) {
        return invalid(
          `${unknown.length} of the selected repositories are not in this workspace's inventory (e.g. ${unknown[0]}). Re-scan the workspace, then select again.`,
        );
      }
      const run: StoredRun = {
        runId: deps.newId(),
        action: payload.action,
        workspaceUuid: caller.workspaceUuid,
        startedAt: new Date(clock.now()).toISOString(),
        startedBy: caller.accountId,
        repositoryUuids: uuids,
        settings: payload.action === 'open-pull-requests' ? payload.settings : null,
        identityIds:
          payload.action === 'save-identity-ids'
            ? Object.fromEntries(payload.identityIds.map((i) => [normalizeUuid(i.repositoryUuid) ?? i.repositoryUuid, i.identityId]))
            : null,
      };
      return { ok: true, data: await createRun(store, run, rows) };
    }),

    bulkStep: guarded('bulkStep', async (caller, payload) => {
      const run = await loadRun(store, payload.runId);
      if (!run || run.workspaceUuid !== caller.workspaceUuid) return invalid('No such run in this workspace; start it again.');
      const uuid = normalizeUuid(payload.repositoryUuid) ?? payload.repositoryUuid;
      if (!run.repositoryUuids.includes(uuid)) return invalid('That repository is not part of this run.');
      // One row, not the whole inventory: a run steps through up to 3,000 repositories.
      const row = (await store.getRow(uuid))?.row;
      if (!row) return invalid('That repository is no longer in the inventory; re-scan the workspace.');
      const item = await bulkStep(
        { store, clients: deps.clients(), useCases: deps.useCases, now: () => new Date(clock.now()) },
        run,
        row,
      );
      return { ok: true, data: item };
    }),

    bulkStatus: guarded('bulkStatus', async (caller, payload) => {
      const run = payload.runId ? await loadRun(store, payload.runId) : await activeRun();
      if (!run || run.workspaceUuid !== caller.workspaceUuid) return { ok: true, data: null };
      return { ok: true, data: await runView(store, run) };
    }),

    retryFailed: guarded('retryFailed', async (caller, payload) => {
      const run = await loadRun(store, payload.runId);
      if (!run || run.workspaceUuid !== caller.workspaceUuid) return invalid('No such run in this workspace.');
      return { ok: true, data: await retryFailed(store, run) };
    }),

    parseIdentityIds: guarded('parseIdentityIds', async (_caller, payload) => {
      // The core's parser checks the output names the generator writes and each identity ID.
      const known = payload.shape === 'single' ? [] : [...(await inventory()).values()].map((row) => ({ slug: row.slug, repositoryUuid: row.repositoryUuid }));
      const parsed = parseIdentityOutput(payload.terraformOutputJson, payload.shape, known);
      if (!parsed.ok) return invalid(parsed.error.message);
      const value = parsed.value;
      if (value.shape === 'single') return { ok: true, data: { shape: 'single', identityIds: [], unknownSlugs: [], identityId: value.identityId } };
      return { ok: true, data: { shape: 'per-repository', identityIds: value.identityIds, unknownSlugs: value.unknownSlugs, identityId: null } };
    }),

    saveWorkspaceIdentity: guarded('saveWorkspaceIdentity', async (caller, payload) => {
      const saved = await saveWorkspaceIdentity(deps.clients(), caller.workspaceUuid, payload.identityId);
      if (!saved.ok) return saved;
      const overriddenIn = [...(await inventory()).values()].filter((r) => r.identity.state === 'repository').map((r) => r.slug);
      return { ok: true, data: { key: IDENTITY_VARIABLE, outcome: saved.data.outcome, overriddenIn } };
    }),

    readEnvironments: guarded('readEnvironments', async (caller, payload) =>
      // The workspace from the context; each UUID must name a row of the stored inventory (checked there).
      readEnvironments({ store, read: deps.clients().read }, { workspaceUuid: caller.workspaceUuid, repositoryUuids: payload.repositoryUuids }),
    ),
  };
}
