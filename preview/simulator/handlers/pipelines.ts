// GET  …/pipelines_config                        (repository admin only)
// GET  …/pipelines_config/variables              (paginated)
// POST …/pipelines_config/variables              (409 on a duplicate key)
// GET/PUT …/pipelines_config/variables/{uuid}
import { parseJsonBody, requirePermission, sendError, sendJson, type RepoContext } from '../http';
import { paginate } from '../paging';
import { repositorySummaryJson, variableJson } from '../shapes';
import { bracedUuid, sameUuid, type SimVariable } from '../state';

export function getPipelinesConfig(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'admin', 'read its Pipelines settings')) return;
  sendJson(ctx.res, 200, { type: 'repository_pipelines_configuration', enabled: ctx.repo.pipelinesEnabled, repository: repositorySummaryJson(ctx.origin, ctx.repo) });
}

export function listVariables(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'write', 'list its Pipelines variables')) return;
  sendJson(ctx.res, 200, paginate(ctx, ctx.repo.variables.map(variableJson)));
}

export function createVariable(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'admin', 'create Pipelines variables')) return;
  const body = parseJsonBody(ctx);
  if (!body.ok) return;
  const { key, value, secured } = body.value;
  if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    sendError(ctx.res, 400, 'Bad request', { fields: { key: ['Enter a name made of letters, digits and underscores, not starting with a digit.'] } });
    return;
  }
  if (typeof value !== 'string') {
    sendError(ctx.res, 400, 'Bad request', { fields: { value: ['This field is required.'] } });
    return;
  }
  if (ctx.repo.variables.some((v) => v.key === key)) {
    sendError(ctx.res, 409, `A variable with the key ${key} already exists.`);
    return;
  }
  const variable = { uuid: bracedUuid(), key, value, secured: secured === true };
  ctx.repo.variables.push(variable);
  sendJson(ctx.res, 201, variableJson(variable));
}

/** The variable with this UUID, or a 404 answered and undefined. */
function variableOr404(ctx: RepoContext, uuid: string): SimVariable | undefined {
  const variable = ctx.repo.variables.find((v) => sameUuid(v.uuid, uuid));
  if (!variable) sendError(ctx.res, 404, `Variable not found: ${uuid}`);
  return variable;
}

export function getVariable(ctx: RepoContext, uuid: string): void {
  if (!requirePermission(ctx, 'write', 'read its Pipelines variables')) return;
  const variable = variableOr404(ctx, uuid);
  if (variable) sendJson(ctx.res, 200, variableJson(variable));
}

export function updateVariable(ctx: RepoContext, uuid: string): void {
  if (!requirePermission(ctx, 'admin', 'change Pipelines variables')) return;
  const variable = variableOr404(ctx, uuid);
  if (!variable) return;
  const body = parseJsonBody(ctx);
  if (!body.ok) return;
  const { key, value, secured } = body.value;
  if (key !== undefined && key !== variable.key) {
    if (typeof key !== 'string' || ctx.repo.variables.some((v) => v.key === key)) {
      sendError(ctx.res, 409, `A variable with the key ${String(key)} already exists.`);
      return;
    }
    variable.key = key;
  }
  if (typeof value === 'string') variable.value = value;
  if (typeof secured === 'boolean') variable.secured = secured;
  sendJson(ctx.res, 200, variableJson(variable));
}
