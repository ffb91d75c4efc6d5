// GET /repositories/{workspace}/{repo_slug}/commit/{commit}
// GET /repositories/{workspace}/{repo_slug}/commits/{revision} (history, newest first)
import { requirePermission, sendError, sendJson, type RepoContext } from '../http';
import { paginate } from '../paging';
import { commitJson } from '../shapes';
import type { SimCommit } from '../state';

export function getCommit(ctx: RepoContext, revision: string): void {
  if (!requirePermission(ctx, 'read', 'read its commits')) return;
  const commit = ctx.state.resolveRevision(ctx.repo, revision);
  if (!commit) {
    sendError(ctx.res, 404, `Commit not found: ${revision}`);
    return;
  }
  sendJson(ctx.res, 200, commitJson(ctx.origin, ctx.repo, commit));
}

export function listCommits(ctx: RepoContext, revision: string): void {
  if (!requirePermission(ctx, 'read', 'read its commits')) return;
  const start = ctx.state.resolveRevision(ctx.repo, revision);
  if (!start) {
    sendError(ctx.res, 404, `Revision not found: ${revision}`);
    return;
  }
  const history: SimCommit[] = [];
  // First-parent walk is enough here: merges only come from the preview helper.
  for (let c: SimCommit | undefined = start; c; c = c.parents[0] ? ctx.repo.commits.get(c.parents[0]) : undefined) {
    history.push(c);
  }
  const page = paginate(ctx, history.map((c) => commitJson(ctx.origin, ctx.repo, c)), 30);
  // Commits use iterator pagination on Bitbucket: no total size.
  delete page.size;
  sendJson(ctx.res, 200, page);
}
