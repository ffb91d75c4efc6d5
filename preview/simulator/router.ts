// Maps `/2.0/repositories/{workspace}/{repo_slug}/...` to the handlers. Path
// segments are split on "/" before decoding, so an encoded "%2F" inside a
// branch name and a literal "/" both reach the handler as part of the name.
import { sendError, type RepoContext, type RequestContext } from './http';
import { getBranch } from './handlers/branches';
import { getCommit, listCommits } from './handlers/commits';
import { listEnvironments } from './handlers/environments';
import { createVariable, getPipelinesConfig, getVariable, listVariables, updateVariable } from './handlers/pipelines';
import { createPullRequest, getPullRequest, getPullRequestDiff, listPullRequests } from './handlers/pullrequests';
import { getRepository } from './handlers/repository';
import { getSource, postSource } from './handlers/source';
import { routeWorkspace } from './handlers/workspace';

export function route(ctx: RequestContext): void {
  if (routeWorkspace(ctx)) return;
  const [root, workspace, slug, ...rest] = ctx.segments;
  if (root !== 'repositories' || workspace === undefined || slug === undefined) {
    sendError(ctx.res, 404, 'Resource not found', { detail: `The simulator does not serve /2.0/${ctx.segments.join('/')}.` });
    return;
  }
  const repo = ctx.state.findRepository(workspace, slug);
  if (!repo) {
    sendError(ctx.res, 404, 'Repository not found', { detail: `No repository ${workspace}/${slug}.` });
    return;
  }
  routeRepository({ ...ctx, repo, rest });
}

function routeRepository(ctx: RepoContext): void {
  const { method, rest } = ctx;
  const [resource, ...tail] = rest;
  const joined = tail.join('/');
  const is = (m: string, r: string | undefined, tailLength?: number) =>
    method === m && resource === r && (tailLength === undefined || tail.length === tailLength);

  if (is('GET', undefined)) return getRepository(ctx);
  if (is('GET', 'refs') && tail[0] === 'branches' && tail.length >= 2) return getBranch(ctx, tail.slice(1).join('/'));
  if (is('GET', 'src') && tail.length >= 1) return getSource(ctx, tail[0] ?? '', tail.slice(1).join('/'));
  if (is('POST', 'src', 0)) return postSource(ctx);
  if (is('GET', 'commit', 1)) return getCommit(ctx, joined);
  if (is('GET', 'commits') && tail.length >= 1) return listCommits(ctx, joined);
  if (is('GET', 'environments', 0)) return listEnvironments(ctx);
  if (is('GET', 'pullrequests', 0)) return listPullRequests(ctx);
  if (is('POST', 'pullrequests', 0)) return createPullRequest(ctx);
  if (is('GET', 'pullrequests', 1)) return getPullRequest(ctx, joined);
  if (is('GET', 'pullrequests', 2) && tail[1] === 'diff') return getPullRequestDiff(ctx, tail[0] ?? '');
  if (resource === 'pipelines_config') {
    const [sub, uuid, ...more] = tail;
    if (more.length === 0) {
      if (method === 'GET' && sub === undefined) return getPipelinesConfig(ctx);
      if (method === 'GET' && sub === 'variables' && uuid === undefined) return listVariables(ctx);
      if (method === 'POST' && sub === 'variables' && uuid === undefined) return createVariable(ctx);
      if (method === 'GET' && sub === 'variables' && uuid !== undefined) return getVariable(ctx, uuid);
      if (method === 'PUT' && sub === 'variables' && uuid !== undefined) return updateVariable(ctx, uuid);
    }
  }
  sendError(ctx.res, 404, 'Resource not found', { detail: `The simulator does not serve ${method} ${rest.join('/')} on a repository.` });
}
