// POST /__preview/invoke: what the host script sends for a bridge `invoke`,
// answered by the resolver handler inside the preview's Forge backends.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyPreviewContext } from './forge-runtime/forge-context';
import type { ForgeBackends } from './forge-runtime/forge-fetch';
import { invokeHandler, parseInvokeRequest, type ResolverHandler } from './forge-runtime/invoke-handler';
import { sendJson } from './http-helpers';
import { BodyTooLargeError, readBody } from './simulator/http';

export const INVOKE_PATH = '/__preview/invoke';
/** The workspace page's invokes: its own resolver function and context, as on Forge. */
export const WORKSPACE_INVOKE_PATH = '/__preview/workspace/invoke';

/**
 * Why a call to /__preview/invoke does not come from the preview's own page,
 * or null. With a real token the handler can open pull requests, so a web page
 * elsewhere must not be able to drive it: such a page cannot send JSON without
 * a CORS preflight (which is never granted), sends its own Origin, and under
 * DNS rebinding a foreign Host.
 */
export function foreignCaller(req: IncomingMessage, ownOrigins: readonly string[]): string | null {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) return 'invoke takes Content-Type: application/json.';
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins.includes(origin)) return `invoke is refused from origin ${origin}; open the preview's own page.`;
  const host = req.headers.host;
  if (host !== undefined && !ownOrigins.includes(`http://${host}`)) return `invoke is refused for host ${host}; open the preview's own page.`;
  return null;
}

export interface InvokeDeps {
  /** The handler, or how to get it (the workspace handler is bundled on first use, so the repository page never waits for it). */
  handler: ResolverHandler | { load: () => Promise<ResolverHandler> };
  backends: ForgeBackends;
  context: AnyPreviewContext;
  ownOrigins: readonly string[];
}

export async function answerInvoke(req: IncomingMessage, res: ServerResponse, deps: InvokeDeps): Promise<void> {
  const refusal = foreignCaller(req, deps.ownOrigins);
  if (refusal) return sendJson(res, 403, { error: refusal });
  let request;
  try {
    request = parseInvokeRequest(await readBody(req));
  } catch (error) {
    return sendJson(res, error instanceof BodyTooLargeError ? 413 : 400, { error: (error as Error).message });
  }
  let handler: ResolverHandler;
  try {
    handler = typeof deps.handler === 'function' ? deps.handler : await deps.handler.load();
  } catch (error) {
    return sendJson(res, 503, { error: (error as Error).message });
  }
  try {
    const result = await invokeHandler(handler, deps.backends, deps.context, request);
    return sendJson(res, 200, { result: result ?? null });
  } catch (error) {
    // What Forge shows when a function throws: the invoke promise rejects.
    console.error(`[preview] resolver ${request.functionKey} threw:`, error);
    return sendJson(res, 500, { error: `There was an error invoking the function - ${(error as Error).message}` });
  }
}
