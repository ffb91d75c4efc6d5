// Filtering and sorting the inventory on the page: every row is loaded once
// (at most the scan's repository limit), so typing in the filter answers at
// once instead of a resolver call per keystroke. Same meaning as the
// contract's InventoryFilter.
import type { InventoryFilter, InventoryRow, InventorySortKey, RepositoryStatus } from '@app/api/workspace-contract';

/** Statuses in the order a rollout goes; sorting by status follows it. */
export const STATUS_ORDER: readonly RepositoryStatus[] = [
  'needs-setup',
  'pull-request-open',
  'pull-request-merged',
  'set-up',
  'pipelines-off',
  'invalid-pipeline',
  'unreadable',
];

export const STATUS_LABELS: Record<RepositoryStatus, string> = {
  'set-up': 'Set up',
  'pull-request-merged': 'Pull request merged',
  'pull-request-open': 'Pull request open',
  'needs-setup': 'Needs setup',
  'pipelines-off': 'Pipelines off',
  'invalid-pipeline': 'Pipeline file not editable',
  unreadable: 'Could not be read',
};

export function matchesFilter(row: InventoryRow, filter: InventoryFilter): boolean {
  if (filter.projects && filter.projects.length > 0 && !filter.projects.includes(row.project?.key ?? '')) return false;
  if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes(row.status)) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text && !row.slug.toLowerCase().includes(text) && !row.name.toLowerCase().includes(text)) return false;
  return true;
}

const byText = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true });

function compare(by: InventorySortKey, a: InventoryRow, b: InventoryRow): number {
  switch (by) {
    case 'name':
      return byText(a.name, b.name) || byText(a.slug, b.slug);
    case 'project':
      // Repositories outside a project sort last.
      return (a.project ? 0 : 1) - (b.project ? 0 : 1) || byText(a.project?.name ?? '', b.project?.name ?? '') || compare('name', a, b);
    case 'status':
      return STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || compare('name', a, b);
  }
}

/** The rows that match, in the chosen order (a new array). */
export function viewInventory(rows: readonly InventoryRow[], filter: InventoryFilter, sort: { by: InventorySortKey; direction: 'asc' | 'desc' }): InventoryRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows.filter((row) => matchesFilter(row, filter)).sort((a, b) => sign * compare(sort.by, a, b));
}
