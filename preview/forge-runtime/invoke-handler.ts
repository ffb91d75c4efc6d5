// Calls the app's resolver handler the way the Forge runtime does for a
// bridge `invoke(functionKey, payload)`, inside the preview's backends.
import { buildRuntimePayload, type AnyPreviewContext } from './forge-context';
import { runWithBackends, type ForgeBackends } from './forge-fetch';

/** The shape of `handler` exported by src/index.ts (from @forge/resolver getDefinitions()). */
export type ResolverHandler = (
  event: { call: { functionKey: string; payload?: unknown; jobId?: string }; context: unknown },
  runtime: unknown,
) => Promise<unknown>;

export interface InvokeRequest {
  functionKey: string;
  payload?: unknown;
}

/** Parses the body the host script posts; throws a message for the page when it is malformed. */
export function parseInvokeRequest(text: string): InvokeRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('invoke body must be JSON: {"functionKey": string, "payload"?: object}');
  }
  const candidate = parsed as { functionKey?: unknown; payload?: unknown };
  if (!candidate || typeof candidate.functionKey !== 'string' || candidate.functionKey === '') {
    throw new Error('invoke body needs a non-empty string "functionKey"');
  }
  return { functionKey: candidate.functionKey, payload: candidate.payload };
}

export function invokeHandler(
  handler: ResolverHandler,
  backends: ForgeBackends,
  context: AnyPreviewContext,
  request: InvokeRequest,
): Promise<unknown> {
  return runWithBackends(backends, () =>
    handler({ call: { functionKey: request.functionKey, payload: request.payload }, context }, buildRuntimePayload(context)),
  );
}
