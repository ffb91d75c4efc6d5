// The production KeyValueStore: Forge's key-value storage (scope storage:app).
import { kvs } from '@forge/kvs';
import type { KeyValueStore } from './repository-store';

export const forgeKeyValueStore: KeyValueStore = {
  get: (key) => kvs.get<unknown>(key),
  set: (key, value) => kvs.set(key, value),
};
