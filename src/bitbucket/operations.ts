// The Bitbucket REST operations this app uses, as data. One table feeds the
// client (paths, retry class, error hints) and the tests (the request contract
// against Atlassian's OpenAPI spec, and the manifest's OAuth scopes).

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/**
 * How safe it is to send a request again when its outcome is unknown.
 * - read: no effect on Bitbucket.
 * - idempotent-write: repeating it leaves the same state (PUT).
 * - conditional-write: guarded by a precondition, so a repeat cannot apply
 *   twice (POST /src with `parents`: once the first commit lands, the branch
 *   tip is no longer `parents` and the repeat gets 409 instead of a second commit).
 * - unsafe-write: a repeat may create a duplicate (a second pull request); never repeated.
 */
export type Idempotency = 'read' | 'idempotent-write' | 'conditional-write' | 'unsafe-write';

/** Repository permission a person needs, in the words of Bitbucket's UI. */
export type RepositoryPermission = 'read' | 'write' | 'admin' | 'workspace-admin';

export interface OperationSpec {
  method: HttpMethod;
  /** Exactly as in Atlassian's OpenAPI spec, relative to https://api.bitbucket.org/2.0. */
  pathTemplate: string;
  /** Plain words completing "Could not …". */
  action: string;
  idempotency: Idempotency;
  /** The operation's `x-atlassian-oauth2-scopes` in the spec (a test keeps them in sync). */
  scopes: readonly string[];
  permission: RepositoryPermission;
}

const REPO = '/repositories/{workspace}/{repo_slug}';
const WORKSPACE_VARIABLES = '/workspaces/{workspace}/pipelines-config/variables';

/** The workspace page's bulk reads and its one workspace-level write (issue 11). */
const WORKSPACE_OPERATIONS = {
  listRepositories: {
    method: 'GET',
    pathTemplate: '/repositories/{workspace}',
    action: 'list the repositories of the workspace',
    idempotency: 'read',
    scopes: ['read:repository:bitbucket'],
    permission: 'read',
  },
  listUserPullRequests: {
    method: 'GET',
    pathTemplate: '/workspaces/{workspace}/pullrequests/{selected_user}',
    action: "list the admin's setup pull requests",
    idempotency: 'read',
    scopes: ['read:pullrequest:bitbucket'],
    permission: 'read',
  },
  listWorkspaceVariables: {
    method: 'GET',
    pathTemplate: WORKSPACE_VARIABLES,
    action: 'list the workspace variables',
    idempotency: 'read',
    scopes: ['read:pipeline:bitbucket'],
    permission: 'workspace-admin',
  },
  createWorkspaceVariable: {
    method: 'POST',
    pathTemplate: WORKSPACE_VARIABLES,
    action: 'create the workspace variable',
    // Like createVariable: list first, then create; never repeated blindly.
    idempotency: 'unsafe-write',
    scopes: ['admin:pipeline:bitbucket'],
    permission: 'workspace-admin',
  },
  updateWorkspaceVariable: {
    method: 'PUT',
    pathTemplate: `${WORKSPACE_VARIABLES}/{variable_uuid}`,
    action: 'update the workspace variable',
    idempotency: 'idempotent-write',
    scopes: ['admin:pipeline:bitbucket'],
    permission: 'workspace-admin',
  },
} as const satisfies Record<string, OperationSpec>;

export const OPERATIONS = {
  getRepository: {
    method: 'GET',
    pathTemplate: REPO,
    action: 'read the repository',
    idempotency: 'read',
    scopes: ['read:repository:bitbucket'],
    permission: 'read',
  },
  getBranch: {
    method: 'GET',
    pathTemplate: `${REPO}/refs/branches/{name}`,
    action: 'read the branch',
    idempotency: 'read',
    scopes: ['read:repository:bitbucket'],
    permission: 'read',
  },
  getCommit: {
    method: 'GET',
    pathTemplate: `${REPO}/commit/{commit}`,
    action: 'read the commit',
    idempotency: 'read',
    scopes: ['read:repository:bitbucket'],
    permission: 'read',
  },
  readFile: {
    method: 'GET',
    pathTemplate: `${REPO}/src/{commit}/{path}`,
    action: 'read the file',
    idempotency: 'read',
    scopes: ['read:repository:bitbucket'],
    permission: 'read',
  },
  commitFiles: {
    method: 'POST',
    pathTemplate: `${REPO}/src`,
    action: 'commit the file',
    idempotency: 'conditional-write',
    scopes: ['write:repository:bitbucket'],
    permission: 'write',
  },
  getPipelinesConfig: {
    method: 'GET',
    pathTemplate: `${REPO}/pipelines_config`,
    action: 'read whether Pipelines is enabled',
    idempotency: 'read',
    scopes: ['admin:repository:bitbucket'],
    permission: 'admin',
  },
  listEnvironments: {
    method: 'GET',
    pathTemplate: `${REPO}/environments`,
    action: 'list the deployment environments',
    idempotency: 'read',
    scopes: ['read:pipeline:bitbucket'],
    permission: 'read',
  },
  listPullRequests: {
    method: 'GET',
    pathTemplate: `${REPO}/pullrequests`,
    action: 'list the open pull requests',
    idempotency: 'read',
    scopes: ['read:pullrequest:bitbucket'],
    permission: 'read',
  },
  createPullRequest: {
    method: 'POST',
    pathTemplate: `${REPO}/pullrequests`,
    action: 'create the pull request',
    idempotency: 'unsafe-write',
    scopes: ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'],
    permission: 'write',
  },
  listVariables: {
    method: 'GET',
    pathTemplate: `${REPO}/pipelines_config/variables`,
    action: 'list the repository variables',
    idempotency: 'read',
    scopes: ['read:pipeline:bitbucket'],
    permission: 'admin',
  },
  createVariable: {
    method: 'POST',
    pathTemplate: `${REPO}/pipelines_config/variables`,
    action: 'create the repository variable',
    // A repeat answers 409 (the key exists) rather than duplicating, but it
    // would turn a success into an error: the use case lists first instead.
    idempotency: 'unsafe-write',
    scopes: ['admin:pipeline:bitbucket'],
    permission: 'admin',
  },
  updateVariable: {
    method: 'PUT',
    pathTemplate: `${REPO}/pipelines_config/variables/{variable_uuid}`,
    action: 'update the repository variable',
    idempotency: 'idempotent-write',
    scopes: ['admin:pipeline:bitbucket'],
    permission: 'admin',
  },
  ...WORKSPACE_OPERATIONS,
} as const satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATIONS;

export interface OperationRef {
  method: HttpMethod;
  pathTemplate: string;
}

/** Every operation the client can send: feeds the manifest's scope list. */
export const USED_OPERATIONS: readonly OperationRef[] = Object.values(OPERATIONS).map(
  ({ method, pathTemplate }) => ({ method, pathTemplate }),
);
