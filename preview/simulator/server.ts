// The simulator's HTTP server: `startSimulator()` binds a loopback port and
// answers `/2.0/...` like api.bitbucket.org for the calls the app makes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, type FaultAction } from './faults';
import { BodyTooLargeError, foreignWriteOrigin, readBody, sendError, type RequestContext } from './http';
import { isScaledPath, RequestWindow } from './rate-limit';
import { route } from './router';
import { SimulatorState } from './state';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. A non-loopback host requires `token`. */
  host?: string;
  /** Fills the state before the first request (e.g. `demoSeed`). */
  seed?: (state: SimulatorState) => void;
  /** Latency added to every request, in ms. */
  latencyMs?: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
}

export interface RequestRecord {
  method: string;
  /** Path and query as received. */
  url: string;
  status: number;
  /** Milliseconds since the server started, when the request arrived. */
  at: number;
}

export interface Simulator {
  /** Base URL without the `/2.0` suffix, e.g. http://127.0.0.1:40123 */
  url: string;
  state: SimulatorState;
  faults: FaultInjector;
  /** Every request answered (or dropped, status 0), in arrival order. */
  requests: RequestRecord[];
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host) && !options.token) {
    throw new Error(`Refusing to serve the simulator on ${host} without a token: pass { token } or bind to 127.0.0.1.`);
  }
  const state = new SimulatorState();
  options.seed?.(state);
  const faults = new FaultInjector();
  faults.globalLatencyMs = options.latencyMs ?? 0;
  const requests: RequestRecord[] = [];
  const started = Date.now();
  const sockets = new Set<Socket>();

  const deps: ServerDeps = { state, faults, token: options.token };
  const server = createServer((req, res) => {
    const record: RequestRecord = { method: req.method ?? 'GET', url: req.url ?? '/', status: 0, at: Date.now() - started };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    handle(req, res, deps).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'Internal simulator error', { detail: String(error) });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    state,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ServerDeps {
  state: SimulatorState;
  faults: FaultInjector;
  token: string | undefined;
  /** The rolling hour of requests, made on the first request once the state asks for a limit. */
  window?: RequestWindow;
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const origin = `http://${req.headers.host ?? 'localhost'}`;
  const foreign = foreignWriteOrigin(req, [origin]);
  if (foreign) {
    req.resume();
    return sendError(res, 403, foreign);
  }
  let body = '';
  try {
    if (method !== 'GET' && method !== 'HEAD') body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendError(res, 413, error.message);
    throw error;
  }

  if (deps.faults.globalLatencyMs > 0) await sleep(deps.faults.globalLatencyMs);
  let dropAfter = false;
  for (const action of deps.faults.take(method, url.pathname)) {
    const outcome = await applyFault(action, res);
    if (outcome === 'answered') return;
    if (outcome === 'drop-after') dropAfter = true;
  }
  if (dropAfter) {
    // The handler still changes the state, but the caller never hears the answer.
    res.end = (() => {
      res.socket?.destroy();
      return res;
    }) as typeof res.end;
  }

  if (deps.state.rateLimit !== null && isScaledPath(url.pathname)) {
    deps.window ??= new RequestWindow(deps.state.rateLimit);
    const verdict = deps.window.take(Date.now());
    for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value);
    if (!verdict.allowed) return sendError(res, 429, 'Rate limit for this resource has been exceeded');
  }

  const authorization = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  if (deps.token !== undefined && bearer !== deps.token) {
    sendError(res, 401, 'Unauthorized', { detail: 'This simulator requires Authorization: Bearer <token>.' });
    return;
  }
  if (!url.pathname.startsWith('/2.0/')) {
    sendError(res, 404, 'Resource not found', { detail: 'Paths start with /2.0/.' });
    return;
  }
  const raw = url.pathname.slice('/2.0/'.length).split('/');
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  let segments: string[];
  try {
    segments = raw.map((s) => decodeURIComponent(s));
  } catch {
    sendError(res, 400, 'Bad request', { detail: 'The path is not valid percent-encoding.' });
    return;
  }
  const ctx: RequestContext = {
    req,
    res,
    state: deps.state,
    method,
    segments,
    query: url.searchParams,
    origin,
    actor: (bearer !== undefined ? deps.state.actors.get(bearer) : undefined) ?? deps.state.defaultActor,
    body,
  };
  route(ctx);
}

type FaultOutcome = 'continue' | 'answered' | 'drop-after';

async function applyFault(action: FaultAction, res: ServerResponse): Promise<FaultOutcome> {
  switch (action.kind) {
    case 'latency':
      await sleep(action.ms);
      return 'continue';
    case 'hook':
      await action.run();
      return 'continue';
    case 'rate-limit':
      sendError(res, 429, 'Rate limit for this resource has been exceeded', {}, { 'Retry-After': String(action.retryAfterSeconds ?? 1) });
      return 'answered';
    case 'status':
      sendError(res, action.status, action.message ?? defaultMessage(action.status));
      return 'answered';
    case 'drop':
      res.socket?.destroy();
      return 'answered';
    case 'drop-after':
      return 'drop-after';
    case 'bytes':
      res.writeHead(action.status, { 'Content-Type': action.contentType, 'Content-Length': action.body.byteLength });
      res.end(action.body);
      return 'answered';
  }
}

function defaultMessage(status: number): string {
  if (status === 502) return 'Bad Gateway';
  if (status === 503) return 'Service Unavailable';
  if (status === 504) return 'Gateway Timeout';
  if (status >= 500) return 'Something went wrong';
  return 'Error';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
