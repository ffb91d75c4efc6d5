// GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}
// Branch names may contain "/": they arrive either percent-encoded in one
// segment or as several segments; both mean the same name.
import { requirePermission, sendError, sendJson, type RepoContext } from '../http';
import { branchJson } from '../shapes';

export function getBranch(ctx: RepoContext, name: string): void {
  if (!requirePermission(ctx, 'read', 'read its branches')) return;
  const tip = ctx.repo.branches.get(name);
  const commit = tip === undefined ? undefined : ctx.repo.commits.get(tip);
  if (!commit) {
    sendError(ctx.res, 404, `Branch "${name}" does not exist.`);
    return;
  }
  sendJson(ctx.res, 200, branchJson(ctx.origin, ctx.repo, name, commit));
}
