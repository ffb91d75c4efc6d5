// What the workspace page keeps in Forge storage (KVS), one key per thing:
// the scan's progress under one key, one row per repository, the admin's setup
// pull requests per repository, and each bulk run with one key per item.
//
// Why KVS and not Forge SQL: every read the page makes is "the whole inventory
// of this workspace" (≤ 10,000 rows of ~0.5 KB, read in pages of 100 by key
// prefix) and every write is one row, so a key per row is all the indexing
// needed; filtering and sorting that many rows in memory takes milliseconds.
// One key per row also makes the scan's writes idempotent by construction: a
// repeated write of a row replaces it, so a consumer that re-runs duplicates
// nothing. SQL would add migrations and a second storage scope for no gain.
import type { BulkItem } from '../api/workspace-contract';
import type { InventoryRow } from '../api/workspace-contract';
import { bareUuid, normalizeUuid } from '../core/uuid';
import type { CheckRunView } from '../usecases/check-types';
import { lastCheckFromView, newerCheck } from '../usecases/last-check-state';
import type { KeyValueStore } from './repository-store';

/** KeyValueStore plus the two calls the workspace needs: delete and list by key prefix. */
export interface QueryableKeyValueStore extends KeyValueStore {
  delete(key: string): Promise<void>;
  /** Up to `limit` entries whose key starts with `prefix`, in key order, and the cursor of the next page. */
  listByPrefix(
    prefix: string,
    cursor: string | null,
    limit: number,
  ): Promise<{ entries: { key: string; value: unknown }[]; cursor: string | null }>;
}

function part(uuid: string): string {
  const canonical = normalizeUuid(uuid);
  if (canonical === null) throw new Error(`Not a UUID: ${JSON.stringify(uuid)}.`);
  return bareUuid(canonical);
}

export const WORKSPACE_KEYS = {
  scan: 'ws-scan',
  rowPrefix: 'ws-row:',
  row: (repositoryUuid: string) => `ws-row:${part(repositoryUuid)}`,
  pullRequest: (repositoryUuid: string) => `ws-pr:${part(repositoryUuid)}`,
  activeBulk: 'ws-bulk-active',
  bulk: (runId: string) => `ws-bulk:${runId}`,
  bulkItemPrefix: (runId: string) => `ws-bulk-item:${runId}:`,
  bulkItem: (runId: string, repositoryUuid: string) => `ws-bulk-item:${runId}:${part(repositoryUuid)}`,
} as const;

/** A row and the scan that last confirmed it (read it, or found it unchanged). */
export interface StoredRow {
  row: InventoryRow;
  scanId: string;
  /** How that scan confirmed it. */
  how?: 'read' | 'unchanged' | 'failed';
}

export interface WorkspaceStore {
  kv: QueryableKeyValueStore;
  getRow(repositoryUuid: string): Promise<StoredRow | null>;
  putRow(stored: StoredRow): Promise<void>;
  deleteRow(repositoryUuid: string): Promise<void>;
  /** Every stored row (paged through the prefix query). */
  allRows(): Promise<StoredRow[]>;
  getBulkItem(runId: string, repositoryUuid: string): Promise<BulkItem | null>;
  putBulkItem(runId: string, item: BulkItem): Promise<void>;
  bulkItems(runId: string): Promise<BulkItem[]>;
  /**
   * Up to `limit` rows in storage order from `cursor` (null: the first), and
   * the cursor of the rest: `limit / 100` KVS reads, however large the inventory.
   */
  rowsPage(cursor: string | null, limit: number): Promise<{ rows: StoredRow[]; cursor: string | null }>;
}

const PAGE = 100;

function isStoredRow(value: unknown): value is StoredRow {
  const v = value as StoredRow | null;
  return !!v && typeof v === 'object' && typeof v.scanId === 'string' && !!v.row && typeof v.row.repositoryUuid === 'string';
}

function isBulkItem(value: unknown): value is BulkItem {
  const v = value as BulkItem | null;
  return !!v && typeof v === 'object' && typeof v.repositoryUuid === 'string' && typeof v.state === 'string';
}

export function createWorkspaceStore(kv: QueryableKeyValueStore): WorkspaceStore {
  async function all<T>(prefix: string, keep: (value: unknown) => value is T): Promise<T[]> {
    const found: T[] = [];
    let cursor: string | null = null;
    do {
      const page = await kv.listByPrefix(prefix, cursor, PAGE);
      for (const entry of page.entries) if (keep(entry.value)) found.push(entry.value);
      cursor = page.cursor;
    } while (cursor !== null);
    return found;
  }

  return {
    kv,
    async getRow(repositoryUuid) {
      const value = await kv.get(WORKSPACE_KEYS.row(repositoryUuid));
      return isStoredRow(value) ? value : null;
    },
    putRow: (stored) => kv.set(WORKSPACE_KEYS.row(stored.row.repositoryUuid), stored),
    deleteRow: (repositoryUuid) => kv.delete(WORKSPACE_KEYS.row(repositoryUuid)),
    allRows: () => all(WORKSPACE_KEYS.rowPrefix, isStoredRow),
    async getBulkItem(runId, repositoryUuid) {
      const value = await kv.get(WORKSPACE_KEYS.bulkItem(runId, repositoryUuid));
      return isBulkItem(value) ? value : null;
    },
    putBulkItem: (runId, item) => kv.set(WORKSPACE_KEYS.bulkItem(runId, item.repositoryUuid), item),
    bulkItems: (runId) => all(WORKSPACE_KEYS.bulkItemPrefix(runId), isBulkItem),
    async rowsPage(cursor, limit) {
      const rows: StoredRow[] = [];
      let next = cursor;
      do {
        const page = await kv.listByPrefix(WORKSPACE_KEYS.rowPrefix, next, Math.min(PAGE, limit - rows.length));
        for (const entry of page.entries) if (isStoredRow(entry.value)) rows.push(entry.value);
        next = page.cursor;
      } while (next !== null && rows.length < limit);
      return { rows, cursor: next };
    },
  };
}

/**
 * Puts a check run the repository page saw into that repository's inventory
 * row, when the workspace was scanned and the run is newer than the row's:
 * running a check does not change `updated_on`, so a re-scan would not see it.
 * One get and at most one set; nothing when the repository has no row.
 */
export async function recordCheckInRow(kv: KeyValueStore, repositoryUuid: string, run: CheckRunView): Promise<void> {
  const key = WORKSPACE_KEYS.row(repositoryUuid);
  const stored = await kv.get(key);
  if (!isStoredRow(stored)) return;
  const lastCheck = newerCheck(stored.row.lastCheck, lastCheckFromView(run, stored.row.url || null));
  if (lastCheck === stored.row.lastCheck) return;
  await kv.set(key, { ...stored, row: { ...stored.row, lastCheck } });
}

/** An in-memory QueryableKeyValueStore with Forge's key rules, for tests and the benchmark. */
export function memoryKeyValueStore(): QueryableKeyValueStore & { size(): number; snapshot(): Map<string, unknown> } {
  const data = new Map<string, string>();
  const KEY = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
  const check = (key: string) => {
    if (!KEY.test(key) || key.length > 500) throw new Error(`Forge storage would refuse the key ${JSON.stringify(key)}.`);
  };
  return {
    async get(key) {
      check(key);
      const text = data.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    async set(key, value) {
      check(key);
      const text = JSON.stringify(value);
      if (text.length > 240 * 1024) throw new Error(`Value for ${key} is ${text.length} bytes; Forge allows 240 KiB.`);
      data.set(key, text);
    },
    async delete(key) {
      data.delete(key);
    },
    async listByPrefix(prefix, cursor, limit) {
      const keys = [...data.keys()].filter((k) => k.startsWith(prefix) && (cursor === null || k > cursor)).sort();
      const page = keys.slice(0, limit);
      return {
        entries: page.map((key) => ({ key, value: JSON.parse(data.get(key) ?? 'null') as unknown })),
        cursor: keys.length > limit ? (page[page.length - 1] ?? null) : null,
      };
    },
    size: () => data.size,
    snapshot: () => new Map([...data].map(([k, v]) => [k, JSON.parse(v) as unknown])),
  };
}
