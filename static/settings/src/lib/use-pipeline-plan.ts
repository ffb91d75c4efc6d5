// Plans the pipeline change for the current choices and judges every OIDC step
// of the planned file, re-running whenever the choices or selection change. The
// work runs in the page's worker (off-thread.ts): a large or hostile file slows
// the preview, never the typing.
import { useEffect, useRef, useState } from 'react';
import type { PlanResult, TrustFinding } from '@app/core/types';
import type { PlanRequest } from './off-thread-tasks';
import { Cancelled, runOffThread } from './off-thread';
import { rememberDiff } from './use-diff-summary';

export type { PlanRequest } from './off-thread-tasks';

export type PipelinePlanState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; plan: PlanResult; findings: TrustFinding[] };

const PLAN_PAUSE_MS = 150;

/** `request` null means the choices are invalid: nothing is planned. */
export function usePipelinePlan(request: PlanRequest | null): PipelinePlanState {
  const [state, setState] = useState<PipelinePlanState>({ status: request ? 'loading' : 'idle' });
  // The request is rebuilt on every render; its content is the identity that matters. The file
  // (up to the size limit) is compared by reference, not put in the key: a JSON copy of it on
  // every render (every keystroke) cost time and garbage on the main thread.
  const file = useRef<{ text: string | null; version: number }>({ text: null, version: 0 });
  if (request && request.existing !== file.current.text) file.current = { text: request.existing, version: file.current.version + 1 };
  const key = request ? `${file.current.version} ${JSON.stringify({ ...request, existing: null })}` : null;
  useEffect(() => {
    if (!request) {
      setState({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    // Keep showing the previous plan while the next one is computed; only a first plan shows progress.
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    // While the admin types, wait for a short pause rather than re-plan on every keystroke.
    const timer = setTimeout(() => {
      runOffThread({ kind: 'plan', request }, { channel: 'plan', signal: abort.signal }).then(
        ({ plan, findings, diff }) => {
          if (diff && plan.ok && request.existing !== null) rememberDiff(request.existing, plan.content, diff);
          setState({ status: 'ready', plan, findings });
        },
        (error: unknown) => {
          if (error instanceof Cancelled || abort.signal.aborted) return; // a newer request took its place
          const reason = (error instanceof Error ? error.message : String(error)).replace(/[.\s]*$/, '');
          setState({ status: 'failed', message: `The pipeline preview could not be prepared: ${reason}. Reload the page.` });
        },
      );
    }, PLAN_PAUSE_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the request's content
  }, [key]);
  return state;
}
