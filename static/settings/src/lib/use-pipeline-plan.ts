// Plans the pipeline change for the current choices and judges every OIDC step
// of the planned file, re-running whenever the choices or selection change.
import { useEffect, useState } from 'react';
import type { IdentityChoices, PipelineSelection, PlanResult, RepositoryFacts, TrustFinding } from '@app/core/types';
import { loadPipelineCore } from './pipeline-plan';

export type PipelinePlanState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; plan: PlanResult; findings: TrustFinding[] };

export interface PlanRequest {
  existing: string | null;
  facts: RepositoryFacts;
  choices: IdentityChoices;
  selection: PipelineSelection;
}

const PLAN_PAUSE_MS = 150;

/** `request` null means the choices are invalid: nothing is planned. */
export function usePipelinePlan(request: PlanRequest | null): PipelinePlanState {
  const [state, setState] = useState<PipelinePlanState>({ status: request ? 'loading' : 'idle' });
  // The request is rebuilt on every render; its JSON is the identity that matters.
  const key = request ? JSON.stringify(request) : null;
  useEffect(() => {
    if (!request) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    // Keep showing the previous plan while the next one is computed; only a first plan shows progress.
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    // While the admin types, wait for a short pause rather than re-plan on every keystroke.
    const timer = setTimeout(() => {
      loadPipelineCore()
        .then((core) => {
          if (!current) return;
          const plan = core.planPipeline(request.existing, request.facts, request.choices, request.selection);
          const findings = plan.ok ? core.trustReport(plan.content, request.facts, request.choices) : [];
          setState({ status: 'ready', plan, findings });
        })
        .catch((error: unknown) => {
          if (!current) return;
          const reason = error instanceof Error ? error.message : String(error);
          setState({ status: 'failed', message: `The pipeline preview could not be prepared: ${reason}. Reload the page.` });
        });
    }, PLAN_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the request's content
  }, [key]);
  return state;
}
