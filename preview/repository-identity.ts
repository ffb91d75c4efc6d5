// Which repository the preview shows: its slugs and braced UUIDs, read from
// GET /2.0/repositories/{workspace}/{repo} on the simulator or on the real
// Bitbucket. The Forge context (and so the app) gets exactly these values.
import type { PreviewRepository } from './forge-runtime/forge-context';

const SLUG = /^[A-Za-z0-9._-]+$/;

/** Parses "workspace/repo" (the --repo flag). */
export function parseRepoArgument(text: string): { workspace: string; repository: string } {
  const parts = text.split('/');
  if (parts.length !== 2 || !parts.every((p) => SLUG.test(p))) {
    throw new Error(`--repo must look like <workspace>/<repository> (slugs of letters, digits, ".", "_" or "-"); got ${JSON.stringify(text)}.`);
  }
  return { workspace: parts[0]!, repository: parts[1]! };
}

interface RepositoryBody {
  slug?: unknown;
  uuid?: unknown;
  workspace?: { slug?: unknown; uuid?: unknown };
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`Bitbucket's repository answer has no ${what}.`);
  return value;
}

export async function fetchRepositoryIdentity(options: {
  baseUrl: string;
  repo: string;
  token?: string;
  fetchImpl?: typeof fetch;
}): Promise<PreviewRepository> {
  const { workspace, repository } = parseRepoArgument(options.repo);
  const fetchImpl = options.fetchImpl ?? fetch;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const url = `${options.baseUrl}/2.0/repositories/${encodeURIComponent(workspace)}/${encodeURIComponent(repository)}`;
  const response = await fetchImpl(url, { headers });
  if (response.status === 401 || response.status === 403) {
    throw new Error(
      `Bitbucket refused ${workspace}/${repository} (HTTP ${response.status}). Check BITBUCKET_TOKEN: a repository access token of that repository with repository, pull request and pipeline scopes.`,
    );
  }
  if (response.status === 404) {
    throw new Error(`Repository ${workspace}/${repository} was not found (HTTP 404). Check --repo, and that the token belongs to it.`);
  }
  if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}; try again later.`);
  const body = (await response.json()) as RepositoryBody;
  return {
    workspace: { slug: text(body.workspace?.slug, 'workspace.slug'), uuid: text(body.workspace?.uuid, 'workspace.uuid') },
    repository: { slug: text(body.slug, 'slug'), uuid: text(body.uuid, 'uuid') },
  };
}
