// Reads a branch's tip and its bitbucket-pipelines.yml in one round trip when
// Bitbucket's /src route can address the branch by name (no "/" in it), else
// tip first, then the file at that commit.
//
// Reading by name races with pushes: the file may come from a commit newer
// than the tip we read. Branch tips only move forward (barring force pushes),
// so a caller that later sees the same tip knows the file matched it; callers
// that write check that (see open-pull-request.ts, mainMovedSince).
import type { BitbucketClient } from '../bitbucket';
import { PIPELINE_PATH, type RepoIds } from './types';

export interface BranchSnapshot {
  /** Null when the branch does not exist. */
  tip: string | null;
  /** Null when the file or the branch does not exist. */
  file: string | null;
}

export async function readBranchFile(client: BitbucketClient, ids: RepoIds, branch: string): Promise<BranchSnapshot> {
  if (!branch.includes('/')) {
    const [tip, file] = await Promise.all([client.getBranch(ids, branch), client.readFile(ids, branch, PIPELINE_PATH)]);
    return { tip: tip?.commit ?? null, file: tip ? file : null };
  }
  const tip = await client.getBranch(ids, branch);
  if (!tip) return { tip: null, file: null };
  return { tip: tip.commit, file: await client.readFile(ids, tip.commit, PIPELINE_PATH) };
}
