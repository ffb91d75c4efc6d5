// The one Bitbucket client: typed calls over an injected transport, with
// retries (retry.ts), error mapping (errors.ts) and bounded pagination
// (pagination.ts). It keeps no global state; everything it needs is passed in.
import { normalizeUuid } from '../core/uuid';
import type { PullRequestRef, RepoIds } from '../shared/repository-refs';
import { commitHashFromLocation } from './commit-location';
import { bbqlString, filePathSegments, formBody } from './encoding';
import { unexpectedResponseError } from './errors';
import { OPERATIONS, type OperationName } from './operations';
import { collectPages } from './pagination';
import { pipelineCalls, type PipelineCalls } from './pipeline-calls';
import { createRequestSender, jsonBody, parsedAs, variablePayload, type QueryPairs } from './request-sender';
import {
  toBranchTip,
  toCommitInfo,
  toEnvironment,
  toPage,
  toPipelinesConfig,
  toPipelineVariable,
  toPullRequestRef,
  toRepository,
  toSourceRepositoryUuid,
} from './response-parsers';
import type {
  BranchTip,
  CommitFileInput,
  CommitInfo,
  CreatePullRequestInput,
  Environment,
  PipelineVariable,
  Repository,
  VariableInput,
} from './response-types';
import { systemClock, type Clock } from './retry';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import type { BitbucketTransport } from './transport';
import { createWorkspaceCalls, type WorkspaceCalls } from './workspace-calls';

export interface BitbucketClientOptions {
  transport: BitbucketTransport;
  clock?: Clock;
  random?: () => number;
  policy?: RetryPolicy;
  /** Upper bound on pages followed by a list call (each page up to 100 items). */
  maxPages?: number;
  /**
   * Time for everything this client does, from its creation: no call starts
   * and no retry waits past it. A resolver creates a client per invocation
   * with, say, 20 s so the whole invocation ends inside Forge's 25 s.
   */
  totalBudgetMs?: number;
  /** Makes the per-attempt timeout signal; injected so tests control time. */
  abortAfter?: (ms: number) => AbortSignal;
}

export interface BitbucketClient extends PipelineCalls, WorkspaceCalls {
  getRepository(repo: RepoIds): Promise<Repository>;
  /** The branch and its tip commit; null when the branch does not exist. */
  getBranch(repo: RepoIds, name: string): Promise<BranchTip | null>;
  /** One commit (to tell whether a branch tip is a commit we made); null when absent. */
  getCommit(repo: RepoIds, hash: string): Promise<CommitInfo | null>;
  /** The file's exact text at a commit (BOM and CRLF kept); null when absent. */
  readFile(repo: RepoIds, commit: string, path: string): Promise<string | null>;
  /** Commits one file on `branch` on top of `parent`; returns the new commit's hash. */
  commitFile(repo: RepoIds, input: CommitFileInput): Promise<{ commit: string }>;
  getPipelinesConfig(repo: RepoIds): Promise<{ enabled: boolean }>;
  listEnvironments(repo: RepoIds): Promise<Environment[]>;
  /** Open pull requests from `sourceBranch` of this repository (a fork's branch of the same name is left out). */
  findOpenPullRequests(repo: RepoIds, sourceBranch: string): Promise<PullRequestRef[]>;
  /** Never retried by the client: look first (findOpenPullRequests), then create. */
  createPullRequest(repo: RepoIds, input: CreatePullRequestInput): Promise<PullRequestRef>;
  listVariables(repo: RepoIds): Promise<PipelineVariable[]>;
  /** Never retried by the client: list first, then create or update. */
  createVariable(repo: RepoIds, input: VariableInput): Promise<PipelineVariable>;
  updateVariable(repo: RepoIds, variableUuid: string, input: VariableInput): Promise<PipelineVariable>;
}

const DEFAULT_MAX_PAGES = 10;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file at a commit is not UTF-8 text, so it cannot be edited and committed back unchanged. */
export class UndecodableFileError extends Error {
  override readonly name = 'UndecodableFileError';
  readonly code = 'invalid-pipeline' as const;
}

export function createBitbucketClient(options: BitbucketClientOptions): BitbucketClient {
  const { send, json } = createRequestSender({
    transport: options.transport,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    policy: options.policy ?? DEFAULT_RETRY_POLICY,
    ...(options.totalBudgetMs === undefined ? {} : { totalBudgetMs: options.totalBudgetMs }),
    ...(options.abortAfter ? { abortAfter: options.abortAfter } : {}),
  });
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;

  function listAll<T>(name: OperationName, repo: RepoIds, firstQuery: QueryPairs, toItem: (json: unknown) => T) {
    return collectPages(
      firstQuery,
      async (query) => {
        const body = await json(name, repoPath(repo), { query });
        const page = parsedAs(name, 200, () => toPage(body));
        return { items: parsedAs(name, 200, () => page.values.map(toItem)), next: page.next };
      },
      maxPages,
    );
  }

  const client: BitbucketClient = {
    ...pipelineCalls({ send, json }, repoPath),
    ...createWorkspaceCalls({ json }),

    async getRepository(repo) {
      const body = await json('getRepository', repoPath(repo));
      return parsedAs('getRepository', 200, () => toRepository(body));
    },

    async getBranch(repo, name) {
      const body = await json('getBranch', { ...repoPath(repo), name }, { notFoundIsNull: true });
      return body === null ? null : parsedAs('getBranch', 200, () => toBranchTip(body));
    },

    async getCommit(repo, hash) {
      const body = await json('getCommit', { ...repoPath(repo), commit: hash }, { notFoundIsNull: true });
      return body === null ? null : parsedAs('getCommit', 200, () => toCommitInfo(body));
    },

    async readFile(repo, commit, path) {
      const response = await send(
        'readFile',
        { ...repoPath(repo), commit, path: filePathSegments(path) },
        { notFoundIsNull: true },
      );
      if (response === null) return null;
      try {
        return utf8.decode(response.body);
      } catch {
        throw new UndecodableFileError(
          `${path} at commit ${commit.slice(0, 12)} is not UTF-8 text, so it cannot be edited safely. Convert it to UTF-8 in a commit of your own, then reload.`,
        );
      }
    },

    async commitFile(repo, input) {
      const fields: [string, string][] = [
        // Leading slash: a file named like a metadata field ("message") stays a file.
        [`/${input.path.replace(/^\/+/, '')}`, input.content],
        ['message', input.message],
        ['branch', input.branch],
        ['parents', input.parent],
      ];
      if (input.author !== undefined) fields.push(['author', input.author]);
      const response = await send('commitFiles', repoPath(repo), {
        body: { contentType: 'application/x-www-form-urlencoded', text: formBody(fields) },
      });
      const fromLocation = commitHashFromLocation(response?.headers.get('location') ?? null);
      if (fromLocation !== null) return { commit: fromLocation };
      // No usable Location header: the new commit is the branch tip, unless
      // someone pushed in between, which the caller's tip check will notice.
      const tip = await client.getBranch(repo, input.branch);
      if (tip === null) {
        throw unexpectedResponseError(OPERATIONS.commitFiles, response?.status ?? 201, 'no new commit');
      }
      return { commit: tip.commit };
    },

    async getPipelinesConfig(repo) {
      const body = await json('getPipelinesConfig', repoPath(repo));
      return parsedAs('getPipelinesConfig', 200, () => toPipelinesConfig(body));
    },

    listEnvironments(repo) {
      return listAll('listEnvironments', repo, [['pagelen', '100']], toEnvironment);
    },

    async findOpenPullRequests(repo, sourceBranch) {
      const q = `source.branch.name = ${bbqlString(sourceBranch)} AND state = "OPEN"`;
      const found = await listAll(
        'listPullRequests',
        repo,
        [
          ['q', q],
          ['pagelen', '50'],
        ],
        (json) => ({ ref: toPullRequestRef(json), from: toSourceRepositoryUuid(json) }),
      );
      // Anyone who can fork may open a pull request from a branch of the same
      // name; it is not ours to update, and must not block or stand in for ours.
      const ours = normalizeUuid(repo.repositoryUuid);
      return found.filter((pr) => pr.from === null || normalizeUuid(pr.from) === ours).map((pr) => pr.ref);
    },

    async createPullRequest(repo, input) {
      // `type` is required by the spec's base `object` schema; Bitbucket accepts it.
      const payload = {
        type: 'pullrequest',
        title: input.title,
        description: input.description,
        source: { branch: { name: input.sourceBranch } },
        destination: { branch: { name: input.destinationBranch } },
        close_source_branch: input.closeSourceBranch,
      };
      const body = await json('createPullRequest', repoPath(repo), jsonBody(payload));
      return parsedAs('createPullRequest', 201, () => toPullRequestRef(body));
    },

    listVariables(repo) {
      return listAll('listVariables', repo, [['pagelen', '100']], toPipelineVariable);
    },

    async createVariable(repo, input) {
      const body = await json('createVariable', repoPath(repo), jsonBody(variablePayload(input)));
      return parsedAs('createVariable', 201, () => toPipelineVariable(body));
    },

    async updateVariable(repo, variableUuid, input) {
      const body = await json(
        'updateVariable',
        { ...repoPath(repo), variable_uuid: variableUuid },
        jsonBody({ ...variablePayload(input), uuid: variableUuid }),
      );
      return parsedAs('updateVariable', 200, () => toPipelineVariable(body));
    },
  };
  return client;
}

function repoPath(repo: RepoIds): { workspace: string; repo_slug: string } {
  return { workspace: repo.workspaceUuid, repo_slug: repo.repositoryUuid };
}

