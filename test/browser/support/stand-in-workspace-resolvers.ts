// A stand-in for the workspace page's resolver function, written against the
// real @forge/resolver and the shared contract, until the real one (issue 11's
// backend) is in: a scan that advances on each poll, an inventory of 30
// repositories, and bulk runs whose outcomes are scripted per repository.
// It tests the page in a real browser, not the backend.
import Resolver from '@forge/resolver';
import type { BulkItem, BulkRun, InventoryRow, ScanProgress, WorkspacePageData, WorkspaceResolverContract } from '../../../src/api/workspace-contract';
import { WORKSPACE_LIMITS } from '../../../src/api/workspace-contract';
import type { ResolverHandler } from '../../../preview/forge-runtime/invoke-handler';

export const STAND_IN_REPOSITORIES = 30;

function row(i: number): InventoryRow {
  const slug = `service-${String(i).padStart(2, '0')}`;
  return {
    repositoryUuid: `{${i.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd}`,
    slug,
    name: slug,
    project: i % 2 === 0 ? { key: 'PAY', name: 'Payments' } : { key: 'WEB', name: 'Web' },
    mainBranch: 'main',
    updatedOn: '2026-11-30T10:00:00.000Z',
    url: `https://bitbucket.org/acme/${slug}`,
    status: i % 7 === 0 ? 'set-up' : 'needs-setup',
    pipelinesEnabled: true,
    pipelineFile: { state: 'present', lines: 12 },
    oidcSteps: [],
    pullRequest: { state: 'none' },
    identity: { state: 'none' },
    lastCheck: { state: 'none' },
    readAt: '2026-12-01T10:00:00.000Z',
  };
}

type Result<K extends keyof WorkspaceResolverContract> = WorkspaceResolverContract[K]['result'];

export function standInWorkspaceHandler(options: { failOnce: string[] }): { handler: ResolverHandler; steps: string[] } {
  const rows = Array.from({ length: STAND_IN_REPOSITORIES }, (_, i) => row(i + 1));
  const steps: string[] = [];
  const failed = new Set<string>();
  let polls = 0;
  let run: BulkRun | null = null;

  const scan = (): ScanProgress => {
    const done = Math.min(STAND_IN_REPOSITORIES, polls * 10);
    const finished = done === STAND_IN_REPOSITORIES;
    return {
      scanId: 'scan-1',
      kind: 'full',
      phase: finished ? 'done' : 'reading',
      counts: { total: STAND_IN_REPOSITORIES, done, read: done, unchanged: 0, failed: 0, remaining: STAND_IN_REPOSITORIES - done },
      requests: done * 2 + 1,
      startedAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:10.000Z',
      finishedAt: finished ? '2026-12-01T10:00:30.000Z' : null,
      etaSeconds: finished ? null : (STAND_IN_REPOSITORIES - done) * 2,
      resumesAt: null,
      message: finished ? 'Scan finished.' : 'Reading pipeline files.',
    };
  };
  const counts = (items: BulkItem[]) => {
    const c = { pending: 0, created: 0, updated: 0, unchanged: 0, refused: 0, failed: 0 };
    for (const item of items) c[item.state]++;
    return c;
  };
  const withCounts = (r: BulkRun): BulkRun => ({ ...r, counts: counts(r.items), finished: r.items.every((i) => i.state !== 'pending') });

  const resolver = new Resolver();
  const define = <K extends keyof WorkspaceResolverContract>(key: K, fn: (payload: WorkspaceResolverContract[K]['payload']) => Result<K>) =>
    resolver.define(key, ({ payload }) => ({ ok: true, data: fn(payload as WorkspaceResolverContract[K]['payload']) }));

  define('loadWorkspacePage', (): WorkspacePageData => ({
    workspace: { uuid: '{922e118c-f34f-4226-a897-0e0afbec553d}', slug: 'acme', name: 'Acme' },
    scan: { scan: scan(), lastFinishedAt: null },
    activeBulkRun: null,
    limits: { maxRepositories: WORKSPACE_LIMITS.maxRepositories, bulkConcurrency: 3, maxTerraformOutputBytes: WORKSPACE_LIMITS.maxTerraformOutputBytes },
  }));
  define('startScan', () => ((polls = 0), scan()));
  define('scanStatus', () => (polls++, { scan: scan(), lastFinishedAt: polls >= 3 ? '2026-12-01T10:00:30.000Z' : null }));
  define('cancelScan', () => ({ scan: scan(), lastFinishedAt: null }));
  define('listInventory', () => ({
    rows: polls >= 3 ? rows : rows.slice(0, 10),
    matching: rows.length,
    total: rows.length,
    byStatus: { 'set-up': 4, 'pull-request-merged': 0, 'pull-request-open': 0, 'needs-setup': 26, 'pipelines-off': 0, 'invalid-pipeline': 0, unreadable: 0 },
    projects: [
      { key: 'PAY', name: 'Payments', count: 15 },
      { key: 'WEB', name: 'Web', count: 15 },
    ],
    nextCursor: null,
  }));
  define('startBulk', (payload) => {
    const uuids = payload.action === 'open-pull-requests' ? payload.repositoryUuids : payload.identityIds.map((i) => i.repositoryUuid);
    const items = uuids.map((uuid): BulkItem => ({ repositoryUuid: uuid, slug: rows.find((r) => r.repositoryUuid === uuid)!.slug, state: 'pending', message: 'Waiting', pullRequest: null, attempts: 0, at: null }));
    run = withCounts({ runId: 'run-1', action: payload.action, startedAt: '2026-12-01T11:00:00.000Z', startedBy: null, items, counts: counts(items), finished: false });
    return run;
  });
  define('bulkStep', ({ repositoryUuid }) => {
    const item = run!.items.find((i) => i.repositoryUuid === repositoryUuid)!;
    steps.push(item.slug);
    const fails = options.failOnce.includes(item.slug) && !failed.has(item.slug);
    if (fails) failed.add(item.slug);
    const n = run!.items.indexOf(item) + 1;
    const next: BulkItem = fails
      ? { ...item, state: 'failed', message: 'Bitbucket answered 503 three times. Retry later.', errorCode: 'bitbucket-unavailable', attempts: item.attempts + 1, at: '2026-12-01T11:00:01.000Z' }
      : { ...item, state: 'created', message: 'Pull request opened.', pullRequest: { id: n, url: `https://bitbucket.org/acme/${item.slug}/pull-requests/${n}` }, attempts: item.attempts + 1, at: '2026-12-01T11:00:01.000Z' };
    run = withCounts({ ...run!, items: run!.items.map((i) => (i === item ? next : i)) });
    return next;
  });
  define('bulkStatus', () => run);
  define('retryFailed', () => (run = withCounts({ ...run!, items: run!.items.map((i) => (i.state === 'failed' ? { ...i, state: 'pending' } : i)) })));
  define('parseIdentityIds', () => ({ shape: 'per-repository', identityIds: [], unknownSlugs: [], identityId: null }));
  define('saveWorkspaceIdentity', () => ({ key: 'CHAINGUARD_IDENTITY', outcome: 'created', overriddenIn: [] }));
  // Every repository has Production; even ones also Staging (UUIDs made from the repository's).
  define('readEnvironments', ({ repositoryUuids }) => ({
    repositories: repositoryUuids.map((uuid) => {
      const row = rows.find((r) => r.repositoryUuid === uuid)!;
      const env = (n: number, name: string) => ({ uuid: `${uuid.slice(0, 9)}-eeee-4eee-8eee-00000000000${n}}`, name });
      const i = rows.indexOf(row) + 1;
      return { repositoryUuid: uuid, slug: row.slug, state: 'read' as const, environments: i % 2 === 0 ? [env(1, 'Production'), env(2, 'Staging')] : [env(1, 'Production')] };
    }),
  }));
  return { handler: resolver.getDefinitions() as unknown as ResolverHandler, steps };
}
