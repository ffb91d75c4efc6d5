// Bitbucket's JSON, checked at the boundary and mapped to our own types.
// Only the fields we use are required; everything else is ignored.
import { z } from 'zod';
import type { PullRequestRef } from '../shared/repository-refs';
import type {
  AuthoredPullRequest,
  BranchTip,
  ListedRepository,
  CommitInfo,
  Environment,
  PipelineVariable,
  Repository,
} from './response-types';

const RepositoryJson = z.object({
  uuid: z.string(),
  slug: z.string().optional(),
  full_name: z.string(),
  name: z.string().optional(),
  mainbranch: z.object({ name: z.string() }).nullish(),
  workspace: z.object({ uuid: z.string(), slug: z.string() }),
  links: z.object({ html: z.object({ href: z.string() }).optional() }).optional(),
});

export function toRepository(json: unknown): Repository {
  const r = RepositoryJson.parse(json);
  return {
    uuid: r.uuid,
    // `slug` is not in the spec's schema but is in every real answer; the
    // part of full_name after "/" is the same thing.
    slug: r.slug ?? r.full_name.slice(r.full_name.indexOf('/') + 1),
    fullName: r.full_name,
    mainBranch: r.mainbranch?.name ?? null,
    workspace: { uuid: r.workspace.uuid, slug: r.workspace.slug },
    htmlUrl: r.links?.html?.href ?? null,
  };
}

const BranchJson = z.object({ name: z.string(), target: z.object({ hash: z.string() }) });

export function toBranchTip(json: unknown): BranchTip {
  const b = BranchJson.parse(json);
  return { name: b.name, commit: b.target.hash };
}

const CommitJson = z.object({
  hash: z.string(),
  message: z.string().default(''),
  author: z
    .object({ raw: z.string().optional(), user: z.object({ uuid: z.string().optional() }).nullish() })
    .optional(),
  parents: z.array(z.object({ hash: z.string() })).default([]),
});

export function toCommitInfo(json: unknown): CommitInfo {
  const c = CommitJson.parse(json);
  return {
    hash: c.hash,
    message: c.message,
    authorRaw: c.author?.raw ?? null,
    authorUuid: c.author?.user?.uuid ?? null,
    parents: c.parents.map((p) => p.hash),
  };
}

const EnvironmentJson = z.object({
  uuid: z.string(),
  name: z.string(),
  environment_type: z.object({ name: z.string() }).nullish(),
});

export function toEnvironment(json: unknown): Environment {
  const e = EnvironmentJson.parse(json);
  return { uuid: e.uuid, name: e.name, environmentType: e.environment_type?.name ?? null };
}

const VariableJson = z.object({
  uuid: z.string(),
  key: z.string(),
  value: z.string().nullish(),
  secured: z.boolean().default(false),
});

export function toPipelineVariable(json: unknown): PipelineVariable {
  const v = VariableJson.parse(json);
  return { uuid: v.uuid, key: v.key, value: v.value ?? '', secured: v.secured };
}

/** What every pull request answer we read carries; each listing adds the fields it asks for. */
const PullRequestCoreJson = z.object({
  id: z.number(),
  title: z.string(),
  state: z.string(),
  links: z.object({ html: z.object({ href: z.string() }) }),
});

const PullRequestJson = PullRequestCoreJson.extend({
  source: z.object({
    branch: z.object({ name: z.string() }),
    commit: z.object({ hash: z.string() }).nullish(),
  }),
});

export function toPullRequestRef(json: unknown): PullRequestRef {
  const p = PullRequestJson.parse(json);
  return {
    id: p.id,
    title: p.title,
    url: p.links.html.href,
    sourceBranch: p.source.branch.name,
    sourceCommit: p.source.commit?.hash ?? '',
    state: p.state,
  };
}

const PullRequestSourceRepositoryJson = z.object({
  source: z.object({ repository: z.object({ uuid: z.string() }).nullish() }),
});

/** The repository a pull request comes from (a fork, for a pull request from a fork); null when not given. */
export function toSourceRepositoryUuid(json: unknown): string | null {
  return PullRequestSourceRepositoryJson.parse(json).source.repository?.uuid ?? null;
}

const PipelinesConfigJson = z.object({ enabled: z.boolean() });

export function toPipelinesConfig(json: unknown): { enabled: boolean } {
  return { enabled: PipelinesConfigJson.parse(json).enabled };
}

const PageJson = z.object({ values: z.array(z.unknown()), next: z.string().optional() });

export function toPage(json: unknown): { values: unknown[]; next: string | null } {
  const page = PageJson.parse(json);
  return { values: page.values, next: page.next ?? null };
}

const ListedRepositoryJson = z.object({
  uuid: z.string(),
  slug: z.string().optional(),
  full_name: z.string().optional(),
  name: z.string().optional(),
  project: z.object({ key: z.string(), name: z.string().optional() }).nullish(),
  mainbranch: z.object({ name: z.string() }).nullish(),
  updated_on: z.string(),
  links: z.object({ html: z.object({ href: z.string() }).optional() }).optional(),
});

export function toListedRepository(json: unknown): ListedRepository {
  const r = ListedRepositoryJson.parse(json);
  const fullName = r.full_name ?? '';
  const slug = r.slug ?? fullName.slice(fullName.indexOf('/') + 1);
  if (slug.length === 0) throw new Error('repository without slug or full_name');
  return {
    uuid: r.uuid,
    slug,
    name: r.name ?? slug,
    project: r.project ? { key: r.project.key, name: r.project.name ?? r.project.key } : null,
    mainBranch: r.mainbranch?.name ?? null,
    updatedOn: r.updated_on,
    htmlUrl: r.links?.html?.href ?? null,
  };
}

const AuthoredPullRequestJson = PullRequestCoreJson.extend({
  source: z.object({
    branch: z.object({ name: z.string() }),
    repository: z.object({ uuid: z.string() }).nullish(),
  }),
  destination: z.object({ repository: z.object({ uuid: z.string() }) }),
});

export function toAuthoredPullRequest(json: unknown): AuthoredPullRequest {
  const p = AuthoredPullRequestJson.parse(json);
  return {
    id: p.id,
    title: p.title,
    state: p.state,
    url: p.links.html.href,
    sourceBranch: p.source.branch.name,
    repositoryUuid: p.destination.repository.uuid,
    sourceRepositoryUuid: p.source.repository?.uuid ?? null,
  };
}
