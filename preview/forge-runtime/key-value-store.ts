// Where the preview keeps what the app stores with @forge/kvs: in memory, or in
// a JSON file (under the git-ignored .preview-data/) so choices survive a restart.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StoredEntry {
  value: unknown;
  createdAt: number;
  updatedAt: number;
}

/** Entries grouped by namespace ("value", "secret", "entity:<name>"). */
export interface KeyValueStore {
  get(namespace: string, key: string): StoredEntry | undefined;
  set(namespace: string, key: string, value: unknown): StoredEntry;
  delete(namespace: string, key: string): boolean;
  /** Entries of a namespace, sorted by key (KVS queries return key order). */
  entries(namespace: string): [string, StoredEntry][];
}

type Data = Record<string, Record<string, StoredEntry>>;

function storeOver(data: Data, persist: () => void): KeyValueStore {
  return {
    get: (namespace, key) => data[namespace]?.[key],
    set(namespace, key, value) {
      const bucket = (data[namespace] ??= {});
      const now = Date.now();
      const entry: StoredEntry = { value, createdAt: bucket[key]?.createdAt ?? now, updatedAt: now };
      bucket[key] = entry;
      persist();
      return entry;
    },
    delete(namespace, key) {
      const bucket = data[namespace];
      if (!bucket || !(key in bucket)) return false;
      delete bucket[key];
      persist();
      return true;
    },
    entries: (namespace) => Object.entries(data[namespace] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

export function createMemoryStore(): KeyValueStore {
  return storeOver({}, () => {});
}

function readDataFile(filePath: string): Data {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch {
    return {}; // first start: nothing saved yet
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Data;
  } catch {
    // fall through to the error below
  }
  throw new Error(`${filePath} is not a JSON object written by the preview; delete it to start with empty storage.`);
}

/** A store saved to `filePath` after every change (written to a temp file, then renamed, so a crash never leaves half a file). */
export function createFileStore(filePath: string): KeyValueStore {
  const data = readDataFile(filePath);
  return storeOver(data, () => {
    mkdirSync(dirname(filePath), { recursive: true });
    const temp = `${filePath}.tmp`;
    writeFileSync(temp, JSON.stringify(data, null, 2));
    renameSync(temp, filePath);
  });
}
