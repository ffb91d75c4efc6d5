// The local preview: one HTTP server on 127.0.0.1 that serves the production
// build of the settings page with a Forge host script, runs the real resolver
// handler (src/index.ts) for `invoke`, and answers /2.0/... with the Bitbucket
// simulator (or sends the handler's calls to api.bitbucket.org with a token).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator, SimulatorState } from './simulator';
import { createBitbucketForwarder, type ForwardedRequest } from './forge-runtime/bitbucket-forwarder';
import { buildPreviewContext, buildWorkspacePreviewContext, type PreviewContext, type PreviewRepository, type PreviewWorkspaceContext } from './forge-runtime/forge-context';
import { installForgeFetch, runWithBackends, type ForgeBackends } from './forge-runtime/forge-fetch';
import { LocalEventsQueue, type DeliveredEvent } from './forge-runtime/events-queue';
import { SCAN_QUEUE_KEY } from '../src/forge/workspace-queue';
import { loadBundledHandler } from './forge-runtime/bundle-handler';
import type { ResolverHandler } from './forge-runtime/invoke-handler';
import { createFileStore, createMemoryStore, type KeyValueStore } from './forge-runtime/key-value-store';
import { answerKvsCall } from './forge-runtime/kvs-api';
import { hostScript, HOST_SCRIPT_PATH, injectHostScript, THEME_CSS_PATH, themeStylesheet, WORKSPACE_HOST_SCRIPT_PATH } from './host/host-assets';
import { pageThemeFrom, pullRequestViews, renderPullRequestsPage } from './pages/pull-requests-page';
import { connectBitbucket } from './bitbucket-connection';
import { readStaticFile } from './static-files';
import { proxyToSimulator, send, sendJson } from './http-helpers';
import { answerInvoke, INVOKE_PATH, WORKSPACE_INVOKE_PATH } from './invoke-route';
import { ChainguardSandbox } from './chainguard/sandbox';
import { answerSandbox } from './chainguard/routes';
import { answerMerge } from './pages/merge-route';
import { pipelineRuns } from './simulator/pipeline-runner';
import { foreignWriteOrigin } from './simulator/http';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PULL_REQUESTS_PATH = '/__preview/pull-requests';
/** The workspace settings page (bitbucket:workspaceSettingsMenuPage) of the shown repository's workspace. */
export const WORKSPACE_PAGE_PATH = '/workspace/';

export interface PreviewOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Delay of every simulated Bitbucket answer. */
  latencyMs?: number;
  /** Share (0–1) of simulated Bitbucket requests answered 503 or cut off, and of queue deliveries ended early. */
  faultShare?: number;
  /** Simulator scene; default demoSeed. */
  seed?: (state: SimulatorState) => void;
  /** "workspace/repo" the page is about; default the demo repository. */
  repo?: string;
  /** Talk to the real Bitbucket with this repository access token instead of the simulator. */
  real?: { token: string; repo: string; baseUrl?: string; fetchImpl?: typeof fetch };
  /** JSON file for @forge/kvs data; omitted = in memory. */
  storageFile?: string;
  /** Folder with the built UI; default static/settings/dist. */
  distDir?: string;
  /** Folder with the built workspace page; default static/workspace/dist. */
  workspaceDistDir?: string;
  /** The resolver handler; default the real one from src/index.ts. */
  handler?: ResolverHandler;
  /** How long a simulated pipeline run takes; default 3 s (tests pass ~0). */
  pipelineDelayMs?: number;
  /** The workspace page's resolver handler; default src/index.ts's workspaceHandler, bundled on first use. */
  workspaceHandler?: ResolverHandler;
  /** The scan queue's consumer; default src/index.ts's scanHandler, bundled on first use. */
  scanConsumer?: (event: DeliveredEvent) => Promise<void>;
  /** Multiplies the queue's delays; default 1: the scan's token bucket counts real time, so its waits must too. */
  queueDelayScale?: number;
}

export interface Preview {
  /** The settings page, e.g. http://127.0.0.1:5173/ */
  url: string;
  /** The workspace page, e.g. http://127.0.0.1:5173/workspace/ */
  workspaceUrl: string;
  workspaceContext: PreviewWorkspaceContext;
  /** The shown repository's API URL (same origin for the simulator). */
  apiUrl: string;
  repository: PreviewRepository;
  context: PreviewContext;
  /** Present unless the preview talks to the real Bitbucket. */
  simulator: Simulator | null;
  /** The simulated Chainguard the simulator's pipeline runs log in to (null for the real Bitbucket). */
  chainguard: ChainguardSandbox | null;
  /** Every Bitbucket call the handler made, with start and end times (for the benchmark). */
  bitbucketRequests: ForwardedRequest[];
  store: KeyValueStore;
  /** The emulated Forge events queue (the workspace scan runs on it). */
  queue: LocalEventsQueue;
  close(): Promise<void>;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(308, { location });
  res.end();
}

function loadRealHandler(exportName = 'handler'): Promise<ResolverHandler> {
  return loadBundledHandler(join(REPO_ROOT, 'src', 'index.ts'), exportName);
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  installForgeFetch();
  const host = options.host ?? '127.0.0.1';
  const distDir = options.distDir ?? join(REPO_ROOT, 'static', 'settings', 'dist');
  const workspaceDistDir = options.workspaceDistDir ?? join(REPO_ROOT, 'static', 'workspace', 'dist');
  const handler = options.handler ?? (await loadRealHandler());
  let workspaceHandler: Promise<ResolverHandler> | undefined = options.workspaceHandler ? Promise.resolve(options.workspaceHandler) : undefined;
  const loadWorkspaceHandler = () => {
    workspaceHandler ??= loadRealHandler('workspaceHandler').catch((error: unknown) => {
      workspaceHandler = undefined; // try again on the next call (the code may be fixed meanwhile)
      throw error;
    });
    return workspaceHandler;
  };
  let scanConsumer: Promise<(event: DeliveredEvent) => Promise<void>> | undefined = options.scanConsumer ? Promise.resolve(options.scanConsumer) : undefined;
  const loadScanConsumer = () => {
    scanConsumer ??= (loadRealHandler('scanHandler') as unknown as Promise<(event: DeliveredEvent) => Promise<void>>).catch((error: unknown) => {
      scanConsumer = undefined;
      throw error;
    });
    return scanConsumer;
  };
  const store = options.storageFile ? createFileStore(options.storageFile) : createMemoryStore();
  const bitbucketRequests: ForwardedRequest[] = [];

  const { simulator, baseUrl: bitbucketBase, repository } = await connectBitbucket(options);
  const chainguard = simulator ? new ChainguardSandbox() : null;
  if (simulator && chainguard) {
    const runs = pipelineRuns(simulator.state);
    runs.chainguard = chainguard;
    runs.delayMs = options.pipelineDelayMs ?? 3000;
  }
  if (simulator && (options.faultShare ?? 0) > 0) simulator.faults.flaky(options.faultShare ?? 0);

  const forward = createBitbucketForwarder({
    baseUrl: bitbucketBase,
    token: options.real?.token,
    fetchImpl: options.real?.fetchImpl,
    onRequest: (record) => bitbucketRequests.push(record),
  });
  const backends: ForgeBackends = { bitbucket: forward, kvs: (path, init) => answerKvsCall(store, path, init) };
  // Forge's async events, as the workspace scan uses them: the consumer runs with
  // the same Bitbucket, storage and queue backends as the resolvers.
  const queue = new LocalEventsQueue({
    consumers: {
      [SCAN_QUEUE_KEY]: async (event) => {
        const consume = await loadScanConsumer();
        await runWithBackends(backends, () => consume(event));
      },
    },
    delayScale: options.queueDelayScale ?? 1,
    latencyMs: options.latencyMs ?? 0,
    faultShare: options.faultShare ?? 0,
  });
  backends.queue = (path, init) => queue.answer(path, init);

  let context: PreviewContext | undefined;
  let workspaceContext: PreviewWorkspaceContext | undefined;
  let ownOrigins: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** A POST from one of the preview's own pages, or from a non-browser client (tests): the simulator's own rule. */
  function sameOrigin(req: IncomingMessage): boolean {
    return foreignWriteOrigin(req, ownOrigins) === null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://preview.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (!context || !workspaceContext) throw new Error('The preview is still starting.');

    if (path === INVOKE_PATH && method === 'POST') return answerInvoke(req, res, { handler, backends, context, ownOrigins });
    if (path === WORKSPACE_INVOKE_PATH && method === 'POST') {
      return answerInvoke(req, res, { handler: { load: loadWorkspaceHandler }, backends, context: workspaceContext, ownOrigins });
    }
    if (path === HOST_SCRIPT_PATH || path === WORKSPACE_HOST_SCRIPT_PATH) {
      const workspacePage = path === WORKSPACE_HOST_SCRIPT_PATH;
      const where = `${repository.workspace.slug}/${repository.repository.slug}`;
      const script = await hostScript({
        context: workspacePage ? workspaceContext : context,
        pullRequestsUrl: PULL_REQUESTS_PATH,
        backendLabel: simulator ? `simulated Bitbucket, ${where}` : `real Bitbucket, ${where}`,
        simulatedPullRequestPrefix: simulator ? `https://bitbucket.org/${where}/pull-requests/` : null,
        invokePath: workspacePage ? WORKSPACE_INVOKE_PATH : INVOKE_PATH,
        pageLinks: workspacePage
          ? [{ label: `Repository page (${repository.repository.slug})`, href: '/' }]
          : [{ label: `Workspace page (${repository.workspace.slug})`, href: WORKSPACE_PAGE_PATH }],
      });
      return send(res, 200, 'text/javascript; charset=utf-8', script);
    }
    if (path === THEME_CSS_PATH) return send(res, 200, 'text/css; charset=utf-8', themeStylesheet());
    // Browsers ask for it on every page; an empty answer keeps a 404 out of the console.
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === PULL_REQUESTS_PATH) {
      if (!simulator) return send(res, 404, 'text/plain; charset=utf-8', 'Pull requests are listed for the simulated repository only; see them on bitbucket.org.');
      const repo = simulator.state.findRepository(repository.workspace.uuid, repository.repository.uuid);
      if (!repo) return send(res, 404, 'text/plain; charset=utf-8', 'The simulated repository is gone.');
      const label = `${repository.workspace.slug}/${repository.repository.slug}`;
      return send(res, 200, 'text/html; charset=utf-8', renderPullRequestsPage(pullRequestViews(simulator.state, repo), label, pageThemeFrom(url.searchParams.get('theme'))));
    }
    if (chainguard && (await answerSandbox(req, res, path, chainguard, sameOrigin))) return;
    if (simulator && (await answerMerge(req, res, path, simulator.state, repository, sameOrigin))) return;
    if (path.startsWith('/2.0/')) {
      if (!simulator) {
        // Never relay the token to whoever can reach this port.
        return sendJson(res, 404, { type: 'error', error: { message: 'The preview relays /2.0/ only to the simulator.' } });
      }
      const foreign = foreignWriteOrigin(req, ownOrigins);
      if (foreign) {
        req.resume();
        return sendJson(res, 403, { type: 'error', error: { message: foreign } });
      }
      return proxyToSimulator(req, res, simulator.url);
    }
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (path === '/workspace') return redirect(res, WORKSPACE_PAGE_PATH);
    if (path.startsWith(WORKSPACE_PAGE_PATH)) {
      const inner = path.slice(WORKSPACE_PAGE_PATH.length - 1);
      if (inner === '/' || inner === '/index.html') {
        const page = await readStaticFile(workspaceDistDir, '/index.html');
        if (!page) return send(res, 503, 'text/plain; charset=utf-8', `No build in ${workspaceDistDir}: run \`npm run build\`.`);
        return send(res, 200, 'text/html; charset=utf-8', injectHostScript(page.body.toString('utf8'), WORKSPACE_HOST_SCRIPT_PATH));
      }
      const file = await readStaticFile(workspaceDistDir, inner);
      if (!file) return send(res, 404, 'text/plain; charset=utf-8', `Not found: ${path}`);
      return send(res, 200, file.type, file.body);
    }
    if (path === '/' || path === '/index.html') {
      const page = await readStaticFile(distDir, '/index.html');
      if (!page) return send(res, 503, 'text/plain; charset=utf-8', `No build in ${distDir}: run \`npm run build\`.`);
      return send(res, 200, 'text/html; charset=utf-8', injectHostScript(page.body.toString('utf8')));
    }
    const file = await readStaticFile(distDir, path);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', `Not found: ${path}`);
    return send(res, 200, file.type, file.body);
  }

  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => resolvePromise());
    });
  } catch (error) {
    await simulator?.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const origin = `http://${host}:${address.port}`;
  ownOrigins = [origin, `http://localhost:${address.port}`];
  context = buildPreviewContext(repository, origin);
  workspaceContext = buildWorkspacePreviewContext(repository.workspace, origin);
  const apiBase = simulator ? origin : bitbucketBase;

  return {
    url: `${origin}/`,
    workspaceUrl: `${origin}${WORKSPACE_PAGE_PATH}`,
    workspaceContext,
    apiUrl: `${apiBase}/2.0/repositories/${repository.workspace.slug}/${repository.repository.slug}`,
    repository,
    context,
    simulator,
    chainguard,
    bitbucketRequests,
    store,
    queue,
    close: async () => {
      queue.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      await simulator?.close();
    },
  };
}
