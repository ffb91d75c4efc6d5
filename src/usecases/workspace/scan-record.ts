// The scan's progress as stored under one KVS key, and its view for the page.
import type { ScanKind, ScanPhase, ScanProgress } from '../../api/workspace-contract';
import type { ListedRepository } from '../../bitbucket';
import type { RateBucket } from '../../bitbucket/rate-limit';
import type { UseCaseError } from '../types';

export type QueryPairs = readonly (readonly [string, string])[];

export interface PageTally {
  read: number;
  unchanged: number;
  failed: number;
}

export type ScanStage = 'pull-requests' | 'workspace-variable' | 'repositories' | 'cleanup' | 'done';

export interface ScanRecord {
  scanId: string;
  kind: ScanKind;
  workspaceUuid: string;
  /** Account ID of the admin who started it: whose setup pull requests to list. */
  author: string | null;
  phase: ScanPhase;
  stage: ScanStage;
  /** Query of the next page of each listing (null = first page, or no more when the stage moved on). */
  pullRequestCursor: QueryPairs | null;
  listingCursor: QueryPairs | null;
  /**
   * The listing page being worked on, kept so a slice that stops midway (rate
   * limit, timeout) resumes it without listing it again.
   */
  page: { items: ListedRepository[]; next: QueryPairs | null; total: number | null } | null;
  /** Whether the workspace variable CHAINGUARD_IDENTITY is set; null when unknown. */
  workspaceIdentity: boolean | null;
  counts: { total: number | null; listed: number; read: number; unchanged: number; failed: number };
  /**
   * Repositories of the current listing page done so far, for the progress
   * bar only: `counts` take a page's repositories when the whole page is done,
   * so a page resumed after a pause is never counted twice.
   */
  inPage?: PageTally | null;
  requests: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  resumesAt: string | null;
  /** The invocation working on it, and until when (a redelivered event finds it busy). */
  lease: { holder: string; until: number } | null;
  bucket: RateBucket;
  invocations: number;
  /** Longest single invocation so far (ms), for the benchmark. */
  longestInvocationMs: number;
  lastFinishedAt: string | null;
  error?: UseCaseError;
}

const TERMINAL: readonly ScanPhase[] = ['done', 'failed', 'cancelled'];

export function isTerminal(phase: ScanPhase): boolean {
  return TERMINAL.includes(phase);
}

/** Requests per repository assumed before any were measured: the file and pipelines_config, plus listings. */
const ASSUMED_REQUESTS_PER_REPOSITORY = 2.05;

/** The page's view: counts, and an ETA from the pace so far or the rate limit, whichever is slower. */
export function scanProgress(stored: ScanRecord, nowMs: number): ScanProgress {
  const record = withPageShown(stored);
  const { counts } = record;
  const done = counts.read + counts.unchanged + counts.failed;
  const remaining = counts.total === null ? null : Math.max(0, counts.total - done);
  return {
    scanId: record.scanId,
    kind: record.kind,
    phase: record.phase,
    counts: {
      total: counts.total,
      done,
      read: counts.read,
      unchanged: counts.unchanged,
      failed: counts.failed,
      remaining: remaining ?? 0,
    },
    requests: record.requests,
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
    finishedAt: record.finishedAt,
    etaSeconds: isTerminal(record.phase) ? 0 : etaSeconds(record, remaining, nowMs),
    resumesAt: record.phase === 'waiting' ? record.resumesAt : null,
    message: message(record, done),
    ...(record.error ? { error: record.error } : {}),
  };
}

/** The record as the page sees it: the current listing page's repositories already counted. */
function withPageShown(record: ScanRecord): ScanRecord {
  const page = isTerminal(record.phase) ? null : (record.inPage ?? null);
  if (page === null) return record;
  const { counts } = record;
  return {
    ...record,
    counts: { ...counts, read: counts.read + page.read, unchanged: counts.unchanged + page.unchanged, failed: counts.failed + page.failed },
  };
}

function etaSeconds(record: ScanRecord, remaining: number | null, nowMs: number): number | null {
  if (remaining === null) return null;
  if (remaining === 0) return 0;
  const read = record.counts.read + record.counts.failed;
  const perRepo = read > 0 ? Math.max(0.05, record.requests / read) : ASSUMED_REQUESTS_PER_REPOSITORY;
  // A re-scan reads only changed repositories; the rest cost no request, so
  // the request-based estimate uses the share read so far.
  const done = read + record.counts.unchanged;
  const readShare = record.kind === 'rescan' && done > 0 ? read / done : 1;
  const requestsLeft = remaining * perRepo * readShare;
  const perSecond = record.bucket.limitPerHour / 3600;
  const byRate = Math.max(0, requestsLeft - record.bucket.tokens) / perSecond;
  const elapsed = (nowMs - Date.parse(record.startedAt)) / 1000;
  const byPace = done > 0 ? (elapsed / done) * remaining : 0;
  return Math.ceil(Math.max(byRate, byPace));
}

/** The split of what is done, when it is not all plain reads: " (100 read, 20 unchanged since the last scan)". */
function detail(counts: ScanRecord['counts']): string {
  if (counts.unchanged === 0 && counts.failed === 0) return '';
  const parts = [`${counts.read} read`];
  if (counts.unchanged > 0) parts.push(`${counts.unchanged} unchanged since the last scan`);
  if (counts.failed > 0) parts.push(`${counts.failed} could not be read`);
  return ` (${parts.join(', ')})`;
}

function message(record: ScanRecord, done: number): string {
  const total = record.counts.total;
  const of = total === null ? `${done}` : `${done} of ${total}`;
  switch (record.phase) {
    case 'queued':
      return 'Scan queued; it starts in a few seconds.';
    case 'listing':
      return 'Listing the repositories and your setup pull requests…';
    case 'reading':
      return `Scanned ${of} repositories so far${detail(record.counts)}.`;
    case 'waiting':
      return `Paused by Bitbucket's rate limit after ${of} repositories${detail(record.counts)}; resumes by itself.`;
    case 'done':
      return `Scanned ${of} repositories: ${record.counts.read} read, ${record.counts.unchanged} unchanged since the last scan, ${record.counts.failed} could not be read.`;
    case 'failed':
      return `The scan stopped after ${of} repositories: ${record.error?.message ?? 'unknown error'}`;
    case 'cancelled':
      return `Scan cancelled after ${of} repositories.`;
  }
}
