// Reads the whole inventory, page by page, with a bound on the number of
// pages so a server that keeps answering with a cursor cannot loop the page.
import type { InventoryPage, InventoryRow, ResolverResult } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';

export interface LoadedInventory {
  rows: InventoryRow[];
  projects: InventoryPage['projects'];
  byStatus: InventoryPage['byStatus'];
}

export async function loadInventory(
  list: (cursor: string | undefined) => Promise<ResolverResult<InventoryPage>>,
  maxRows: number,
  pageSize: number,
): Promise<{ ok: true; data: LoadedInventory } | { ok: false; error: UseCaseError }> {
  const maxPages = Math.ceil(maxRows / pageSize) + 1;
  const rows: InventoryRow[] = [];
  let cursor: string | undefined;
  let last: InventoryPage | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result = await list(cursor);
    if (!result.ok) return result;
    last = result.data;
    rows.push(...last.rows);
    if (!last.nextCursor || last.nextCursor === cursor) break;
    cursor = last.nextCursor;
  }
  return { ok: true, data: { rows, projects: last?.projects ?? [], byStatus: last?.byStatus ?? ({} as InventoryPage['byStatus']) } };
}
