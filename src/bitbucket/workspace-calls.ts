// The workspace page's calls (issue 11), part of the one Bitbucket client:
// bulk listings that replace per-repository requests, and the workspace
// variable. Each listing call returns one page and the query of the next, so a
// background scan can stop after any page and resume from storage.
import { bbqlString } from './encoding';
import { nextPageQuery } from './pagination';
import { jsonBody, parsedAs, variablePayload, type QueryPairs, type RequestSender } from './request-sender';
import {
  toAuthoredPullRequest,
  toListedRepository,
  toPage,
  toPipelineVariable,
} from './response-parsers';
import type { AuthoredPullRequest, ListedRepository, PipelineVariable, VariableInput } from './response-types';

/** One page of a listing, and the query that fetches the next (null on the last page). */
export interface ListingPage<T> {
  items: T[];
  next: QueryPairs | null;
  /** Items in the whole listing, when Bitbucket says (`size`). */
  total: number | null;
}

/**
 * Only what the inventory shows, so a 100-repository page stays small (the
 * full answer carries owner, links and avatars for each repository).
 * `next` must be named too, or the trimmed answer loses it.
 */
export const REPOSITORY_LISTING_FIELDS = [
  'next',
  'size',
  'values.uuid',
  'values.slug',
  'values.name',
  'values.full_name',
  'values.project.key',
  'values.project.name',
  'values.mainbranch.name',
  'values.updated_on',
  'values.links.html.href',
].join(',');

export const PULL_REQUEST_LISTING_FIELDS = [
  'next',
  'values.id',
  'values.title',
  'values.state',
  'values.links.html.href',
  'values.source.branch.name',
  'values.source.repository.uuid',
  'values.destination.repository.uuid',
].join(',');

/** Pages of workspace variables read when looking for one (100 each): Bitbucket documents no cap, we state ours. */
export const MAX_WORKSPACE_VARIABLE_PAGES = 20;

/** Bitbucket's largest page for these listings. */
export const REPOSITORY_PAGE_LENGTH = 100;
export const PULL_REQUEST_PAGE_LENGTH = 50;

export interface WorkspaceCalls {
  /** One page of the workspace's repositories; `query` is the previous page's `next` (null for the first page). */
  listRepositoriesPage(workspaceUuid: string, query: QueryPairs | null): Promise<ListingPage<ListedRepository>>;
  /**
   * One page of the pull requests `author` (an Atlassian account ID or braced
   * UUID) opened anywhere in the workspace from `sourceBranch`, in the given states.
   */
  listAuthoredPullRequestsPage(
    workspaceUuid: string,
    author: string,
    sourceBranch: string,
    states: readonly ('OPEN' | 'MERGED')[],
    query: QueryPairs | null,
  ): Promise<ListingPage<AuthoredPullRequest>>;
  listWorkspaceVariables(workspaceUuid: string, query: QueryPairs | null): Promise<ListingPage<PipelineVariable>>;
  /**
   * The workspace variable named `key`, paging through at most
   * MAX_WORKSPACE_VARIABLE_PAGES pages of 100; null when it is not there.
   */
  findWorkspaceVariable(workspaceUuid: string, key: string): Promise<PipelineVariable | null>;
  /** Never retried by the client: list first, then create or update. */
  createWorkspaceVariable(workspaceUuid: string, input: VariableInput): Promise<PipelineVariable>;
  updateWorkspaceVariable(workspaceUuid: string, variableUuid: string, input: VariableInput): Promise<PipelineVariable>;
}

export function createWorkspaceCalls({ json }: Pick<RequestSender, 'json'>): WorkspaceCalls {
  function pageOf<T>(body: unknown, name: Parameters<typeof parsedAs>[0], toItem: (json: unknown) => T) {
    const page = parsedAs(name, 200, () => toPage(body));
    const items = parsedAs(name, 200, () => page.values.map(toItem));
    const size = (body as { size?: unknown } | null)?.size;
    return {
      items,
      next: page.next === null ? null : nextPageQuery(page.next),
      total: typeof size === 'number' && Number.isInteger(size) && size >= 0 ? size : null,
    };
  }

  async function listWorkspaceVariables(workspaceUuid: string, query: QueryPairs | null): Promise<ListingPage<PipelineVariable>> {
    const body = await json(
      'listWorkspaceVariables',
      { workspace: workspaceUuid },
      { query: query ?? [['pagelen', '100']] },
    );
    return pageOf(body, 'listWorkspaceVariables', toPipelineVariable);
  }

  return {
    async listRepositoriesPage(workspaceUuid, query) {
      const first: QueryPairs = [
        ['pagelen', String(REPOSITORY_PAGE_LENGTH)],
        ['fields', REPOSITORY_LISTING_FIELDS],
      ];
      const body = await json('listRepositories', { workspace: workspaceUuid }, { query: query ?? first });
      return pageOf(body, 'listRepositories', toListedRepository);
    },

    async listAuthoredPullRequestsPage(workspaceUuid, author, sourceBranch, states, query) {
      const first: QueryPairs = [
        ...states.map((state) => ['state', state] as const),
        ['q', `source.branch.name = ${bbqlString(sourceBranch)}`],
        ['pagelen', String(PULL_REQUEST_PAGE_LENGTH)],
        ['fields', PULL_REQUEST_LISTING_FIELDS],
      ];
      const body = await json(
        'listUserPullRequests',
        { workspace: workspaceUuid, selected_user: author },
        { query: query ?? first },
      );
      return pageOf(body, 'listUserPullRequests', toAuthoredPullRequest);
    },

    listWorkspaceVariables,

    async findWorkspaceVariable(workspaceUuid, key) {
      let query: QueryPairs | null = null;
      for (let page = 0; page < MAX_WORKSPACE_VARIABLE_PAGES; page += 1) {
        const listed = await listWorkspaceVariables(workspaceUuid, query);
        const found = listed.items.find((v) => v.key === key);
        if (found) return found;
        if (listed.next === null) return null;
        query = listed.next;
      }
      throw new Error(
        `The workspace has more than ${MAX_WORKSPACE_VARIABLE_PAGES * 100} Pipelines variables; the app reads at most that many. ` +
          `Set ${key} under Workspace settings → Workspace variables by hand.`,
      );
    },

    async createWorkspaceVariable(workspaceUuid, input) {
      const body = await json('createWorkspaceVariable', { workspace: workspaceUuid }, jsonBody(variablePayload(input)));
      return parsedAs('createWorkspaceVariable', 201, () => toPipelineVariable(body));
    },

    async updateWorkspaceVariable(workspaceUuid, variableUuid, input) {
      const body = await json(
        'updateWorkspaceVariable',
        { workspace: workspaceUuid, variable_uuid: variableUuid },
        jsonBody({ ...variablePayload(input), uuid: variableUuid }),
      );
      return parsedAs('updateWorkspaceVariable', 200, () => toPipelineVariable(body));
    },
  };
}
