// The one Bitbucket client: typed calls over an injected transport, with
// retries (retry.ts), error mapping (errors.ts) and bounded pagination.
// It keeps no global state; everything it needs is passed in.
import type { PullRequestRef, RepoIds } from '../usecases/types';
import { bbqlString, buildPath, filePathSegments, formBody, type PathValue } from './encoding';
import {
  BitbucketError,
  errorFromResponse,
  networkError,
  outOfTimeError,
  unexpectedResponseError,
} from './errors';
import { OPERATIONS, type OperationName, type OperationSpec } from './operations';
import {
  toBranchTip,
  toCommitInfo,
  toEnvironment,
  toPage,
  toPipelinesConfig,
  toPipelineVariable,
  toPullRequestRef,
  toRepository,
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
import { runWithRetries, systemClock, type Clock } from './retry';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import type { BitbucketRequest, BitbucketResponse, BitbucketTransport } from './transport';

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

export interface BitbucketClient {
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
  /** Open pull requests whose source branch is `sourceBranch`. */
  findOpenPullRequests(repo: RepoIds, sourceBranch: string): Promise<PullRequestRef[]>;
  /** Never retried by the client: look first (findOpenPullRequests), then create. */
  createPullRequest(repo: RepoIds, input: CreatePullRequestInput): Promise<PullRequestRef>;
  listVariables(repo: RepoIds): Promise<PipelineVariable[]>;
  /** Never retried by the client: list first, then create or update. */
  createVariable(repo: RepoIds, input: VariableInput): Promise<PipelineVariable>;
  updateVariable(repo: RepoIds, variableUuid: string, input: VariableInput): Promise<PipelineVariable>;
}

interface CallOptions {
  query?: readonly (readonly [string, string])[];
  body?: { contentType: string; text: string };
  /** Return null on 404 instead of throwing. */
  notFoundIsNull?: boolean;
}

const DEFAULT_MAX_PAGES = 10;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file at a commit is not UTF-8 text, so it cannot be edited and committed back unchanged. */
export class UndecodableFileError extends Error {
  override readonly name = 'UndecodableFileError';
  readonly code = 'invalid-pipeline' as const;
}

export function createBitbucketClient(options: BitbucketClientOptions): BitbucketClient {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const createdAt = clock.now();

  /** What is left of totalBudgetMs, or undefined when there is no overall limit. */
  function remainingBudget(): number | undefined {
    if (options.totalBudgetMs === undefined) return undefined;
    return options.totalBudgetMs - (clock.now() - createdAt);
  }

  async function send(
    name: OperationName,
    pathValues: Readonly<Record<string, PathValue>>,
    call: CallOptions,
  ): Promise<BitbucketResponse | null> {
    const operation: OperationSpec = OPERATIONS[name];
    const { literals, values } = buildPath(operation.pathTemplate, pathValues);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (call.body) headers['Content-Type'] = call.body.contentType;
    const request: BitbucketRequest = {
      method: operation.method,
      pathTemplate: operation.pathTemplate,
      literals,
      values,
      query: call.query ?? [],
      headers,
      ...(call.body ? { body: call.body.text } : {}),
    };
    const budgetMs = remainingBudget();
    if (budgetMs !== undefined && budgetMs <= 0) throw outOfTimeError(operation);
    const outcome = await runWithRetries((signal) => options.transport(request, { signal }), {
      policy,
      idempotency: operation.idempotency,
      clock,
      random,
      ...(budgetMs === undefined ? {} : { budgetMs }),
      ...(options.abortAfter ? { abortAfter: options.abortAfter } : {}),
    });
    if (outcome.kind === 'network-error') throw networkError(operation, outcome.error);
    const { response } = outcome;
    if (response.status >= 200 && response.status < 300) return response;
    if (response.status === 404 && call.notFoundIsNull) return null;
    const waitMs = outcome.gaveUp?.waitMs;
    const retryAfterSeconds =
      response.status === 429 && waitMs !== undefined && response.headers.get('retry-after') !== null
        ? Math.ceil(waitMs / 1000)
        : undefined;
    throw errorFromResponse(operation, response.status, decodeLoosely(response.body), retryAfterSeconds);
  }

  async function json(
    name: OperationName,
    pathValues: Readonly<Record<string, PathValue>>,
    call: CallOptions = {},
  ): Promise<unknown> {
    const response = await send(name, pathValues, call);
    if (response === null) return null;
    return parseJson(OPERATIONS[name], response);
  }

  /** Runs a parser, turning a shape mismatch into a BitbucketError. */
  function parsed<T>(name: OperationName, status: number, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof BitbucketError) throw error;
      throw unexpectedResponseError(OPERATIONS[name], status, shortProblem(error));
    }
  }

  /**
   * Follows `next` up to maxPages. Only the query of a `next` link is reused:
   * the path stays the one we built, so a link can never steer the client to
   * another resource or host.
   */
  async function listAll<T>(
    name: OperationName,
    repo: RepoIds,
    firstQuery: readonly (readonly [string, string])[],
    toItem: (json: unknown) => T,
  ): Promise<T[]> {
    const items: T[] = [];
    let query = firstQuery;
    const seen = new Set<string>();
    for (let page = 0; page < maxPages; page += 1) {
      const body = await json(name, repoPath(repo), { query });
      const { values, next } = parsed(name, 200, () => toPage(body));
      items.push(...parsed(name, 200, () => values.map(toItem)));
      if (next === null) break;
      const nextQuery = queryOf(next);
      const key = JSON.stringify(nextQuery);
      if (nextQuery === null || seen.has(key)) break;
      seen.add(key);
      query = nextQuery;
    }
    return items;
  }

  const client: BitbucketClient = {
    async getRepository(repo) {
      const body = await json('getRepository', repoPath(repo));
      return parsed('getRepository', 200, () => toRepository(body));
    },

    async getBranch(repo, name) {
      const body = await json('getBranch', { ...repoPath(repo), name }, { notFoundIsNull: true });
      return body === null ? null : parsed('getBranch', 200, () => toBranchTip(body));
    },

    async getCommit(repo, hash) {
      const body = await json('getCommit', { ...repoPath(repo), commit: hash }, { notFoundIsNull: true });
      return body === null ? null : parsed('getCommit', 200, () => toCommitInfo(body));
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
      return parsed('getPipelinesConfig', 200, () => toPipelinesConfig(body));
    },

    listEnvironments(repo) {
      return listAll('listEnvironments', repo, [['pagelen', '100']], toEnvironment);
    },

    findOpenPullRequests(repo, sourceBranch) {
      const q = `source.branch.name = ${bbqlString(sourceBranch)} AND state = "OPEN"`;
      return listAll(
        'listPullRequests',
        repo,
        [
          ['q', q],
          ['pagelen', '50'],
        ],
        toPullRequestRef,
      );
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
      return parsed('createPullRequest', 201, () => toPullRequestRef(body));
    },

    listVariables(repo) {
      return listAll('listVariables', repo, [['pagelen', '100']], toPipelineVariable);
    },

    async createVariable(repo, input) {
      const body = await json('createVariable', repoPath(repo), jsonBody(variablePayload(input)));
      return parsed('createVariable', 201, () => toPipelineVariable(body));
    },

    async updateVariable(repo, variableUuid, input) {
      const body = await json(
        'updateVariable',
        { ...repoPath(repo), variable_uuid: variableUuid },
        jsonBody({ ...variablePayload(input), uuid: variableUuid }),
      );
      return parsed('updateVariable', 200, () => toPipelineVariable(body));
    },
  };
  return client;
}

function repoPath(repo: RepoIds): { workspace: string; repo_slug: string } {
  return { workspace: repo.workspaceUuid, repo_slug: repo.repositoryUuid };
}

function variablePayload(input: VariableInput) {
  return { type: 'pipeline_variable', key: input.key, value: input.value, secured: input.secured };
}

function jsonBody(value: unknown): CallOptions {
  return { body: { contentType: 'application/json', text: JSON.stringify(value) } };
}

function parseJson(operation: OperationSpec, response: BitbucketResponse): unknown {
  try {
    return JSON.parse(decodeLoosely(response.body));
  } catch {
    throw unexpectedResponseError(operation, response.status, 'not JSON');
  }
}

/** For JSON and error bodies: invalid bytes become U+FFFD rather than failing. */
function decodeLoosely(body: Uint8Array): string {
  return new TextDecoder('utf-8').decode(body);
}

function shortProblem(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Query pairs of a `next` link; null when it is not a URL or has no query. */
function queryOf(next: string): [string, string][] | null {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return null;
  }
  const pairs = [...url.searchParams.entries()];
  return pairs.length === 0 ? null : pairs;
}

/** ".../commit/<hash>" (absolute or relative) → hash; null when absent or not a hash. */
export function commitHashFromLocation(location: string | null): string | null {
  if (location === null) return null;
  let pathname: string;
  try {
    pathname = new URL(location, 'https://api.bitbucket.org').pathname;
  } catch {
    return null;
  }
  const match = /\/commit\/([0-9a-f]{40})\/?$/i.exec(pathname);
  return match?.[1]?.toLowerCase() ?? null;
}
