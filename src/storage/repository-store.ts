// Per-repository memory of the app: the admin's choices and the main branch
// last seen. Everything read back is validated, because a value written by an
// older version (or damaged) must degrade to "nothing saved", not break the page.
import type { SavedChoices } from '../api/contract';
import { savedChoicesSchema } from '../api/schemas';
import type { CheckRunView } from '../usecases/check-types';
import { choicesKey, mainBranchKey } from './keys';
import { recordCheckInRow } from './workspace-store';

/** The two @forge/kvs calls we use; tests and the local preview pass their own. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface RepositoryStore {
  loadChoices(repositoryUuid: string): Promise<SavedChoices | null>;
  saveChoices(repositoryUuid: string, saved: SavedChoices): Promise<void>;
  loadMainBranch(repositoryUuid: string): Promise<string | null>;
  saveMainBranch(repositoryUuid: string, mainBranch: string): Promise<void>;
  /** The newest check run this page saw, into the workspace inventory's row (a run does not change `updated_on`). */
  saveLastCheck(repositoryUuid: string, run: CheckRunView): Promise<void>;
}

const MAX_BRANCH_LENGTH = 255;

export function createRepositoryStore(kvs: KeyValueStore): RepositoryStore {
  return {
    async loadChoices(repositoryUuid) {
      const key = choicesKey(repositoryUuid);
      const raw = await kvs.get(key);
      if (raw === undefined || raw === null) return null;
      const parsed = savedChoicesSchema.safeParse(raw);
      if (!parsed.success) {
        console.warn(`Ignoring unreadable saved choices under ${key}: ${parsed.error.issues.length} problem(s).`);
        return null;
      }
      return parsed.data;
    },
    async saveChoices(repositoryUuid, saved) {
      await kvs.set(choicesKey(repositoryUuid), saved);
    },
    async loadMainBranch(repositoryUuid) {
      const raw = await kvs.get(mainBranchKey(repositoryUuid));
      return typeof raw === 'string' && raw.length > 0 && raw.length <= MAX_BRANCH_LENGTH ? raw : null;
    },
    async saveMainBranch(repositoryUuid, mainBranch) {
      await kvs.set(mainBranchKey(repositoryUuid), mainBranch);
    },
    saveLastCheck: (repositoryUuid, run) => recordCheckInRow(kvs, repositoryUuid, run),
  };
}
