import { describe, expect, it } from 'vitest';
import type { BulkItem, ResolverResult } from '../../../src/api/workspace-contract';
import { driveBulk } from '../../../static/workspace/src/lib/bulk-driver';
import { durationInWords } from '../../../static/workspace/src/lib/eta';
import { viewInventory } from '../../../static/workspace/src/lib/inventory-view';
import { loadInventory, projectsOf } from '../../../static/workspace/src/lib/load-inventory';
import { forgeAppIdFrom, repositoryPageUrl } from '../../../static/workspace/src/lib/repository-link';
import { bulkItem, inventoryRow } from './fixtures';

const rows = [
  inventoryRow(1, { name: 'Zeta', project: null, status: 'set-up' }),
  inventoryRow(2, { name: 'alpha', project: { key: 'B', name: 'Beta' }, status: 'unreadable' }),
  inventoryRow(3, { name: 'Mid', project: { key: 'A', name: 'Alpha' }, status: 'needs-setup' }),
  inventoryRow(10, { name: 'repo10', project: { key: 'A', name: 'Alpha' }, status: 'needs-setup' }),
  inventoryRow(9, { name: 'repo9', project: { key: 'A', name: 'Alpha' }, status: 'needs-setup' }),
];

describe('viewInventory', () => {
  const names = (by: 'name' | 'project' | 'status', direction: 'asc' | 'desc' = 'asc', filter = {}) => viewInventory(rows, filter, { by, direction }).map((r) => r.name);

  it('sorts by name (case-insensitive, numbers in order), project (none last) and status (rollout order)', () => {
    expect(names('name')).toEqual(['alpha', 'Mid', 'repo9', 'repo10', 'Zeta']);
    expect(names('name', 'desc')).toEqual(['Zeta', 'repo10', 'repo9', 'Mid', 'alpha']);
    expect(names('project')).toEqual(['Mid', 'repo9', 'repo10', 'alpha', 'Zeta']);
    expect(names('status')).toEqual(['Mid', 'repo9', 'repo10', 'Zeta', 'alpha']);
  });

  it('filters by text in slug or name, project and status together', () => {
    expect(names('name', 'asc', { text: ' REPO-00' })).toEqual(['alpha', 'Mid', 'repo9', 'Zeta']); // slugs repo-001..repo-009
    expect(names('name', 'asc', { projects: ['A'], statuses: ['needs-setup'], text: 'repo' })).toEqual(['Mid', 'repo9', 'repo10']);
    expect(names('name', 'asc', { projects: ['B'], statuses: ['set-up'] })).toEqual([]);
  });
});

describe('driveBulk', () => {
  const items = Array.from({ length: 10 }, (_, i) => bulkItem(inventoryRow(i + 1)));

  it('steps every pending repository once, never more than `concurrency` at a time', async () => {
    let now = 0;
    let max = 0;
    const seen: string[] = [];
    const outcome = await driveBulk(items, {
      concurrency: 3,
      isStopped: () => false,
      onItem: (item) => seen.push(item.repositoryUuid),
      step: async (uuid): Promise<ResolverResult<BulkItem>> => {
        max = Math.max(max, ++now);
        await new Promise((r) => setTimeout(r, 1));
        now--;
        return { ok: true, data: { ...items.find((i) => i.repositoryUuid === uuid)!, state: 'created' } };
      },
    });
    expect(outcome).toEqual({ kind: 'finished' });
    expect(seen.sort()).toEqual(items.map((i) => i.repositoryUuid).sort());
    expect(max).toBe(3);
  });

  it('shows a step that could not be done as failed with what to do, and goes on', async () => {
    const seen: BulkItem[] = [];
    await driveBulk(items.slice(0, 2), {
      concurrency: 1,
      isStopped: () => false,
      onItem: (item) => seen.push(item),
      step: async () => ({ ok: false, error: { code: 'bitbucket-unavailable', message: 'Bitbucket is not answering; retry later.' } }),
    });
    expect(seen.map((i) => [i.state, i.errorCode, i.message])).toEqual([
      ['failed', 'bitbucket-unavailable', 'Bitbucket is not answering; retry later.'],
      ['failed', 'bitbucket-unavailable', 'Bitbucket is not answering; retry later.'],
    ]);
  });

  it('stops taking work on a consent request or when stopped, leaving the rest pending', async () => {
    let steps = 0;
    const consent = await driveBulk(items, {
      concurrency: 2,
      isStopped: () => false,
      onItem: () => undefined,
      step: async () => (++steps, { ok: false, error: { code: 'needs-authentication', message: 'Allow access.' } }),
    });
    expect(consent.kind).toBe('needs-authentication');
    expect(steps).toBe(2); // the two in flight, nothing after
    let done = 0;
    const stopped = await driveBulk(items, {
      concurrency: 1,
      isStopped: () => done >= 4,
      onItem: () => done++,
      step: async (uuid) => ({ ok: true, data: { ...items.find((i) => i.repositoryUuid === uuid)!, state: 'unchanged' } }),
    });
    expect(stopped).toEqual({ kind: 'stopped' });
    expect(done).toBe(4);
  });

  it('asks for consent on the first step only', async () => {
    const asked: boolean[] = [];
    await driveBulk(items.slice(0, 3), {
      concurrency: 1,
      allowAccess: true,
      isStopped: () => false,
      onItem: () => undefined,
      step: async (uuid, allow) => (asked.push(allow), { ok: true, data: { ...items.find((i) => i.repositoryUuid === uuid)!, state: 'created' } }),
    });
    expect(asked).toEqual([true, false, false]);
  });
});

describe('loadInventory', () => {
  it('stops at a repeated cursor and at the page bound', async () => {
    let calls = 0;
    const page = (nextCursor: string | null) => ({ ok: true as const, data: { rows: [inventoryRow(++calls)], nextCursor } });
    const repeated = await loadInventory(async () => page('same'), 10_000, 500);
    expect(repeated.ok && repeated.data.rows).toHaveLength(2);
    calls = 0;
    const endless = await loadInventory(async () => page(`c${calls}`), 1000, 500);
    expect(endless.ok && endless.data.rows).toHaveLength(3); // ceil(1000 / 500) + 1 pages
  });

  it('counts the projects from the rows, "No project" included, by name', () => {
    const rows = [inventoryRow(1), inventoryRow(2), { ...inventoryRow(3), project: null }];
    const projects = projectsOf(rows);
    expect(projects.reduce((n, p) => n + p.count, 0)).toBe(3);
    expect(projects.find((p) => p.key === '')).toEqual({ key: '', name: 'No project', count: 1 });
    expect(projects.map((p) => p.name)).toEqual([...projects.map((p) => p.name)].sort((a, b) => a.localeCompare(b)));
  });
});

describe('repository links and durations', () => {
  it("links to the app's page of the repository when the app ID is known, else to its settings", () => {
    expect(forgeAppIdFrom('ari:cloud:ecosystem::extension/11111111-2222-4333-8444-555555555555/env-1/static/chainguard-oidc-workspace')).toBe('11111111-2222-4333-8444-555555555555');
    expect(forgeAppIdFrom('chainguard-oidc-workspace-abc')).toBeNull();
    expect(forgeAppIdFrom(undefined)).toBeNull();
    expect(repositoryPageUrl('https://bitbucket.org/acme/web/', 'x-1')).toBe('https://bitbucket.org/acme/web/admin/forge/x-1/chainguard-oidc-settings');
    expect(repositoryPageUrl('https://bitbucket.org/acme/web', null)).toBe('https://bitbucket.org/acme/web/admin');
  });

  it('says time left in words', () => {
    expect([30, 60, 89, 600, 3600, 5400].map(durationInWords)).toEqual([
      'less than a minute',
      'about 1 minute',
      'about 1 minute',
      'about 10 minutes',
      'about 1 hour',
      'about 1 hour 30 min',
    ]);
  });
});
