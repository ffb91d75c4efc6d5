// …/pipelines/… paths to the pipeline run handlers; false when none matches.
import type { RepoContext } from '../http';
import {
  createPipelineRun,
  getPipelineRun,
  getStepLog,
  getStepTestReports,
  listPipelineRuns,
  listPipelineRunSteps,
  listStepTestCases,
} from './pipeline-runs';

export function routePipelineRuns(ctx: RepoContext, tail: string[]): boolean {
  const [run, steps, step, leaf, sub] = tail;
  const get = ctx.method === 'GET';
  if (tail.length === 0 && ctx.method === 'POST') return createPipelineRun(ctx), true;
  if (tail.length === 0 && get) return listPipelineRuns(ctx), true;
  if (!get || run === undefined) return false;
  if (tail.length === 1) return getPipelineRun(ctx, run), true;
  if (steps !== 'steps') return false;
  if (tail.length === 2) return listPipelineRunSteps(ctx, run), true;
  if (step === undefined) return false;
  if (tail.length === 4 && leaf === 'log') return getStepLog(ctx, run, step), true;
  if (tail.length === 4 && leaf === 'test_reports') return getStepTestReports(ctx, run, step), true;
  if (tail.length === 5 && leaf === 'test_reports' && sub === 'test_cases') return listStepTestCases(ctx, run, step), true;
  return false;
}
