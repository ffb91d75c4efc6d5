// GET /repositories/{workspace}/{repo_slug}
import { requirePermission, sendJson, type RepoContext } from '../http';
import { repositoryJson } from '../shapes';

export function getRepository(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'read', 'read it')) return;
  sendJson(ctx.res, 200, repositoryJson(ctx.origin, ctx.repo));
}
