// Names shared by the Bitbucket client and the use cases. They live below both
// layers so that the client never imports from the use cases above it.

/** Which repository: braced UUIDs, taken only from the Forge context. */
export interface RepoIds {
  workspaceUuid: string;
  repositoryUuid: string;
}

/** A pull request as the app needs it, whichever layer read it. */
export interface PullRequestRef {
  id: number;
  title: string;
  /** Web link (links.html.href). */
  url: string;
  sourceBranch: string;
  /** Tip commit hash of the source branch. */
  sourceCommit: string;
  state: string;
}
