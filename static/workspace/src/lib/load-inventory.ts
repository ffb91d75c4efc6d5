// Reads the whole inventory, 500 rows a call in storage order (inventoryRows),
// with a bound on the number of calls so a server that keeps answering with a
// cursor cannot loop the page. Projects and their counts come from the rows.
import type { InventoryPage, InventoryRow, ResolverResult } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';

export interface LoadedInventory {
  rows: InventoryRow[];
  projects: InventoryPage['projects'];
}

type RowsPage = { rows: InventoryRow[]; nextCursor: string | null };

export async function loadInventory(
  list: (cursor: string | undefined) => Promise<ResolverResult<RowsPage>>,
  maxRows: number,
  pageSize: number,
): Promise<{ ok: true; data: LoadedInventory } | { ok: false; error: UseCaseError }> {
  const maxPages = Math.ceil(maxRows / pageSize) + 1;
  const rows: InventoryRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await list(cursor);
    if (!result.ok) return result;
    rows.push(...result.data.rows);
    const next = result.data.nextCursor;
    if (!next || next === cursor) break;
    cursor = next;
  }
  rows.sort((a, b) => a.slug.localeCompare(b.slug));
  return { ok: true, data: { rows, projects: projectsOf(rows) } };
}

/** Each project (or "No project") with how many rows it has, by name. */
export function projectsOf(rows: readonly InventoryRow[]): InventoryPage['projects'] {
  const projects = new Map<string, { key: string; name: string; count: number }>();
  for (const row of rows) {
    const key = row.project?.key ?? '';
    const entry = projects.get(key) ?? { key, name: row.project?.name ?? 'No project', count: 0 };
    entry.count += 1;
    projects.set(key, entry);
  }
  return [...projects.values()].sort((a, b) => a.name.localeCompare(b.name));
}
