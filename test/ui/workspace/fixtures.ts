// Workspace page data and inventory rows for the page tests.
import type { BulkItem, BulkRun, InventoryRow, ScanProgress, WorkspacePageData } from '../../../src/api/workspace-contract';
import { WORKSPACE_LIMITS } from '../../../src/api/workspace-contract';

export const WORKSPACE = { uuid: '{922e118c-f34f-4226-a897-0e0afbec553d}', slug: 'acme', name: 'Acme' };

function uuidOf(i: number): string {
  return `{${i.toString(16).padStart(8, '0')}-ce6a-42a0-a8c8-eadbf1174ac7}`;
}

export function inventoryRow(i: number, overrides: Partial<InventoryRow> = {}): InventoryRow {
  const slug = `repo-${String(i).padStart(3, '0')}`;
  return {
    repositoryUuid: uuidOf(i),
    slug,
    name: slug,
    project: i % 3 === 0 ? { key: 'OPS', name: 'Operations' } : { key: 'WEB', name: 'Web' },
    mainBranch: 'main',
    updatedOn: '2026-11-30T10:00:00.000Z',
    url: `https://bitbucket.org/acme/${slug}`,
    status: i % 5 === 0 ? 'set-up' : 'needs-setup',
    pipelinesEnabled: true,
    pipelineFile: { state: 'present', lines: 20 },
    oidcSteps: i % 5 === 0 ? ['Build (default)'] : [],
    pullRequest: { state: 'none' },
    identity: i % 5 === 0 ? { state: 'repository' } : { state: 'none' },
    lastCheck: { state: 'none' },
    readAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

export function scanProgress(overrides: Partial<ScanProgress> = {}): ScanProgress {
  return {
    scanId: 'scan-1',
    kind: 'full',
    phase: 'done',
    counts: { total: 12, done: 12, read: 12, unchanged: 0, failed: 0, remaining: 0 },
    requests: 27,
    startedAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:01:00.000Z',
    finishedAt: '2026-12-01T10:01:00.000Z',
    etaSeconds: null,
    resumesAt: null,
    message: 'Scan finished.',
    ...overrides,
  };
}

export function pageData(overrides: Partial<WorkspacePageData> = {}): WorkspacePageData {
  return {
    workspace: WORKSPACE,
    scan: { scan: scanProgress(), lastFinishedAt: '2026-12-01T10:01:00.000Z' },
    activeBulkRun: null,
    limits: { maxRepositories: WORKSPACE_LIMITS.maxRepositories, bulkConcurrency: 3, maxTerraformOutputBytes: WORKSPACE_LIMITS.maxTerraformOutputBytes },
    ...overrides,
  };
}

export function bulkItem(row: InventoryRow, overrides: Partial<BulkItem> = {}): BulkItem {
  return { repositoryUuid: row.repositoryUuid, slug: row.slug, state: 'pending', message: 'Waiting', pullRequest: null, attempts: 0, at: null, ...overrides };
}

export function bulkRun(action: BulkRun['action'], items: BulkItem[]): BulkRun {
  const counts = { pending: 0, created: 0, updated: 0, unchanged: 0, refused: 0, failed: 0 };
  for (const item of items) counts[item.state]++;
  return { runId: 'run-1', action, startedAt: '2026-12-01T11:00:00.000Z', startedBy: null, items, counts, finished: counts.pending === 0 };
}
