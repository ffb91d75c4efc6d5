// Edit speed: planPipeline on a large real bitbucket-pipelines.yml, either as
// the page first plans it (the custom pipeline only) or with every step it
// lists selected (the most work the page can ask for). Any step of the
// repository is trusted, so no selection is refused.
import { planPipeline, listSteps } from '../../src/core/pipeline';
import type { RepositoryFacts } from '../../src/core/types';
import { median } from './round-trips';

const FACTS: RepositoryFacts = {
  workspace: { slug: 'bench', uuid: '{11111111-2222-4333-8444-555555555555}' },
  repository: { slug: 'big-pipeline', uuid: '{66666666-7777-4888-8999-aaaaaaaaaaaa}', mainBranch: 'main' },
  environments: [],
};

export interface EditMeasurement {
  lines: number;
  selectedSteps: number;
  medianMs: number;
  runs: number;
  outcome: string;
  /** False when planPipeline refused the file (the time is then that of the refusal). */
  planned: boolean;
}

export type EditSelection = 'custom-pipeline-only' | 'every-step';

export function measureEdit(file: string, runs: number, selection: EditSelection): EditMeasurement {
  const listed = selection === 'every-step' ? listSteps(file) : null;
  const steps = listed?.ok ? listed.steps.map((s) => s.id) : [];
  const choices = { organization: 'example.com', trust: { kind: 'repository' as const } };
  const plan = () => planPipeline(file, FACTS, choices, { steps, addCustomPipeline: true });
  const first = plan(); // also warms up the JIT before timing
  const outcome = first.ok
    ? `${first.changes.oidcAddedTo.length} steps changed${first.changes.addedCustomPipeline ? ', custom pipeline added' : ''}`
    : `refused: ${first.error.code}`;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    plan();
    times.push(performance.now() - started);
  }
  return { lines: file.split('\n').length, selectedSteps: steps.length, medianMs: median(times), runs, outcome, planned: first.ok };
}
