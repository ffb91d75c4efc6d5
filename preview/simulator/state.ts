// In-memory model of the slice of Bitbucket Cloud the app touches: workspaces,
// repositories, branches, commits (full file snapshots), pull requests,
// deployment environments, the Pipelines switch and repository variables.
// Handlers translate HTTP to these methods; tests and the preview call them
// directly to arrange a scene (e.g. "a person pushed to the branch").
import type { RateLimitSetting } from './rate-limit';
import { createHash, randomUUID } from 'node:crypto';

export type Permission = 'read' | 'write' | 'admin';

export interface Actor {
  uuid: string;
  displayName: string;
  nickname: string;
  /** Repository permission: what Bitbucket would let this caller do. */
  permission: Permission;
  /** Atlassian account ID (what a Forge context carries), when the scene sets one. */
  accountId?: string;
}

export interface SimWorkspace {
  uuid: string;
  slug: string;
  name: string;
}

export interface SimCommit {
  hash: string;
  parents: string[];
  message: string;
  /** "Name <email>", as Bitbucket's author.raw. */
  authorRaw: string;
  /** The account that made the commit, when known. */
  actor: Actor | null;
  date: string;
  /** Whole tree at this commit: path (no leading slash) → content. */
  files: Map<string, string>;
}

export interface SimPullRequest {
  id: number;
  title: string;
  description: string;
  state: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
  sourceBranch: string;
  destinationBranch: string;
  /** Tip of the source branch when the PR stopped following it (merged/declined). */
  frozenSourceCommit: string | null;
  destinationCommit: string;
  closeSourceBranch: boolean;
  draft: boolean;
  author: Actor;
  createdOn: string;
  updatedOn: string;
}

export interface SimEnvironment {
  uuid: string;
  name: string;
  type: 'Test' | 'Staging' | 'Production';
  rank: number;
}

export interface SimVariable {
  uuid: string;
  key: string;
  value: string;
  secured: boolean;
}

export interface SimRepository {
  uuid: string;
  slug: string;
  name: string;
  workspace: SimWorkspace;
  isPrivate: boolean;
  mainBranch: string;
  branches: Map<string, string>;
  commits: Map<string, SimCommit>;
  pullRequests: SimPullRequest[];
  environments: SimEnvironment[];
  pipelinesEnabled: boolean;
  variables: SimVariable[];
  createdOn: string;
  /** The project the repository belongs to (workspace scene). */
  project?: { key: string; name: string };
  /** Last change Bitbucket would record besides pushes (e.g. a settings change); see repositoryUpdatedOn. */
  updatedOn?: string;
}

/** Bitbucket's `updated_on`: the latest of creation, any commit, and any recorded settings change. */
export function repositoryUpdatedOn(repo: SimRepository): string {
  let latest = repo.updatedOn !== undefined && repo.updatedOn > repo.createdOn ? repo.updatedOn : repo.createdOn;
  for (const commit of repo.commits.values()) if (commit.date > latest) latest = commit.date;
  return latest;
}

export interface CommitRequest {
  /** Target branch; the main branch when omitted. */
  branch?: string;
  /** Asserted parent: must be the branch tip when the branch exists. */
  parent?: string;
  message?: string;
  author?: string;
  files?: Record<string, string>;
  deletions?: string[];
}

export type CommitOutcome =
  | { ok: true; commit: SimCommit; createdBranch: boolean }
  | { ok: false; reason: 'conflict' | 'unknown-parent'; message: string };

/** Braced lower-case UUID, as Bitbucket prints them. */
export function bracedUuid(seedText?: string): string {
  if (seedText === undefined) return `{${randomUUID()}}`;
  const h = createHash('sha256').update(seedText).digest('hex');
  // Version-4 shaped so it looks like the real thing.
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

export function sameUuid(a: string, b: string): boolean {
  const bare = (s: string) => s.replace(/^\{|\}$/g, '').toLowerCase();
  return bare(a) === bare(b);
}

export class SimulatorState {
  readonly workspaces: SimWorkspace[] = [];
  readonly repositories: SimRepository[] = [];
  /** Bearer token → who is calling. Unknown or missing tokens act as `defaultActor`. */
  readonly actors = new Map<string, Actor>();
  defaultActor: Actor = {
    uuid: bracedUuid('actor:admin'),
    displayName: 'Repository Admin',
    nickname: 'repo-admin',
    permission: 'admin',
  };
  /** Bitbucket's hourly limit on /2.0/repositories/*, when a scene wants it (simulator/rate-limit.ts); off by default. */
  rateLimit: RateLimitSetting | null = null;
  private clockMs = Date.parse('2026-01-05T09:00:00Z');
  private commitCounter = 0;

  /** Monotonic fake time, so hashes and dates are reproducible. */
  now(): string {
    this.clockMs += 1000;
    return new Date(this.clockMs).toISOString();
  }

  addWorkspace(slug: string, name = slug, uuid = bracedUuid(`workspace:${slug}`)): SimWorkspace {
    const ws = { uuid, slug, name };
    this.workspaces.push(ws);
    return ws;
  }

  addActor(token: string, actor: Omit<Actor, 'uuid'> & { uuid?: string }): Actor {
    const full = { ...actor, uuid: actor.uuid ?? bracedUuid(`actor:${actor.nickname}`) };
    this.actors.set(token, full);
    return full;
  }

  addRepository(
    workspace: SimWorkspace,
    slug: string,
    options: { uuid?: string; mainBranch?: string; isPrivate?: boolean; pipelinesEnabled?: boolean } = {},
  ): SimRepository {
    const repo: SimRepository = {
      uuid: options.uuid ?? bracedUuid(`repository:${workspace.slug}/${slug}`),
      slug,
      name: slug,
      workspace,
      isPrivate: options.isPrivate ?? true,
      mainBranch: options.mainBranch ?? 'main',
      branches: new Map(),
      commits: new Map(),
      pullRequests: [],
      environments: [],
      pipelinesEnabled: options.pipelinesEnabled ?? true,
      variables: [],
      createdOn: this.now(),
    };
    this.repositories.push(repo);
    return repo;
  }

  /** Workspace by slug or braced UUID; repository by slug or braced UUID. */
  findRepository(workspaceRef: string, repoRef: string): SimRepository | undefined {
    return this.repositories.find(
      (r) =>
        (r.workspace.slug === workspaceRef || sameUuid(r.workspace.uuid, workspaceRef)) &&
        (r.slug === repoRef || sameUuid(r.uuid, repoRef)),
    );
  }

  addEnvironment(repo: SimRepository, name: string, type: SimEnvironment['type']): SimEnvironment {
    const env = { uuid: bracedUuid(`environment:${repo.uuid}:${name}`), name, type, rank: repo.environments.length };
    repo.environments.push(env);
    return env;
  }

  /** A branch name, a full hash or an unambiguous hash prefix (>= 7 chars) → commit. */
  resolveRevision(repo: SimRepository, revision: string): SimCommit | undefined {
    const tip = repo.branches.get(revision);
    if (tip !== undefined) return repo.commits.get(tip);
    if (!/^[0-9a-f]{7,40}$/.test(revision)) return undefined;
    const exact = repo.commits.get(revision);
    if (exact) return exact;
    const matches = [...repo.commits.values()].filter((c) => c.hash.startsWith(revision));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /**
   * Bitbucket's `POST /src` semantics: an existing branch with `parent` asserts
   * that parent is the tip (else conflict); a new branch starts at `parent` or
   * at the main branch tip without moving main.
   */
  commit(repo: SimRepository, request: CommitRequest, actor: Actor | null = this.defaultActor): CommitOutcome {
    const branch = request.branch ?? repo.mainBranch;
    const tip = repo.branches.get(branch);
    let parentHash: string | undefined;
    if (tip !== undefined) {
      if (request.parent !== undefined && !this.sameCommit(repo, request.parent, tip)) {
        return {
          ok: false,
          reason: 'conflict',
          message: `Commit ${request.parent} is not the tip of branch ${branch}: the branch moved to ${tip}.`,
        };
      }
      parentHash = tip;
    } else if (request.parent !== undefined) {
      const parent = this.resolveRevision(repo, request.parent);
      if (!parent) {
        return { ok: false, reason: 'unknown-parent', message: `Commit not found: ${request.parent}` };
      }
      parentHash = parent.hash;
    } else {
      parentHash = repo.branches.get(repo.mainBranch);
    }
    const base = parentHash ? repo.commits.get(parentHash)?.files : undefined;
    const files = new Map(base ?? []);
    for (const path of request.deletions ?? []) files.delete(normalisePath(path));
    for (const [path, content] of Object.entries(request.files ?? {})) files.set(normalisePath(path), content);
    const authorRaw = request.author ?? (actor ? `${actor.displayName} <${actor.nickname}@example.invalid>` : 'Unknown <unknown@example.invalid>');
    const message = request.message ?? 'Edited online with Bitbucket';
    const date = this.now();
    this.commitCounter += 1;
    const hash = createHash('sha1')
      .update(JSON.stringify([repo.uuid, parentHash ?? null, message, authorRaw, date, this.commitCounter, [...files]]))
      .digest('hex');
    const commit: SimCommit = { hash, parents: parentHash ? [parentHash] : [], message, authorRaw, actor, date, files };
    repo.commits.set(hash, commit);
    repo.branches.set(branch, hash);
    return { ok: true, commit, createdBranch: tip === undefined };
  }

  /** Test/preview helper: commit or throw. */
  commitOrThrow(repo: SimRepository, request: CommitRequest, actor?: Actor | null): SimCommit {
    const outcome = this.commit(repo, request, actor);
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.commit;
  }

  openPullRequestFrom(repo: SimRepository, sourceBranch: string, destinationBranch: string): SimPullRequest | undefined {
    return repo.pullRequests.find(
      (pr) => pr.state === 'OPEN' && pr.sourceBranch === sourceBranch && pr.destinationBranch === destinationBranch,
    );
  }

  createPullRequest(
    repo: SimRepository,
    input: { title: string; description?: string; sourceBranch: string; destinationBranch?: string; closeSourceBranch?: boolean; draft?: boolean },
    actor: Actor = this.defaultActor,
  ): SimPullRequest {
    const destinationBranch = input.destinationBranch ?? repo.mainBranch;
    const now = this.now();
    const pr: SimPullRequest = {
      id: repo.pullRequests.length + 1,
      title: input.title,
      description: input.description ?? '',
      state: 'OPEN',
      sourceBranch: input.sourceBranch,
      destinationBranch,
      frozenSourceCommit: null,
      destinationCommit: repo.branches.get(destinationBranch) ?? '',
      closeSourceBranch: input.closeSourceBranch ?? false,
      draft: input.draft ?? false,
      author: actor,
      createdOn: now,
      updatedOn: now,
    };
    repo.pullRequests.push(pr);
    return pr;
  }

  /** Tip of the PR's source branch while it is open; the last seen tip after. */
  pullRequestSourceCommit(repo: SimRepository, pr: SimPullRequest): string {
    return pr.frozenSourceCommit ?? repo.branches.get(pr.sourceBranch) ?? '';
  }

  /** Preview helper: merge a pull request as a merge commit holding the source tree. */
  mergePullRequest(repo: SimRepository, id: number, actor: Actor = this.defaultActor): SimCommit {
    const pr = repo.pullRequests.find((p) => p.id === id);
    if (!pr || pr.state !== 'OPEN') throw new Error(`Pull request #${id} is not open.`);
    const source = this.resolveRevision(repo, pr.sourceBranch);
    if (!source) throw new Error(`Source branch ${pr.sourceBranch} no longer exists.`);
    const files = Object.fromEntries(source.files);
    const target = repo.commits.get(repo.branches.get(pr.destinationBranch) ?? '');
    const deletions = target ? [...target.files.keys()].filter((p) => !source.files.has(p)) : [];
    const merged = this.commitOrThrow(
      repo,
      { branch: pr.destinationBranch, message: `Merged in ${pr.sourceBranch} (pull request #${pr.id})`, files, deletions },
      actor,
    );
    merged.parents.push(source.hash);
    pr.frozenSourceCommit = source.hash;
    pr.state = 'MERGED';
    pr.updatedOn = this.now();
    if (pr.closeSourceBranch) repo.branches.delete(pr.sourceBranch);
    return merged;
  }

  declinePullRequest(repo: SimRepository, id: number): void {
    const pr = repo.pullRequests.find((p) => p.id === id);
    if (!pr || pr.state !== 'OPEN') throw new Error(`Pull request #${id} is not open.`);
    pr.frozenSourceCommit = this.pullRequestSourceCommit(repo, pr);
    pr.state = 'DECLINED';
    pr.updatedOn = this.now();
  }

  /** Nearest common ancestor of two commits (breadth-first), as `git merge-base` would pick for simple histories. */
  mergeBase(repo: SimRepository, a: string, b: string): SimCommit | undefined {
    const ancestorsOfA = new Set<string>();
    for (let queue = [a]; queue.length > 0; ) {
      const hash = queue.shift()!;
      if (ancestorsOfA.has(hash)) continue;
      ancestorsOfA.add(hash);
      queue.push(...(repo.commits.get(hash)?.parents ?? []));
    }
    const seen = new Set<string>();
    for (let queue = [b]; queue.length > 0; ) {
      const hash = queue.shift()!;
      if (ancestorsOfA.has(hash)) return repo.commits.get(hash);
      if (seen.has(hash)) continue;
      seen.add(hash);
      queue.push(...(repo.commits.get(hash)?.parents ?? []));
    }
    return undefined;
  }

  fileAt(repo: SimRepository, revision: string, path: string): string | undefined {
    return this.resolveRevision(repo, revision)?.files.get(normalisePath(path));
  }

  private sameCommit(repo: SimRepository, ref: string, hash: string): boolean {
    return ref === hash || this.resolveRevision(repo, ref)?.hash === hash;
  }
}

/** Repository paths never start with a slash (the form field may). */
export function normalisePath(path: string): string {
  return path.replace(/^\/+/, '');
}
