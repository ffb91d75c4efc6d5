// Bitbucket's JSON shapes for the simulator's objects. Only fields the spec's
// schemas allow (several nested objects there are closed with
// additionalProperties: false), plus `slug`/`workspace` that the real API sends
// and the open base schemas permit.
import type { Actor, SimCommit, SimEnvironment, SimPullRequest, SimRepository, SimVariable, SimWorkspace, SimulatorState } from './state';
import { repositoryUpdatedOn } from './state';

const WEB = 'https://bitbucket.org';

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

export function repoApiBase(origin: string, repo: SimRepository): string {
  return `${origin}/2.0/repositories/${enc(repo.workspace.slug)}/${enc(repo.slug)}`;
}

export function workspaceJson(origin: string, ws: SimWorkspace) {
  return {
    type: 'workspace',
    uuid: ws.uuid,
    slug: ws.slug,
    name: ws.name,
    links: {
      self: { href: `${origin}/2.0/workspaces/${enc(ws.slug)}` },
      html: { href: `${WEB}/${enc(ws.slug)}/` },
    },
  };
}

export function accountJson(actor: Actor) {
  return {
    type: 'user',
    uuid: actor.uuid,
    display_name: actor.displayName,
    nickname: actor.nickname,
    links: { avatar: { href: `${WEB}/account/${enc(actor.nickname)}/avatar/` } },
  };
}

/** The short repository object embedded in branches, commits and pull requests. */
export function repositorySummaryJson(origin: string, repo: SimRepository) {
  return {
    type: 'repository',
    uuid: repo.uuid,
    full_name: `${repo.workspace.slug}/${repo.slug}`,
    name: repo.name,
    links: {
      self: { href: repoApiBase(origin, repo) },
      html: { href: `${WEB}/${enc(repo.workspace.slug)}/${enc(repo.slug)}` },
    },
  };
}

export function repositoryJson(origin: string, repo: SimRepository) {
  const base = repoApiBase(origin, repo);
  const tip = repo.branches.get(repo.mainBranch);
  return {
    ...repositorySummaryJson(origin, repo),
    slug: repo.slug,
    scm: 'git',
    is_private: repo.isPrivate,
    description: '',
    fork_policy: 'no_public_forks',
    has_issues: false,
    has_wiki: false,
    language: '',
    size: 0,
    created_on: repo.createdOn,
    updated_on: repositoryUpdatedOn(repo),
    workspace: workspaceJson(origin, repo.workspace),
    ...(repo.project ? { project: { type: 'project', key: repo.project.key, name: repo.project.name } } : {}),
    owner: { type: 'team', uuid: repo.workspace.uuid, display_name: repo.workspace.name, username: repo.workspace.slug },
    mainbranch: { type: 'branch', name: repo.mainBranch, ...(tip ? { target: { type: 'commit', hash: tip } } : {}) },
    links: {
      self: { href: base },
      html: { href: `${WEB}/${enc(repo.workspace.slug)}/${enc(repo.slug)}` },
      pullrequests: { href: `${base}/pullrequests` },
      commits: { href: `${base}/commits` },
      clone: [{ name: 'https', href: `https://bitbucket.org/${enc(repo.workspace.slug)}/${enc(repo.slug)}.git` }],
    },
  };
}

export function commitJson(origin: string, repo: SimRepository, commit: SimCommit) {
  const base = repoApiBase(origin, repo);
  return {
    type: 'commit',
    hash: commit.hash,
    date: commit.date,
    message: commit.message,
    summary: { raw: commit.message, markup: 'markdown' },
    author: { type: 'author', raw: commit.authorRaw, ...(commit.actor ? { user: accountJson(commit.actor) } : {}) },
    parents: commit.parents.map((hash) => ({
      type: 'commit',
      hash,
      links: { self: { href: `${base}/commit/${hash}` } },
    })),
    repository: repositorySummaryJson(origin, repo),
    links: {
      self: { href: `${base}/commit/${commit.hash}` },
      html: { href: `${WEB}/${enc(repo.workspace.slug)}/${enc(repo.slug)}/commits/${commit.hash}` },
    },
  };
}

export function branchJson(origin: string, repo: SimRepository, name: string, commit: SimCommit) {
  const base = repoApiBase(origin, repo);
  return {
    type: 'branch',
    name,
    target: commitJson(origin, repo, commit),
    merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
    default_merge_strategy: 'merge_commit',
    links: {
      self: { href: `${base}/refs/branches/${enc(name)}` },
      commits: { href: `${base}/commits/${enc(name)}` },
      html: { href: `${WEB}/${enc(repo.workspace.slug)}/${enc(repo.slug)}/branch/${enc(name)}` },
    },
  };
}

export function pullRequestJson(origin: string, state: SimulatorState, repo: SimRepository, pr: SimPullRequest) {
  const base = repoApiBase(origin, repo);
  const self = `${base}/pullrequests/${pr.id}`;
  const endpoint = (branch: string, hash: string) => ({
    branch: { name: branch },
    commit: { hash: hash.slice(0, 12) },
    repository: repositorySummaryJson(origin, repo),
  });
  return {
    type: 'pullrequest',
    id: pr.id,
    title: pr.title,
    description: pr.description,
    summary: { raw: pr.description, markup: 'markdown' },
    state: pr.state,
    author: accountJson(pr.author),
    source: endpoint(pr.sourceBranch, state.pullRequestSourceCommit(repo, pr)),
    destination: endpoint(pr.destinationBranch, pr.destinationCommit),
    close_source_branch: pr.closeSourceBranch,
    draft: pr.draft,
    comment_count: 0,
    task_count: 0,
    reason: '',
    created_on: pr.createdOn,
    updated_on: pr.updatedOn,
    reviewers: [],
    participants: [],
    links: {
      self: { href: self },
      html: { href: `${WEB}/${enc(repo.workspace.slug)}/${enc(repo.slug)}/pull-requests/${pr.id}` },
      commits: { href: `${self}/commits` },
      diff: { href: `${self}/diff` },
      diffstat: { href: `${self}/diffstat` },
      comments: { href: `${self}/comments` },
      activity: { href: `${self}/activity` },
      approve: { href: `${self}/approve` },
      merge: { href: `${self}/merge` },
      decline: { href: `${self}/decline` },
    },
  };
}

export function environmentJson(env: SimEnvironment) {
  return {
    type: 'deployment_environment',
    uuid: env.uuid,
    name: env.name,
    slug: env.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    rank: env.rank,
    environment_type: { type: 'deployment_environment_type', name: env.type, rank: ['Test', 'Staging', 'Production'].indexOf(env.type) },
    hidden: false,
    restrictions: { type: 'deployment_restrictions_configuration', admin_only: false },
    lock: { type: 'deployment_environment_lock_open', name: 'OPEN' },
  };
}

export function variableJson(variable: SimVariable) {
  return {
    type: 'pipeline_variable',
    uuid: variable.uuid,
    key: variable.key,
    // Bitbucket never returns the value of a secured variable.
    ...(variable.secured ? {} : { value: variable.value }),
    secured: variable.secured,
  };
}
