// The work the page does off the main thread, as plain data in and out: the
// pipeline plan (parse, edit, judge) and syntax highlighting. The same function
// runs inside the worker (plan-worker.ts) and, in tests only, on the calling
// thread (off-thread.ts), so both paths give the same answers.
import type { IdentityChoices, PipelineSelection, PlanResult, RepositoryFacts, TrustFinding } from '@app/core/types';
import { highlight, type HighlightLanguage, type Token } from './highlight';
import { summariseDiff, type DiffSummary } from './line-diff';
import { loadPipelineCore } from './pipeline-plan';

export interface PlanRequest {
  existing: string | null;
  facts: RepositoryFacts;
  choices: IdentityChoices;
  selection: PipelineSelection;
}

export type Task = { kind: 'plan'; request: PlanRequest } | { kind: 'highlight'; text: string; language: HighlightLanguage };

export interface TaskResults {
  /** `diff`: what the page shows of the change to an existing file, or null when there is none to show. */
  plan: { plan: PlanResult; findings: TrustFinding[]; diff: DiffSummary | null };
  highlight: Token[][];
}

export type ResultOf<T extends Task> = TaskResults[T['kind']];

/**
 * Past this many characters code is shown uncoloured: colouring it would not
 * help a reader, and a DOM of a span per token would make the page slow.
 */
export const HIGHLIGHT_MAX_CHARS = 200_000;

export function plainLines(text: string): Token[][] {
  return text.split('\n').map((line) => (line === '' ? [] : [{ kind: 'plain', text: line }]));
}

export async function runTask<T extends Task>(task: T): Promise<ResultOf<T>> {
  if (task.kind === 'highlight') {
    const lines = task.text.length > HIGHLIGHT_MAX_CHARS ? plainLines(task.text) : highlight(task.text, task.language);
    return lines as ResultOf<T>;
  }
  const { existing, facts, choices, selection } = task.request;
  const core = await loadPipelineCore();
  const plan = core.planPipeline(existing, facts, choices, selection);
  const findings = plan.ok ? core.trustReport(plan.content, facts, choices) : [];
  const diff = plan.ok && existing !== null && !plan.unchanged ? summariseDiff(existing, plan.content) : null;
  return { plan, findings, diff } as ResultOf<T>;
}
