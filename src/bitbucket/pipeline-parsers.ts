// Bitbucket's pipeline JSON, checked at the boundary. The spec types runs and
// steps loosely (state is a bare object), so only the fields used are read:
// state.name is PENDING / IN_PROGRESS / COMPLETED (PAUSED, HALTED also occur),
// state.result.name is SUCCESSFUL / FAILED / ERROR / STOPPED / EXPIRED.
import { z } from 'zod';
import type { PipelineRun, PipelineStepInfo, RunPhase, StepTestCase, StepTestReport } from './pipeline-types';

const StateJson = z
  .object({
    name: z.string(),
    result: z.object({ name: z.string() }).nullish(),
    stage: z.object({ name: z.string() }).nullish(),
  })
  .nullish();

function phaseOf(state: z.infer<typeof StateJson>): RunPhase {
  const name = state?.name?.toUpperCase() ?? '';
  const result = state?.result?.name?.toUpperCase() ?? '';
  if (name === 'COMPLETED') {
    if (result === 'SUCCESSFUL' || result === 'PASSED') return 'passed';
    if (result === 'STOPPED') return 'stopped';
    return 'failed';
  }
  if (name === 'IN_PROGRESS' || name === 'RUNNING' || name === 'BUILDING') return 'running';
  return 'pending';
}

const RunJson = z.object({
  uuid: z.string(),
  build_number: z.number().nullish(),
  state: StateJson,
  target: z
    .object({
      ref_name: z.string().nullish(),
      selector: z.object({ pattern: z.string().nullish() }).nullish(),
    })
    .nullish(),
  created_on: z.string().nullish(),
  completed_on: z.string().nullish(),
});

export function toPipelineRun(json: unknown): PipelineRun {
  const r = RunJson.parse(json);
  return {
    uuid: r.uuid,
    buildNumber: r.build_number ?? null,
    phase: phaseOf(r.state),
    stateName: r.state?.name ?? 'UNKNOWN',
    resultName: r.state?.result?.name ?? null,
    refName: r.target?.ref_name ?? null,
    selectorPattern: r.target?.selector?.pattern ?? null,
    createdOn: r.created_on ?? null,
    completedOn: r.completed_on ?? null,
  };
}

const StepJson = z.object({ uuid: z.string(), name: z.string().nullish(), state: StateJson });

export function toPipelineStep(json: unknown): PipelineStepInfo {
  const s = StepJson.parse(json);
  return { uuid: s.uuid, name: s.name ?? null, phase: phaseOf(s.state) };
}

// The spec leaves test cases untyped. Field names differ between the clients
// found in public code, so the message is taken from whichever is present
// (unverified against a live answer): reason.message, failure_message, error_details, message.
const TestCaseJson = z.object({
  name: z.string(),
  status: z.string().nullish(),
  result: z.string().nullish(),
  reason: z.object({ message: z.string().nullish() }).nullish(),
  failure_message: z.string().nullish(),
  error_details: z.string().nullish(),
  message: z.string().nullish(),
});

export function toTestCase(json: unknown): StepTestCase {
  const c = TestCaseJson.parse(json);
  const message = c.reason?.message ?? c.failure_message ?? c.error_details ?? c.message ?? null;
  return { name: c.name, status: (c.status ?? c.result ?? 'UNKNOWN').toUpperCase(), message };
}

// Also untyped in the spec; the counts seen in public clients (unverified).
const TestReportJson = z.object({ total_count: z.number().nullish(), failed_count: z.number().nullish() });

export function toTestReport(json: unknown): StepTestReport {
  const r = TestReportJson.parse(json);
  return { total: r.total_count ?? null, failed: r.failed_count ?? null };
}
