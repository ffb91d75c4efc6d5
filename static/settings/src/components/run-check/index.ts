// "Run check" and what it needs: one folder, plugged into the pipeline section and the checklist.
export { RunCheck, type RunCheckProps } from './RunCheck';
export { useCheckRun, type CheckRun, type CheckRunState } from './use-check-run';
export { checkReadiness, hasCheckPipeline, type CheckReadiness } from './readiness';
export { describeLastCheck, ago } from './last-check';
export { pollDelayMs, pollsInMinute, MIN_POLL_INTERVAL_MS, FOLLOW_FOR_MS } from './poll-schedule';
export { checkProgress } from './progress';
