// Small HTTP helpers shared by the handlers: Bitbucket's JSON and error shapes,
// body parsing, and the per-request context a handler receives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor, SimRepository, SimulatorState } from './state';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  state: SimulatorState;
  method: string;
  /** Decoded path segments after `/2.0/`. */
  segments: string[];
  query: URLSearchParams;
  /** e.g. http://127.0.0.1:41234 — used to build links and `next` URLs. */
  origin: string;
  actor: Actor;
  body: string;
}

export interface RepoContext extends RequestContext {
  repo: SimRepository;
  /** Segments after `/repositories/{workspace}/{repo_slug}/`. */
  rest: string[];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Bitbucket's standard error body: `{"type":"error","error":{"message",...}}`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: { detail?: string; fields?: Record<string, string[]> } = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { type: 'error', error: { message, ...extra } }, headers);
}

/** Bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 5_000_000;

/** A request body over the limit; the server answers 413 with this message. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`The request body is too large: at most ${limitBytes.toLocaleString('en-US')} bytes.`);
  }
}

/**
 * The body as text. Past the limit the rest is read and dropped, not kept, and
 * the promise rejects with BodyTooLargeError once the body has ended: the
 * caller can then answer 413 on a connection that is still open (resetting it
 * mid-upload would leave the client with an unexplained network error).
 */
export function readBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => (size > limitBytes ? reject(new BodyTooLargeError(limitBytes)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * Why a state-changing request comes from another web page, or null. A
 * browser sends Origin with every cross-origin POST (a plain HTML form
 * included, which needs no CORS preflight), so a foreign Origin is refused;
 * callers that are not browsers (the app's handler, tests) send none.
 */
export function foreignWriteOrigin(req: IncomingMessage, ownOrigins: readonly string[]): string | null {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  const origin = req.headers.origin;
  if (origin === undefined || ownOrigins.includes(origin)) return null;
  return `${method} is refused from origin ${origin}: only the preview's own page may change the simulated repository.`;
}

export function parseJsonBody(ctx: RequestContext): { ok: true; value: Record<string, unknown> } | { ok: false } {
  const type = ctx.req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) {
    sendError(ctx.res, 415, 'Unsupported Media Type', { detail: 'Send the body as application/json.' });
    return { ok: false };
  }
  try {
    const value: unknown = JSON.parse(ctx.body);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // fall through to the 400 below
  }
  sendError(ctx.res, 400, 'Bad request', { detail: 'The request body is not a JSON object.' });
  return { ok: false };
}

/** Reads a nested string like body.source.branch.name without trusting the shape. */
export function pick(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const PERMISSION_RANK = { read: 1, write: 2, admin: 3 } as const;

/** Answers 403 the way Bitbucket does when the caller lacks the repository permission. */
export function requirePermission(ctx: RepoContext, needed: 'read' | 'write' | 'admin', what: string): boolean {
  if (PERMISSION_RANK[ctx.actor.permission] >= PERMISSION_RANK[needed]) return true;
  sendError(ctx.res, 403, `You need ${needed} access to this repository to ${what}.`, {
    detail: `${ctx.actor.displayName} has ${ctx.actor.permission} access to ${ctx.repo.workspace.slug}/${ctx.repo.slug}.`,
  });
  return false;
}
