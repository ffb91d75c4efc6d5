// The production KeyValueStore: Forge's key-value storage (scope storage:app).
import { kvs, WhereConditions } from '@forge/kvs';
import type { KeyValueStore } from './repository-store';
import type { QueryableKeyValueStore } from './workspace-store';

export const forgeKeyValueStore: KeyValueStore = {
  get: (key) => kvs.get<unknown>(key),
  set: (key, value) => kvs.set(key, value),
};

/** The workspace page's store: KVS plus delete and key-prefix queries. */
export const forgeQueryableKeyValueStore: QueryableKeyValueStore = {
  ...forgeKeyValueStore,
  delete: (key) => kvs.delete(key),
  async listByPrefix(prefix, cursor, limit) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
    if (cursor !== null) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    return { entries: page.results.map((r) => ({ key: r.key, value: r.value })), cursor: page.nextCursor ?? null };
  },
};
