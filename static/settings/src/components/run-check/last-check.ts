// "Last check passed 2 hours ago on main": the newest run, in words.
import type { CheckRunView } from '@app/usecases/check-types';

const UNITS: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

export function ago(fromIso: string | null, now: number): string {
  if (!fromIso) return '';
  const ms = now - Date.parse(fromIso);
  if (!Number.isFinite(ms)) return '';
  if (ms < 60_000) return 'just now';
  for (const [size, unit] of UNITS) {
    if (ms >= size) {
      const n = Math.floor(ms / size);
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

const VERB: Record<CheckRunView['phase'], string> = {
  queued: 'is queued',
  running: 'is running',
  passed: 'passed',
  failed: 'failed',
  stopped: 'was stopped',
};

export function describeLastCheck(run: CheckRunView | null, now: number): string {
  if (run === null) return 'The check has not run yet.';
  const when = ago(run.completedOn ?? run.createdOn, now);
  const where = run.branch ? ` on ${run.branch}` : '';
  return `Last check ${VERB[run.phase]}${when && run.phase !== 'queued' && run.phase !== 'running' ? ` ${when}` : ''}${where}.`;
}
