// Bitbucket's hourly request limit on /2.0/repositories/*, when a scene turns
// it on: a rolling one-hour window per simulator, the X-RateLimit-* headers
// Bitbucket sends to Forge apps on scaled endpoints, and a 429 once the hour is
// spent. Off by default, so tests that count requests are not paced by it.
//
// Headers (notes/bitbucket.md §2): X-RateLimit-Limit and X-RateLimit-NearLimit
// are documented for Forge and access tokens; X-RateLimit-Resource is too, but
// its values are not, so it is not invented here. No Retry-After: Bitbucket
// documents none.

/** A scene's rate limit: requests per rolling hour on /2.0/repositories/*. */
export interface RateLimitSetting {
  perHour: number;
}

/** The share of the hour after which Bitbucket says NearLimit (our choice; Bitbucket does not document it). */
const NEAR_LIMIT_SHARE = 0.8;
const HOUR_MS = 3_600_000;

export type WindowVerdict = { allowed: true; headers: Record<string, string> } | { allowed: false; headers: Record<string, string> };

/** Whether Bitbucket counts this path against the repositories limit. */
export function isScaledPath(pathname: string): boolean {
  return pathname.startsWith('/2.0/repositories/');
}

export class RequestWindow {
  private readonly times: number[] = [];

  constructor(private readonly setting: RateLimitSetting) {}

  /** Counts one request at `now` (ms) if the hour allows it, and answers the headers to send. */
  take(now: number): WindowVerdict {
    while (this.times.length > 0 && (this.times[0] as number) <= now - HOUR_MS) this.times.shift();
    const used = this.times.length;
    const limit = this.setting.perHour;
    if (used >= limit) {
      return { allowed: false, headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-NearLimit': 'true' } };
    }
    this.times.push(now);
    const near = used + 1 >= limit * NEAR_LIMIT_SHARE;
    return { allowed: true, headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-NearLimit': String(near) } };
  }
}
