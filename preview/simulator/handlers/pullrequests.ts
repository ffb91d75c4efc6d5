// GET  …/pullrequests?q=…&state=…  (BBQL subset; only OPEN by default)
// POST …/pullrequests              (one open PR per source → destination)
import { parseBbql, matchesAll } from '../bbql';
import { parseJsonBody, pick, requirePermission, sendError, sendJson, type RepoContext } from '../http';
import { paginate } from '../paging';
import { pullRequestJson } from '../shapes';
import type { SimPullRequest } from '../state';
import { unifiedDiff } from '../diff';

function fieldOf(pr: SimPullRequest, field: string): string | undefined {
  switch (field) {
    case 'source.branch.name':
      return pr.sourceBranch;
    case 'destination.branch.name':
      return pr.destinationBranch;
    case 'state':
      return pr.state;
    case 'title':
      return pr.title;
    default:
      return undefined;
  }
}

const KNOWN_FIELDS = new Set(['source.branch.name', 'destination.branch.name', 'state', 'title']);

export function listPullRequests(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'read', 'list its pull requests')) return;
  const q = ctx.query.get('q');
  const terms = q === null ? { ok: true as const, terms: [] } : parseBbql(q);
  if (!terms.ok) {
    sendError(ctx.res, 400, 'Invalid query', { detail: terms.message });
    return;
  }
  const unknown = terms.terms.find((t) => !KNOWN_FIELDS.has(t.field));
  if (unknown) {
    sendError(ctx.res, 400, 'Invalid query', { detail: `The simulator does not filter on "${unknown.field}".` });
    return;
  }
  // Only OPEN pull requests unless `state` is given, as a parameter or in q.
  const states = ctx.query.getAll('state').map((s) => s.toUpperCase());
  const stateInQuery = terms.terms.some((t) => t.field === 'state');
  const wanted = states.length > 0 ? states : stateInQuery ? null : ['OPEN'];
  const found = ctx.repo.pullRequests.filter(
    (pr) => (wanted === null || wanted.includes(pr.state)) && matchesAll(terms.terms, (f) => fieldOf(pr, f)),
  );
  sendJson(ctx.res, 200, paginate(ctx, found.map((pr) => pullRequestJson(ctx.origin, ctx.state, ctx.repo, pr))));
}

export function getPullRequest(ctx: RepoContext, id: string): void {
  if (!requirePermission(ctx, 'read', 'read its pull requests')) return;
  const pr = ctx.repo.pullRequests.find((p) => String(p.id) === id);
  if (!pr) {
    sendError(ctx.res, 404, `Pull request not found: ${id}`);
    return;
  }
  sendJson(ctx.res, 200, pullRequestJson(ctx.origin, ctx.state, ctx.repo, pr));
}

export function createPullRequest(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'read', 'open pull requests')) return;
  const body = parseJsonBody(ctx);
  if (!body.ok) return;
  const title = pick(body.value, 'title');
  const source = pick(body.value, 'source', 'branch', 'name');
  const destination = pick(body.value, 'destination', 'branch', 'name') ?? ctx.repo.mainBranch;
  if (typeof title !== 'string' || title.trim() === '') {
    sendError(ctx.res, 400, 'Bad request', { fields: { title: ['This field is required.'] } });
    return;
  }
  if (typeof source !== 'string' || !ctx.repo.branches.has(source)) {
    sendError(ctx.res, 400, 'Bad request', {
      fields: { source: ['You must specify a valid source branch when creating a pull request.'] },
      detail: 'You must specify a valid source branch when creating a pull request.',
    });
    return;
  }
  if (typeof destination !== 'string' || !ctx.repo.branches.has(destination)) {
    sendError(ctx.res, 400, 'Bad request', { fields: { destination: [`Branch not found: ${String(destination)}`] } });
    return;
  }
  if (source === destination) {
    sendError(ctx.res, 400, 'Bad request', { fields: { source: ['Source and destination branches must be different.'] } });
    return;
  }
  const existing = ctx.state.openPullRequestFrom(ctx.repo, source, destination);
  if (existing) {
    // Bitbucket allows one open pull request per source/destination pair.
    sendError(ctx.res, 400, `There is already an open pull request from ${source} to ${destination}.`, {
      fields: { source: [`There is already an open pull request (#${existing.id}) from this branch.`] },
    });
    return;
  }
  const description = pick(body.value, 'description');
  const pr = ctx.state.createPullRequest(
    ctx.repo,
    {
      title,
      ...(typeof description === 'string' ? { description } : {}),
      sourceBranch: source,
      destinationBranch: destination,
      closeSourceBranch: pick(body.value, 'close_source_branch') === true,
      draft: pick(body.value, 'draft') === true,
    },
    ctx.actor,
  );
  sendJson(ctx.res, 201, pullRequestJson(ctx.origin, ctx.state, ctx.repo, pr), {
    Location: `${ctx.origin}/2.0/repositories/${encodeURIComponent(ctx.repo.workspace.slug)}/${encodeURIComponent(ctx.repo.slug)}/pullrequests/${pr.id}`,
  });
}

/** GET …/pullrequests/{id}/diff: text/plain unified diff from the merge base to the source tip. */
export function getPullRequestDiff(ctx: RepoContext, id: string): void {
  if (!requirePermission(ctx, 'read', 'read its pull requests')) return;
  const pr = ctx.repo.pullRequests.find((p) => String(p.id) === id);
  if (!pr) {
    sendError(ctx.res, 404, `Pull request not found: ${id}`);
    return;
  }
  const sourceTip = ctx.state.resolveRevision(ctx.repo, ctx.state.pullRequestSourceCommit(ctx.repo, pr));
  const destinationTip = ctx.repo.branches.get(pr.destinationBranch) ?? pr.destinationCommit;
  const base = sourceTip ? ctx.state.mergeBase(ctx.repo, sourceTip.hash, destinationTip) : undefined;
  const text = unifiedDiff(base?.files ?? new Map<string, string>(), sourceTip?.files ?? new Map<string, string>());
  ctx.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  ctx.res.end(text);
}
