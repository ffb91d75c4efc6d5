// GET /repositories/{workspace}/{repo_slug}/environments (paginated)
import { requirePermission, sendJson, type RepoContext } from '../http';
import { paginate } from '../paging';
import { environmentJson } from '../shapes';

export function listEnvironments(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'read', 'list its deployment environments')) return;
  sendJson(ctx.res, 200, paginate(ctx, ctx.repo.environments.map(environmentJson)));
}
