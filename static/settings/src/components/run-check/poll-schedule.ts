// How the page follows a check run: never more than one readCheck every 2 s
// from this page, backing off while the run takes long, and giving up after
// 15 minutes (a check step takes well under one; a run still queued by then
// waits for a runner or for build minutes, and Bitbucket shows it).
export const MIN_POLL_INTERVAL_MS = 2_000;
export const MAX_POLL_INTERVAL_MS = 15_000;
export const FOLLOW_FOR_MS = 15 * 60_000;

/** Delay before poll number `attempt` (0 = the first poll after starting): 2, 2, 3, 4.5, … s, at most 15 s. */
export function pollDelayMs(attempt: number): number {
  if (attempt <= 1) return MIN_POLL_INTERVAL_MS;
  return Math.min(MAX_POLL_INTERVAL_MS, Math.round(MIN_POLL_INTERVAL_MS * 1.5 ** (attempt - 1)));
}

/** How many polls the schedule makes in the minute starting `fromMs` after the run was started. */
export function pollsInMinute(fromMs: number): number {
  let at = 0;
  let count = 0;
  for (let attempt = 0; at <= FOLLOW_FOR_MS; attempt += 1) {
    at += pollDelayMs(attempt);
    if (at > fromMs && at <= fromMs + 60_000) count += 1;
  }
  return count;
}
