// Reads the check step's JUnit report back, as Bitbucket serves its test cases:
// which stage failed, with what message, and how many repositories the
// organization listing returned. Pure: the use case fetches, this decides.
import { CHECK_STAGES, type CheckStage } from '../pipeline/script';

export type StageOutcome = 'passed' | 'failed' | 'not-run';

export interface ReportedCase {
  name: string;
  /** Upper-case status as Bitbucket reports it (PASSED, SUCCESSFUL, FAILED, ERROR, SKIPPED…). */
  status: string;
  message: string | null;
}

export interface CheckReport {
  stages: Record<CheckStage, StageOutcome>;
  /** The first failed stage in run order; null when none failed. */
  failedStage: CheckStage | null;
  /** The failed stage's message (chainctl's words, or ours); null when the report carries none. */
  failureMessage: string | null;
  /** From the listing stage's name ("listing repositories: 12 found"); null when not reported. */
  repositoryCount: number | null;
}

const ORDER: CheckStage[] = ['identity', 'download', 'exchange', 'listing'];
const FAILED = new Set(['FAILED', 'ERROR', 'FAILURE']);
const PASSED = new Set(['PASSED', 'SUCCESSFUL', 'SUCCESS', 'PASS']);

/** The stage a test case stands for: its name is the stage's name, or starts with it and a colon. */
function stageOf(name: string): CheckStage | null {
  const trimmed = name.trim().toLowerCase();
  for (const stage of ORDER) {
    const label = CHECK_STAGES[stage];
    if (trimmed === label || trimmed.startsWith(`${label}:`)) return stage;
  }
  return null;
}

/** Null when the cases hold none of the check's stages (a report from something else). */
export function readCheckReport(cases: readonly ReportedCase[]): CheckReport | null {
  const stages: Record<CheckStage, StageOutcome> = { identity: 'not-run', download: 'not-run', exchange: 'not-run', listing: 'not-run' };
  const messages: Partial<Record<CheckStage, string | null>> = {};
  let repositoryCount: number | null = null;
  let seen = 0;
  for (const c of cases) {
    const stage = stageOf(c.name);
    if (stage === null) continue;
    seen += 1;
    const status = c.status.toUpperCase();
    if (FAILED.has(status)) {
      stages[stage] = 'failed';
      messages[stage] = c.message;
    } else if (PASSED.has(status) && stages[stage] !== 'failed') {
      stages[stage] = 'passed';
      if (stage === 'listing') {
        const count = /:\s*(\d{1,7})\s+found/i.exec(c.name)?.[1];
        if (count !== undefined) repositoryCount = Number(count);
      }
    }
  }
  if (seen === 0) return null;
  const failedStage = ORDER.find((s) => stages[s] === 'failed') ?? null;
  return {
    stages,
    failedStage,
    failureMessage: failedStage === null ? null : (messages[failedStage] ?? null),
    repositoryCount,
  };
}
