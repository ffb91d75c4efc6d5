// GET  /repositories/{workspace}/{repo_slug}/src/{commit}/{path}: raw file, or a
//      directory listing (paginated_treeentries), or ?format=meta.
// POST /repositories/{workspace}/{repo_slug}/src: commit files from a form body.
import { requirePermission, sendError, sendJson, type RepoContext } from '../http';
import { paginate } from '../paging';
import { repoApiBase } from '../shapes';
import type { SimCommit } from '../state';

const META_FIELDS = new Set(['message', 'author', 'parents', 'branch', 'files']);

export function getSource(ctx: RepoContext, revision: string, path: string): void {
  if (!requirePermission(ctx, 'read', 'read its files')) return;
  const commit = ctx.state.resolveRevision(ctx.repo, revision);
  if (!commit) {
    sendError(ctx.res, 404, `Commit not found: ${revision}`);
    return;
  }
  const content = commit.files.get(path);
  if (content !== undefined) {
    if (ctx.query.get('format') === 'meta') {
      sendJson(ctx.res, 200, { type: 'commit_file', path, commit: commitRef(ctx, commit), attributes: [], size: Buffer.byteLength(content) });
      return;
    }
    // Raw bytes; like Bitbucket, no charset on the content type.
    ctx.res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Content-Length': Buffer.byteLength(content),
      'Content-Disposition': 'attachment',
      ETag: `"${commit.hash}:${path}"`,
    });
    ctx.res.end(content);
    return;
  }
  const listing = listDirectory(commit, path);
  if (listing.length === 0 && path !== '') {
    sendError(ctx.res, 404, `No such file or directory: ${path}`);
    return;
  }
  const entries = listing.map((entry) => ({ ...entry, commit: commitRef(ctx, commit) }));
  sendJson(ctx.res, 200, paginate(ctx, entries));
}

function commitRef(ctx: RepoContext, commit: SimCommit) {
  return { type: 'commit', hash: commit.hash, links: { self: { href: `${repoApiBase(ctx.origin, ctx.repo)}/commit/${commit.hash}` } } };
}

function listDirectory(commit: SimCommit, dir: string): { type: string; path: string }[] {
  const prefix = dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
  const seen = new Map<string, string>();
  for (const file of commit.files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) seen.set(file, 'commit_file');
    else seen.set(prefix + rest.slice(0, slash), 'commit_directory');
  }
  return [...seen].sort(([a], [b]) => a.localeCompare(b)).map(([path, type]) => ({ type, path }));
}

export function postSource(ctx: RepoContext): void {
  const type = ctx.req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    // Multipart is valid on Bitbucket but not for Forge apps; the app must not send it.
    sendError(ctx.res, 415, 'Unsupported Media Type', { detail: 'The simulator accepts application/x-www-form-urlencoded only, as Forge apps must.' });
    return;
  }
  if (!requirePermission(ctx, 'write', 'push commits')) return;
  const form = new URLSearchParams(ctx.body);
  const branches = form.getAll('branch');
  const parents = form.getAll('parents');
  if (branches.length > 1) {
    sendError(ctx.res, 400, 'Bad request', { fields: { branch: ['Only one branch may be given.'] } });
    return;
  }
  if (parents.length > 1) {
    sendError(ctx.res, 400, 'Bad request', { fields: { parents: ['Multiple parents are not supported here.'] } });
    return;
  }
  const files: Record<string, string> = {};
  for (const [name, value] of form) {
    // A leading slash marks a file even when its name clashes with a meta field.
    if (!name.startsWith('/') && META_FIELDS.has(name)) continue;
    files[name.replace(/^\/+/, '')] = value;
  }
  const deletions = form.getAll('files').filter((path) => !(path.replace(/^\/+/, '') in files));
  const outcome = ctx.state.commit(
    ctx.repo,
    {
      ...(branches[0] !== undefined ? { branch: branches[0] } : {}),
      ...(parents[0] !== undefined ? { parent: parents[0] } : {}),
      ...(form.has('message') ? { message: form.get('message') ?? '' } : {}),
      ...(form.has('author') ? { author: form.get('author') ?? '' } : {}),
      files,
      deletions,
    },
    ctx.actor,
  );
  if (!outcome.ok) {
    if (outcome.reason === 'conflict') sendError(ctx.res, 409, 'Conflict', { detail: outcome.message });
    else sendError(ctx.res, 400, 'Bad request', { fields: { parents: [outcome.message] } });
    return;
  }
  ctx.res.writeHead(201, { Location: `${repoApiBase(ctx.origin, ctx.repo)}/commit/${outcome.commit.hash}`, 'Content-Length': 0 });
  ctx.res.end();
}

