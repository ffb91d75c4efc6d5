// The workspace scan: what every repository's setup looks like, in few
// requests, in slices that a Forge queue consumer runs one after another.
//
// Requests: the repository listing (100 per request, with `updated_on`), the
// admin's setup pull requests across the workspace (50 per request), the
// workspace variables, then per repository only what has no bulk form
// (scan-repository.ts). A re-scan reads a repository only when its
// `updated_on` changed.
//
// Resumable and idempotent: progress (listing cursors, counts, the rate bucket)
// is saved after every listing page, and each row records the scan that
// confirmed it, so a slice that dies midway is re-run from the last saved page
// and skips every repository this scan already has: nothing is read twice and
// nothing is written twice (a row is one key, overwritten).
import { WORKSPACE_LIMITS, type ScanKind, type ScanProgress } from '../../api/workspace-contract';
import { BitbucketError, DEFAULT_RETRY_POLICY, type BitbucketClient, type BitbucketTransport } from '../../bitbucket';
import { newRateBucket, rateLimitedTransport, RateLimitPause, type RateBucket } from '../../bitbucket/rate-limit';
import { WORKSPACE_KEYS, type StoredRow, type WorkspaceStore } from '../../storage/workspace-store';
import { mapBounded } from '../../shared/bounded-map';
import { SETUP_BRANCH } from '../types';
import { notePullRequest, scanRepository, workspaceIdentity, type Done } from './scan-repository';
import { isTerminal, scanProgress, type PageTally, type ScanRecord } from './scan-record';


export interface ScanDeps {
  store: WorkspaceStore;
  /** Raw transport (asApp); the scan wraps it in its rate bucket. */
  transport: BitbucketTransport;
  /** Builds the client over the bucket-limited transport. */
  makeClient(transport: BitbucketTransport): BitbucketClient;
  clock: { now(): number };
  newId(): string;
}

export interface ScanSliceOptions {
  /** Stop starting new listing pages after this long (the consumer's timeout minus a margin). */
  budgetMs: number;
  /** Repositories read at once within a page. */
  concurrency: number;
  /** Who is running this slice (the event's id), for the lease. */
  holder: string;
  /** Repositories one scan covers; a larger workspace is refused before any is read. Default WORKSPACE_LIMITS.maxRepositories. */
  maxRepositories?: number;
}

export type SliceOutcome =
  | { next: 'continue' }
  | { next: 'wait'; delaySeconds: number }
  | { next: 'stop'; reason: string };

/** A running scan whose last save is older than this is presumed dead; starting or polling revives it. */
export const STALE_AFTER_MS = 10 * 60_000;
/** Forge's longest queue delay. */
export const MAX_DELAY_SECONDS = 900;

const time = (ms: number) => new Date(ms).toISOString();

export async function loadScan(store: WorkspaceStore): Promise<ScanRecord | null> {
  const value = (await store.kv.get(WORKSPACE_KEYS.scan)) as ScanRecord | undefined | null;
  return value && typeof value === 'object' && typeof value.scanId === 'string' ? value : null;
}

function saveScan(store: WorkspaceStore, record: ScanRecord): Promise<void> {
  return store.kv.set(WORKSPACE_KEYS.scan, record);
}

/** True when a non-finished scan has not been saved for a while and is not waiting on purpose. */
export function isStale(record: ScanRecord, nowMs: number): boolean {
  if (isTerminal(record.phase)) return false;
  const resumes = record.resumesAt === null ? 0 : Date.parse(record.resumesAt);
  return nowMs - Math.max(Date.parse(record.updatedAt), resumes) > STALE_AFTER_MS;
}

export type StartScanResult = { progress: ScanProgress; push: boolean };

/**
 * Starts a scan, or answers the one running (one scan per workspace). A stale
 * running scan is revived rather than replaced, so its progress is kept.
 */
export async function startScan(
  deps: Pick<ScanDeps, 'store' | 'clock' | 'newId'>,
  input: { workspaceUuid: string; author: string | null; kind: ScanKind },
): Promise<StartScanResult> {
  const now = deps.clock.now();
  const previous = await loadScan(deps.store);
  if (previous && !isTerminal(previous.phase) && previous.workspaceUuid === input.workspaceUuid) {
    if (!isStale(previous, now)) return { progress: scanProgress(previous, now), push: false };
    const revived: ScanRecord = { ...previous, lease: null, updatedAt: time(now) };
    await saveScan(deps.store, revived);
    return { progress: scanProgress(revived, now), push: true };
  }
  const record: ScanRecord = {
    scanId: deps.newId(),
    kind: input.kind,
    workspaceUuid: input.workspaceUuid,
    author: input.author,
    phase: 'queued',
    stage: input.author === null ? 'workspace-variable' : 'pull-requests',
    pullRequestCursor: null,
    listingCursor: null,
    page: null,
    workspaceIdentity: null,
    counts: { total: null, listed: 0, read: 0, unchanged: 0, failed: 0 },
    requests: 0,
    startedAt: time(now),
    updatedAt: time(now),
    finishedAt: null,
    resumesAt: null,
    lease: null,
    // The limit is per installation, not per scan: carry the bucket over.
    bucket: previous?.bucket ?? newRateBucket(now),
    invocations: 0,
    longestInvocationMs: 0,
    lastFinishedAt: previous?.phase === 'done' ? previous.finishedAt : (previous?.lastFinishedAt ?? null),
  };
  await saveScan(deps.store, record);
  return { progress: scanProgress(record, now), push: true };
}

export async function cancelScan(deps: Pick<ScanDeps, 'store' | 'clock'>): Promise<ScanRecord | null> {
  const record = await loadScan(deps.store);
  if (!record || isTerminal(record.phase)) return record;
  const now = deps.clock.now();
  const cancelled: ScanRecord = { ...record, phase: 'cancelled', finishedAt: time(now), updatedAt: time(now), lease: null };
  await saveScan(deps.store, cancelled);
  return cancelled;
}


/** Repositories between two saves of the progress within a listing page (100 repositories). */
const PROGRESS_EVERY = 20;

function tally(outcomes: readonly Done[]): PageTally {
  const count = (how: Done['how']) => outcomes.filter((o) => o.how === how).length;
  return { read: count('read'), unchanged: count('unchanged'), failed: count('failed') };
}

/** One slice of the scan `scanId`: works until its budget is spent, then says what should happen next. */
export async function runScanSlice(deps: ScanDeps, scanId: string, options: ScanSliceOptions): Promise<SliceOutcome> {
  const started = deps.clock.now();
  const loaded = await loadScan(deps.store);
  if (!loaded || loaded.scanId !== scanId) return { next: 'stop', reason: 'superseded' };
  if (isTerminal(loaded.phase)) return { next: 'stop', reason: loaded.phase };
  if (loaded.lease && loaded.lease.holder !== options.holder && loaded.lease.until > started) {
    return { next: 'stop', reason: 'another invocation holds the scan' };
  }
  let record: ScanRecord = {
    ...loaded,
    phase: loaded.stage === 'repositories' || loaded.stage === 'cleanup' ? 'reading' : 'listing',
    resumesAt: null,
    lease: { holder: options.holder, until: started + options.budgetMs + 60_000 },
    invocations: loaded.invocations + 1,
  };
  await saveScan(deps.store, { ...record, updatedAt: time(started) });

  const gate = rateLimitedTransport(deps.transport, record.bucket, () => deps.clock.now());
  const client = deps.makeClient(gate.transport);
  let sentBefore = 0;
  /** Saves the record with the requests and bucket so far (after each unit of work). */
  const checkpoint = async (patch: Partial<ScanRecord>) => {
    const now = deps.clock.now();
    const sent = gate.sent();
    record = {
      ...record,
      ...patch,
      requests: record.requests + (sent - sentBefore),
      bucket: gate.current(),
      updatedAt: time(now),
      longestInvocationMs: Math.max(record.longestInvocationMs, now - started),
    };
    sentBefore = sent;
    await saveScan(deps.store, record);
  };

  try {
    while (deps.clock.now() - started < options.budgetMs) {
      // A cancel from the page lands between units of work.
      const current = await loadScan(deps.store);
      if (!current || current.scanId !== scanId || isTerminal(current.phase)) {
        return { next: 'stop', reason: current?.phase ?? 'superseded' };
      }
      if (record.stage === 'pull-requests') {
        const page = await client.listAuthoredPullRequestsPage(
          record.workspaceUuid,
          record.author ?? '',
          SETUP_BRANCH,
          ['OPEN', 'MERGED'],
          record.pullRequestCursor,
        );
        for (const pr of page.items) await notePullRequest(deps.store, scanId, pr);
        await checkpoint(
          page.next === null
            ? { stage: 'workspace-variable', pullRequestCursor: null }
            : { pullRequestCursor: page.next },
        );
      } else if (record.stage === 'workspace-variable') {
        const identity = await workspaceIdentity(client, record.workspaceUuid);
        await checkpoint({ stage: 'repositories', workspaceIdentity: identity, phase: 'reading' });
      } else if (record.stage === 'repositories') {
        let page = record.page;
        if (page === null) {
          page = await client.listRepositoriesPage(record.workspaceUuid, record.listingCursor);
          const limit = options.maxRepositories ?? WORKSPACE_LIMITS.maxRepositories;
          const size = Math.max(page.total ?? 0, record.counts.listed + page.items.length);
          if (size > limit) {
            await checkpoint({
              phase: 'failed',
              finishedAt: time(deps.clock.now()),
              lease: null,
              counts: { ...record.counts, total: page.total ?? record.counts.total },
              error: { code: 'invalid-input', message: tooManyRepositories(size, limit, record.counts.listed) },
            });
            return { next: 'stop', reason: 'failed' };
          }
          // The total is known from the first page on (Bitbucket's `size`), so the bar has a scale.
          await checkpoint({ page, counts: { ...record.counts, total: page.total ?? record.counts.total } });
        }
        const outcomes: Done[] = [];
        for (let start = 0; start < page.items.length; start += PROGRESS_EVERY) {
          const chunk = page.items.slice(start, start + PROGRESS_EVERY);
          outcomes.push(
            ...(await mapBounded(chunk, options.concurrency, (listed) =>
              scanRepository(deps.store, client, record, listed, () => deps.clock.now(), (cost) => gate.reserve(cost)),
            ).finally(() => gate.refundUnused())),
          );
          // Shown, not added: a page resumed after a pause recounts its own repositories from the start.
          if (start + PROGRESS_EVERY < page.items.length) await checkpoint({ inPage: tally(outcomes) });
        }
        const inPage = tally(outcomes);
        const counts = {
          ...record.counts,
          total: page.total ?? record.counts.total,
          listed: record.counts.listed + page.items.length,
          read: record.counts.read + inPage.read,
          unchanged: record.counts.unchanged + inPage.unchanged,
          failed: record.counts.failed + inPage.failed,
        };
        await checkpoint(
          page.next === null
            ? { stage: 'cleanup', listingCursor: null, page: null, inPage: null, counts: { ...counts, total: counts.listed } }
            : { listingCursor: page.next, page: null, inPage: null, counts },
        );
      } else if (record.stage === 'cleanup') {
        // Rows this scan did not confirm belong to repositories that are gone.
        for (const stored of await deps.store.allRows()) {
          if (stored.scanId !== scanId) await deps.store.deleteRow(stored.row.repositoryUuid);
        }
        const now = deps.clock.now();
        await checkpoint({ stage: 'done', phase: 'done', finishedAt: time(now), lastFinishedAt: time(now), lease: null });
        return { next: 'stop', reason: 'done' };
      } else {
        return { next: 'stop', reason: 'done' };
      }
    }
    await checkpoint({ lease: null });
    return { next: 'continue' };
  } catch (error) {
    const waitMs = rateLimitWait(error, gate.current(), deps.clock.now());
    if (waitMs !== null) {
      const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(waitMs / 1000)));
      const resumes = deps.clock.now() + delaySeconds * 1000;
      await checkpoint({ phase: 'waiting', resumesAt: time(resumes), lease: null });
      return { next: 'wait', delaySeconds };
    }
    if (error instanceof BitbucketError) {
      // A listing failed after the client's retries: the scan cannot go on without it.
      await checkpoint({
        phase: 'failed',
        finishedAt: time(deps.clock.now()),
        lease: null,
        error: { code: error.code, message: error.message, ...(error.status !== null ? { status: error.status } : {}) },
      });
      return { next: 'stop', reason: 'failed' };
    }
    throw error;
  }
}

/** The refusal of a workspace larger than one scan covers (the listing's `size` says so on its first page). */
function tooManyRepositories(size: number, limit: number, alreadyRead: number): string {
  const what = alreadyRead === 0 ? 'so no repository was read' : `so the scan stopped after ${alreadyRead.toLocaleString('en-US')}`;
  return (
    `This workspace has ${size.toLocaleString('en-US')} repositories; one scan covers at most ${limit.toLocaleString('en-US')}, ${what}. ` +
    "Set up repositories from each one's Repository settings → Chainguard OIDC page, or archive repositories the workspace no longer uses."
  );
}

/**
 * How long to wait when `error` is the rate limit (our bucket, or Bitbucket's
 * 429); null otherwise. The wait also lets the bucket refill to a quarter of
 * its size, so the next slice does real work instead of one request per wake-up.
 */
function rateLimitWait(error: unknown, bucket: RateBucket, now: number): number | null {
  let asked: number;
  if (error instanceof RateLimitPause) asked = error.waitMs;
  else if (error instanceof BitbucketError && error.code === 'rate-limited') {
    asked = Math.max(bucket.blockedUntil - now, (error.retryAfterSeconds ?? 0) * 1000);
  } else return null;
  const perMs = bucket.limitPerHour / 3_600_000;
  const refill = Math.max(0, bucket.capacity / 4 - bucket.tokens) / perMs;
  return Math.max(asked, Math.ceil(refill));
}

export type { StoredRow };

/**
 * The consumer's retry policy: 5xx and dropped connections are retried at once
 * (a queue invocation has minutes, not 25 s), but a 429 is not: it re-queues
 * the slice with Bitbucket's delay instead of sleeping in the function.
 */
export const SCAN_RETRY_POLICY = {
  ...DEFAULT_RETRY_POLICY,
  retryStatuses: [502, 503, 504],
  budgetMs: 30_000,
} as const;
