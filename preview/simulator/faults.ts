// Fault injection: make chosen calls slow, rate limited, failing or cut off,
// a given number of times, so retry and recovery paths can be exercised
// deterministically. A fault matches by HTTP method and a regex over the path
// (without query string).

export type FaultAction =
  /** Answer after this many milliseconds (then handle normally). */
  | { kind: 'latency'; ms: number }
  /** 429 with Retry-After (seconds) and Bitbucket's rate-limit message. */
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  /** Any status with Bitbucket's error body (5xx by default message). */
  | { kind: 'status'; status: number; message?: string }
  /** Destroy the socket without answering. */
  | { kind: 'drop' }
  /** Handle normally first, then destroy the socket: the change happened but the caller never hears. */
  | { kind: 'drop-after' }
  /** Run code before the request is handled (e.g. move the main branch), then handle normally. */
  | { kind: 'hook'; run: () => void | Promise<void> }
  /** Answer with exactly these bytes (e.g. a file that is not UTF-8, which the state's strings cannot hold). */
  | { kind: 'bytes'; status: number; contentType: string; body: Uint8Array };

export interface FaultRule {
  method?: string;
  path?: RegExp;
  /** Acts on this share (0–1) of matching requests, drawn from the injector's seeded random source. */
  share?: number;
  /** How many matching requests it applies to; Infinity for all. Default 1. */
  times?: number;
  action: FaultAction;
}

export interface ActiveFault {
  readonly rule: FaultRule;
  /** Matching requests this fault has acted on so far. */
  hits: number;
  remaining: number;
}

/** A small seeded generator (mulberry32): the same run of faults for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultInjector {
  private readonly active: ActiveFault[] = [];
  /** Latency added to every request (ms). */
  globalLatencyMs = 0;
  /** Draws for rules with a `share`; seeded, so a run of faults can be repeated. */
  random: () => number = seededRandom(1);

  /**
   * Faults on a share of every request, as a flaky network and Bitbucket give
   * them: half answered 503, half cut off without an answer. For `npm start --
   * --faults`. Not 429: Bitbucket answers that only when the hour is spent,
   * which a scene's rate limit (simulator/rate-limit.ts) emulates as it happens.
   */
  flaky(share: number): ActiveFault[] {
    return [
      this.add({ share: share / 2, times: Infinity, action: { kind: 'status', status: 503 } }),
      this.add({ share: share / 2, times: Infinity, action: { kind: 'drop' } }),
    ];
  }

  add(rule: FaultRule): ActiveFault {
    const fault: ActiveFault = { rule, hits: 0, remaining: rule.times ?? 1 };
    this.active.push(fault);
    return fault;
  }

  /** Shorthands for the common cases. */
  rateLimit(method: string, path: RegExp, times = 1, retryAfterSeconds = 1): ActiveFault {
    return this.add({ method, path, times, action: { kind: 'rate-limit', retryAfterSeconds } });
  }

  fail(method: string, path: RegExp, status = 503, times = 1): ActiveFault {
    return this.add({ method, path, times, action: { kind: 'status', status } });
  }

  drop(method: string, path: RegExp, times = 1): ActiveFault {
    return this.add({ method, path, times, action: { kind: 'drop' } });
  }

  before(method: string, path: RegExp, run: () => void | Promise<void>, times = 1): ActiveFault {
    return this.add({ method, path, times, action: { kind: 'hook', run } });
  }

  latency(ms: number, method?: string, path?: RegExp, times = Infinity): ActiveFault {
    return this.add({ ...(method ? { method } : {}), ...(path ? { path } : {}), times, action: { kind: 'latency', ms } });
  }

  clear(): void {
    this.active.length = 0;
    this.globalLatencyMs = 0;
  }

  /** Consumes and returns the faults that apply to this request, in the order they were added. */
  take(method: string, path: string): FaultAction[] {
    const taken: FaultAction[] = [];
    for (const fault of this.active) {
      if (fault.remaining <= 0) continue;
      if (fault.rule.method && fault.rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (fault.rule.path && !fault.rule.path.test(path)) continue;
      if (fault.rule.share !== undefined && this.random() >= fault.rule.share) continue;
      fault.remaining -= 1;
      fault.hits += 1;
      taken.push(fault.rule.action);
    }
    return taken;
  }
}
