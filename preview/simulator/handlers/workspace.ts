// Workspace-level endpoints for the workspace page (issue 11):
// GET /2.0/repositories/{workspace}                                (paginated, fields=)
// GET /2.0/workspaces/{workspace}/pullrequests/{selected_user}     (state=, q=, fields=)
// GET/POST /2.0/workspaces/{workspace}/pipelines-config/variables
// PUT /2.0/workspaces/{workspace}/pipelines-config/variables/{uuid}
import { matchesAll, parseBbql } from '../bbql';
import { parseJsonBody, sendError, sendJson, type RequestContext } from '../http';
import { paginate } from '../paging';
import { applyFields } from '../partial-response';
import { pullRequestJson, repositoryJson, variableJson } from '../shapes';
import { bracedUuid, sameUuid, type Actor, type SimVariable, type SimWorkspace, type SimulatorState } from '../state';

// Workspace variables live beside the state rather than in it: only this feature uses them.
const workspaceVariableStore = new WeakMap<SimWorkspace, SimVariable[]>();

/** The workspace's Pipelines variables (tests and scenes arrange them here). */
export function workspaceVariables(ws: SimWorkspace): SimVariable[] {
  let list = workspaceVariableStore.get(ws);
  if (!list) {
    list = [];
    workspaceVariableStore.set(ws, list);
  }
  return list;
}

function findWorkspace(state: SimulatorState, ref: string): SimWorkspace | undefined {
  return state.workspaces.find((w) => w.slug === ref || sameUuid(w.uuid, ref));
}

function actorMatches(actor: Actor, selected: string): boolean {
  return actor.nickname === selected || sameUuid(actor.uuid, selected) || (actor.accountId !== undefined && actor.accountId === selected);
}

function isWorkspaceAdmin(ctx: RequestContext): boolean {
  if (ctx.actor.permission === 'admin') return true;
  sendError(ctx.res, 403, 'You must be a workspace admin to manage workspace variables.');
  return false;
}

/** Answers the workspace-level routes; false when the path is not one of them. */
export function routeWorkspace(ctx: RequestContext): boolean {
  const [root, workspaceRef, ...rest] = ctx.segments;
  if (workspaceRef === undefined) return false;
  if (root === 'repositories' && rest.length === 0 && ctx.method === 'GET') {
    const ws = findWorkspace(ctx.state, workspaceRef);
    if (!ws) return notFound(ctx, workspaceRef);
    const repos = ctx.state.repositories.filter((r) => r.workspace === ws);
    sendJson(ctx.res, 200, applyFields(paginate(ctx, repos.map((r) => repositoryJson(ctx.origin, r))), ctx.query.get('fields')));
    return true;
  }
  if (root !== 'workspaces') return false;
  const ws = findWorkspace(ctx.state, workspaceRef);
  if (!ws) return notFound(ctx, workspaceRef);
  const [resource, sub, id, ...more] = rest;
  if (resource === 'pullrequests' && sub !== undefined && id === undefined && ctx.method === 'GET') {
    listAuthoredPullRequests(ctx, ws, sub);
    return true;
  }
  if (resource === 'pipelines-config' && sub === 'variables' && more.length === 0) {
    if (ctx.method === 'GET' && id === undefined) {
      if (!isWorkspaceAdmin(ctx)) return true;
      sendJson(ctx.res, 200, paginate(ctx, workspaceVariables(ws).map(variableJson)));
      return true;
    }
    if (ctx.method === 'POST' && id === undefined) {
      createWorkspaceVariable(ctx, ws);
      return true;
    }
    if (ctx.method === 'PUT' && id !== undefined) {
      updateWorkspaceVariable(ctx, ws, id);
      return true;
    }
  }
  return false;
}

function notFound(ctx: RequestContext, ref: string): true {
  sendError(ctx.res, 404, `Workspace not found: ${ref}`);
  return true;
}

const PULL_REQUEST_FIELDS: Record<string, (pr: { sourceBranch: string; destinationBranch: string; state: string; title: string }) => string> = {
  'source.branch.name': (pr) => pr.sourceBranch,
  'destination.branch.name': (pr) => pr.destinationBranch,
  state: (pr) => pr.state,
  title: (pr) => pr.title,
};

function listAuthoredPullRequests(ctx: RequestContext, ws: SimWorkspace, selectedUser: string): void {
  const q = ctx.query.get('q');
  const parsed = q === null ? { ok: true as const, terms: [] } : parseBbql(q);
  if (!parsed.ok) {
    sendError(ctx.res, 400, 'Invalid query', { detail: parsed.message });
    return;
  }
  const unknown = parsed.terms.find((t) => !(t.field in PULL_REQUEST_FIELDS));
  if (unknown) {
    sendError(ctx.res, 400, 'Invalid query', { detail: `The simulator does not filter on "${unknown.field}".` });
    return;
  }
  const states = ctx.query.getAll('state').map((s) => s.toUpperCase());
  const wanted = states.length > 0 ? states : ['OPEN'];
  const found = ctx.state.repositories
    .filter((r) => r.workspace === ws)
    .flatMap((repo) =>
      repo.pullRequests
        .filter(
          (pr) =>
            actorMatches(pr.author, selectedUser) &&
            wanted.includes(pr.state) &&
            matchesAll(parsed.terms, (field) => PULL_REQUEST_FIELDS[field]?.(pr)),
        )
        .map((pr) => pullRequestJson(ctx.origin, ctx.state, repo, pr)),
    );
  sendJson(ctx.res, 200, applyFields(paginate(ctx, found), ctx.query.get('fields')));
}

function createWorkspaceVariable(ctx: RequestContext, ws: SimWorkspace): void {
  if (!isWorkspaceAdmin(ctx)) return;
  const body = parseJsonBody(ctx);
  if (!body.ok) return;
  const { key, value, secured } = body.value;
  if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || typeof value !== 'string') {
    sendError(ctx.res, 400, 'Bad request', { fields: { key: ['Give a key and a value.'] } });
    return;
  }
  const list = workspaceVariables(ws);
  if (list.some((v) => v.key === key)) {
    sendError(ctx.res, 409, `A variable with the key ${key} already exists.`);
    return;
  }
  const variable = { uuid: bracedUuid(), key, value, secured: secured === true };
  list.push(variable);
  sendJson(ctx.res, 201, variableJson(variable));
}

function updateWorkspaceVariable(ctx: RequestContext, ws: SimWorkspace, uuid: string): void {
  if (!isWorkspaceAdmin(ctx)) return;
  const variable = workspaceVariables(ws).find((v) => sameUuid(v.uuid, uuid));
  if (!variable) {
    sendError(ctx.res, 404, `Variable not found: ${uuid}`);
    return;
  }
  const body = parseJsonBody(ctx);
  if (!body.ok) return;
  const { value, secured } = body.value;
  if (typeof value === 'string') variable.value = value;
  if (typeof secured === 'boolean') variable.secured = secured;
  sendJson(ctx.res, 200, variableJson(variable));
}
