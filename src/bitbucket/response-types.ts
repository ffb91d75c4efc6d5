// What the client returns, and the inputs of its write calls. Bitbucket's raw
// JSON is parsed into these in response-parsers.ts; callers never see raw JSON.

export interface Repository {
  /** Braced, e.g. "{1d39…}". */
  uuid: string;
  slug: string;
  /** "workspace/slug". */
  fullName: string;
  /** Null for an empty repository (no main branch yet). */
  mainBranch: string | null;
  workspace: { uuid: string; slug: string };
  /** Web page of the repository, when Bitbucket sent it. */
  htmlUrl: string | null;
}

export interface BranchTip {
  name: string;
  /** Full hash of the tip commit. */
  commit: string;
}

export interface CommitInfo {
  hash: string;
  message: string;
  /** "Name <email>" as recorded in git, when present. */
  authorRaw: string | null;
  /** Bitbucket account UUID of the author, when the commit is linked to one. */
  authorUuid: string | null;
  parents: string[];
}

export interface Environment {
  uuid: string;
  name: string;
  /** "Test", "Staging" or "Production" (environment_type.name), when present. */
  environmentType: string | null;
}

export interface PipelineVariable {
  uuid: string;
  key: string;
  /** Empty when `secured`: Bitbucket never returns secured values. */
  value: string;
  secured: boolean;
}

export interface VariableInput {
  key: string;
  value: string;
  secured: boolean;
}

export interface CommitFileInput {
  /** Branch to commit to; created from `parent` when it does not exist. */
  branch: string;
  /**
   * Required: the commit the change is based on. Bitbucket refuses (409) when
   * the branch tip is not this commit, which also makes the call safe to repeat.
   */
  parent: string;
  /** Repository path, e.g. "bitbucket-pipelines.yml". */
  path: string;
  /** Exact file text; sent as UTF-8, byte for byte. */
  content: string;
  message: string;
  /** "Name <email>"; Bitbucket defaults to the caller. */
  author?: string;
}

export interface CreatePullRequestInput {
  title: string;
  description: string;
  sourceBranch: string;
  destinationBranch: string;
  closeSourceBranch: boolean;
}

/** One repository as the workspace listing gives it (fields= trimmed to these). */
export interface ListedRepository {
  /** Braced. */
  uuid: string;
  slug: string;
  name: string;
  project: { key: string; name: string } | null;
  /** Null for an empty repository. */
  mainBranch: string | null;
  /** ISO time of the last change Bitbucket records (pushes, settings). */
  updatedOn: string;
  htmlUrl: string | null;
}

/** A pull request from the workspace-wide listing of one author's pull requests. */
export interface AuthoredPullRequest {
  id: number;
  title: string;
  /** OPEN, MERGED, DECLINED or SUPERSEDED. */
  state: string;
  url: string;
  sourceBranch: string;
  /** The repository the pull request is in (its destination). Braced. */
  repositoryUuid: string;
  /** The repository its branch comes from (differs for a fork); null when not given. */
  sourceRepositoryUuid: string | null;
}
