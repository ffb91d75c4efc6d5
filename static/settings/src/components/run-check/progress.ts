// Step 5 of the checklist as the check run reports it: done once a check
// passed (now, or the last run on load), otherwise what to do next.
import type { CheckProgress } from '../../lib/setup-checklist';
import { describeLastCheck } from './last-check';
import type { CheckReadiness } from './readiness';
import type { CheckRun } from './use-check-run';

/** Null before any check ran: the checklist then says where the check runs (its own words). */
export function checkProgress(check: CheckRun, readiness: CheckReadiness, now: number): CheckProgress | null {
  const { state, last } = check;
  switch (state.kind) {
    case 'starting':
    case 'following':
      return { status: 'todo', reason: 'The check is running…' };
    case 'done': {
      const { run, failure } = state.status;
      if (run.phase === 'passed') return { status: 'done', reason: 'Check passed: the pipeline logged in to Chainguard.' };
      return { status: 'todo', reason: `Check failed: ${failure?.reason ?? 'see the run in Bitbucket.'} Fix it, then run the check again.` };
    }
    case 'refused':
      return { status: 'blocked', reason: state.reason };
    case 'error':
      return { status: 'todo', reason: `The check could not be run: ${state.message}` };
    case 'gave-up':
      return { status: 'unknown', reason: 'The check did not finish within 15 minutes; see the run in Bitbucket.' };
    case 'idle':
      if (last?.run?.phase === 'passed') return { status: 'done', reason: describeLastCheck(last.run, now) };
      if (!last?.run) return null;
      return { status: 'todo', reason: `${describeLastCheck(last.run, now)} ${readiness.ready ? 'Run the check again.' : readiness.reason}` };
  }
}
