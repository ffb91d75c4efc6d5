// Opens (or updates) the one pull request that sets up Chainguard OIDC, from
// the fixed branch `chainguard-oidc-setup`. Idempotent by lookup, like
// Renovate: no stored state, every call reads what is there and finishes the
// job from wherever a previous call stopped.
//
// How the app knows a branch tip is its own: every commit it makes ends with
// the trailer "Chainguard-OIDC-Setup: <sha256 of the file it wrote>". The tip
// is ours only when that trailer is present AND the file at the tip still has
// that digest. Author checks cannot work here: writes run as the admin, the
// same person who might push by hand.
//
// Races and failures:
// - a second click (or a person) moves our branch between read and write →
//   Bitbucket answers 409 to `parents`; we re-read and try once more;
// - main moves while we commit → we notice after the commit, re-plan from the
//   new main and commit again on top of our branch;
// - two clicks create the pull request at once → Bitbucket refuses the second
//   (400); the loser finds and returns the winner's pull request;
// - creating the pull request gets no usable answer → we look: it may exist;
// - creating the pull request fails after the commit → the next call finds our
//   branch without a pull request and opens it.
import { BitbucketError, type BitbucketClient } from '../bitbucket';
import { planPipeline, suggestedSelection } from '../core/pipeline';
import type { PipelineChanges, PlanResult, RepositoryFacts, ResolvedChoices } from '../core/types';
import { resolveChoices } from '../core/validation';
import { guard } from './errors';
import { factsOf } from './load-setup';
import { readBranchFile } from './read-branch';
import { PULL_REQUEST_TITLE, commitMessage, pullRequestDescription, trailerDigest } from './pull-request-description';
import {
  PIPELINE_PATH,
  SETUP_BRANCH,
  type OpenPullRequestData,
  type OpenPullRequestInput,
  type PullRequestRef,
  type RepoIds,
  type UseCaseResult,
} from './types';

export interface OpenPullRequestDeps {
  /** Reads (may act as the app). */
  read: BitbucketClient;
  /** Commits and the pull request (act as the admin). */
  write: BitbucketClient;
}

/** One re-plan after a moved branch, then we report the conflict. */
const MAX_ATTEMPTS = 2;

type Attempt =
  | { kind: 'done'; result: UseCaseResult<OpenPullRequestData> }
  | { kind: 'retry'; why: string; opened?: OpenPullRequestData };

export async function openPullRequest(
  deps: OpenPullRequestDeps,
  ids: RepoIds,
  input: OpenPullRequestInput,
): Promise<UseCaseResult<OpenPullRequestData>> {
  return guard<OpenPullRequestData>(async () => {
    let why = '';
    // A pull request this call already opened, before noticing main had moved.
    let opened: OpenPullRequestData | null = null;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const outcome = await attemptOnce(deps, ids, input);
      if (outcome.kind === 'done') return opened ? reportOpened(opened, outcome.result) : outcome.result;
      why = outcome.why;
      opened = outcome.opened ?? opened;
    }
    if (opened) {
      return ok({ ...opened, message: `${opened.message} ${why} Click again to bring it up to date.` });
    }
    return {
      ok: false,
      error: {
        code: 'conflict',
        status: 409,
        message: `${why} This happened twice in a row, so nothing more was written. Wait a moment and try again; the app will continue from where it stopped.`,
      },
    };
  });
}

/** The follow-up attempt updated the pull request this call opened: to the admin, it was opened. */
function reportOpened(opened: OpenPullRequestData, result: UseCaseResult<OpenPullRequestData>): UseCaseResult<OpenPullRequestData> {
  if (!result.ok || result.data.pullRequest?.id !== opened.pullRequest?.id) return result;
  return ok({
    ...result.data,
    outcome: 'created',
    message: `${opened.message} ${PIPELINE_PATH} changed on the main branch meanwhile, so the pull request was brought up to date.`,
  });
}

interface Snapshot {
  facts: RepositoryFacts;
  mainTip: string;
  mainFile: string | null;
  pullRequest: PullRequestRef | null;
  /** Our branch, when it exists: its tip, the pipeline file there, and whether the app made that tip. */
  setup: { tip: string; file: string | null; ours: boolean } | null;
}

async function attemptOnce(deps: OpenPullRequestDeps, ids: RepoIds, input: OpenPullRequestInput): Promise<Attempt> {
  const snapshot = await readSnapshot(deps.read, ids);
  if (!snapshot.ok) return { kind: 'done', result: snapshot };
  const { facts, mainTip, mainFile, pullRequest, setup } = snapshot.data;

  const resolved = resolveChoices(facts, input.choices);
  if (!resolved.ok) {
    return fail('invalid-input', `Some choices need fixing: ${resolved.errors.map((e) => e.message).join(' ')}`, resolved.errors);
  }
  const selection = input.selection === 'suggested' ? suggestedSelection(mainFile) : input.selection;
  const plan = planPipeline(mainFile, facts, input.choices, selection);
  if (!plan.ok) return planFailure(plan);
  const changes = plan.changes;

  if (pullRequest) {
    if (!setup || !setup.ours) return done(editedByPerson(pullRequest, changes));
    if (plan.unchanged) {
      return done({
        outcome: 'no-change',
        pullRequest,
        changes,
        message: `${PIPELINE_PATH} on ${facts.repository.mainBranch} already has everything these choices need, so pull request #${pullRequest.id} is no longer needed: you can decline it.`,
      });
    }
    if (setup.file === plan.content) {
      return done({ outcome: 'unchanged', pullRequest, changes, message: `Pull request #${pullRequest.id} already holds exactly this change.` });
    }
    const committed = await commitPlan(deps.write, ids, setup.tip, plan.content, changes);
    if (committed.kind === 'moved') return { kind: 'retry', why: `Someone pushed to ${SETUP_BRANCH} while the app was updating it.` };
    const moved = await mainMovedOrUnknown(deps.read, ids, facts.repository.mainBranch, mainTip, mainFile);
    if (moved.kind === 'moved') return { kind: 'retry', why: moved.why };
    const updated = `Updated pull request #${pullRequest.id} with the current choices (a new commit on ${SETUP_BRANCH}).`;
    return done({
      outcome: 'updated',
      pullRequest: { ...pullRequest, sourceCommit: committed.commit },
      changes,
      message: moved.kind === 'unknown' ? `${updated} ${moved.note}` : updated,
    });
  }

  if (plan.unchanged) {
    return done({
      outcome: 'no-change',
      pullRequest: null,
      changes,
      message: `${PIPELINE_PATH} on ${facts.repository.mainBranch} already has everything these choices need. No branch or pull request was created.`,
    });
  }
  if (setup && !setup.ours) {
    return done({
      outcome: 'edited-by-person',
      pullRequest: null,
      changes,
      message: `The branch ${SETUP_BRANCH} already exists with commits the app did not make, and it has no open pull request. The app leaves it alone: delete or rename that branch, then try again.`,
    });
  }
  // Our branch without a pull request (an earlier call stopped half-way, or its PR was declined): reuse it.
  if (!setup || setup.file !== plan.content) {
    const parent = setup ? setup.tip : mainTip;
    const committed = await commitPlan(deps.write, ids, parent, plan.content, changes);
    if (committed.kind === 'moved') return { kind: 'retry', why: `The branch ${SETUP_BRANCH} changed while the app was writing to it (another click or another person).` };
  }
  // Open the pull request while checking that main did not change under us: one round trip instead of two.
  const [moved, created] = await Promise.all([
    mainMovedOrUnknown(deps.read, ids, facts.repository.mainBranch, mainTip, mainFile),
    createOrFindPullRequest(deps, ids, facts, resolved.value, plan),
  ]);
  if (!created.ok) return { kind: 'done', result: created };
  if (moved.kind === 'unknown') return done({ ...created.data, message: `${created.data.message} ${moved.note}` });
  if (moved.kind === 'moved') return { kind: 'retry', why: moved.why, opened: created.data };
  return { kind: 'done', result: created };
}

async function readSnapshot(client: BitbucketClient, ids: RepoIds): Promise<UseCaseResult<Snapshot>> {
  const [repository, environments, pullRequests, setupBranch] = await Promise.all([
    client.getRepository(ids),
    client.listEnvironments(ids),
    client.findOpenPullRequests(ids, SETUP_BRANCH),
    client.getBranch(ids, SETUP_BRANCH),
  ]);
  const mainBranch = repository.mainBranch;
  if (mainBranch === null) {
    return { ok: false, error: { code: 'not-found', message: 'This repository is empty: it has no main branch yet. Push a first commit, then try again.' } };
  }
  const [main, setupCommit, setupFile] = await Promise.all([
    readBranchFile(client, ids, mainBranch),
    setupBranch ? client.getCommit(ids, setupBranch.commit) : Promise.resolve(null),
    setupBranch ? client.readFile(ids, setupBranch.commit, PIPELINE_PATH) : Promise.resolve(null),
  ]);
  if (main.tip === null) {
    return { ok: false, error: { code: 'not-found', message: `The main branch "${mainBranch}" could not be read. Reload the page and try again.` } };
  }
  const setup = setupBranch
    ? { tip: setupBranch.commit, file: setupFile, ours: await madeByApp(setupCommit?.message ?? '', setupFile) }
    : null;
  return {
    ok: true,
    data: {
      facts: factsOf(repository, mainBranch, environments),
      mainTip: main.tip,
      mainFile: main.file,
      pullRequest: pullRequests[0] ?? null,
      setup,
    },
  };
}

/** The tip is the app's when its trailer names the digest of the file that is there. */
async function madeByApp(message: string, file: string | null): Promise<boolean> {
  const named = trailerDigest(message);
  return named !== null && file !== null && named === (await sha256(file));
}

type Committed = { kind: 'committed'; commit: string } | { kind: 'moved' };

async function commitPlan(client: BitbucketClient, ids: RepoIds, parent: string, content: string, changes: PipelineChanges): Promise<Committed> {
  try {
    const result = await client.commitFile(ids, {
      branch: SETUP_BRANCH,
      parent,
      path: PIPELINE_PATH,
      content,
      message: commitMessage(changes, await sha256(content)),
    });
    return { kind: 'committed', commit: result.commit };
  } catch (error) {
    if (error instanceof BitbucketError && error.code === 'conflict') return { kind: 'moved' };
    throw error;
  }
}

/**
 * A reason to re-plan, or null: main's pipeline file is no longer the one we
 * planned from. (If the file read by name was already newer than the tip we
 * built on, the plan used the newer file, which is what counts; the branch
 * base may then be one commit older, and merging stays clean.)
 */
type MainCheck = { kind: 'same' } | { kind: 'moved'; why: string } | { kind: 'unknown'; note: string };

/**
 * mainMovedSince, but a failed re-read does not turn a written pull request
 * into a failure: the write happened, and the admin is told what was not checked.
 */
async function mainMovedOrUnknown(client: BitbucketClient, ids: RepoIds, mainBranch: string, plannedTip: string, plannedFile: string | null): Promise<MainCheck> {
  try {
    const why = await mainMovedSince(client, ids, mainBranch, plannedTip, plannedFile);
    return why === null ? { kind: 'same' } : { kind: 'moved', why };
  } catch {
    return {
      kind: 'unknown',
      note: `The app could not re-check ${mainBranch} afterwards (Bitbucket did not answer), so if ${PIPELINE_PATH} changed there meanwhile, the pull request does not show it yet: click again to bring it up to date.`,
    };
  }
}

async function mainMovedSince(client: BitbucketClient, ids: RepoIds, mainBranch: string, plannedTip: string, plannedFile: string | null): Promise<string | null> {
  const now = await client.getBranch(ids, mainBranch);
  if (!now || now.commit === plannedTip) return null;
  const file = await client.readFile(ids, now.commit, PIPELINE_PATH);
  return file === plannedFile ? null : `${PIPELINE_PATH} changed on ${mainBranch} while the app was writing.`;
}

async function createOrFindPullRequest(
  deps: OpenPullRequestDeps,
  ids: RepoIds,
  facts: RepositoryFacts,
  choices: ResolvedChoices,
  plan: Extract<PlanResult, { ok: true }>,
): Promise<UseCaseResult<OpenPullRequestData>> {
  try {
    const pullRequest = await deps.write.createPullRequest(ids, {
      title: PULL_REQUEST_TITLE,
      description: pullRequestDescription({ facts, choices, changes: plan.changes, warnings: plan.warnings }),
      sourceBranch: SETUP_BRANCH,
      destinationBranch: facts.repository.mainBranch,
      closeSourceBranch: true,
    });
    return ok({
      outcome: 'created',
      pullRequest,
      changes: plan.changes,
      message: `Opened pull request #${pullRequest.id}. Follow the steps in its description, in order.`,
    });
  } catch (error) {
    const lookup = lookupReason(error);
    if (!lookup) throw error;
    const [existing] = await deps.read.findOpenPullRequests(ids, SETUP_BRANCH);
    if (!existing) throw error;
    return ok(
      lookup === 'duplicate'
        ? {
            outcome: 'unchanged',
            pullRequest: existing,
            changes: plan.changes,
            message: `Pull request #${existing.id} was opened for this change a moment ago; this is it.`,
          }
        : {
            outcome: 'created',
            pullRequest: existing,
            changes: plan.changes,
            message: `Opened pull request #${existing.id} (Bitbucket's answer was lost on the way, so the app looked it up). Follow the steps in its description, in order.`,
          },
    );
  }
}

/**
 * Why a failed create is worth a look for an open pull request, or null:
 * - duplicate: Bitbucket refuses a second open pull request from the same
 *   branch (400), so another click won the race and its pull request is the answer;
 * - unknown: no usable answer (5xx or a dropped connection), so the pull
 *   request may exist all the same. The client never repeats this POST; looking
 *   is what keeps a lost answer from turning into an error or a duplicate.
 */
function lookupReason(error: unknown): 'duplicate' | 'unknown' | null {
  if (!(error instanceof BitbucketError)) return null;
  if (error.code === 'invalid-input') return 'duplicate';
  if (error.code === 'bitbucket-unavailable') return 'unknown';
  return null;
}

function editedByPerson(pullRequest: PullRequestRef, changes: PipelineChanges): OpenPullRequestData {
  return {
    outcome: 'edited-by-person',
    pullRequest,
    changes,
    message: `Someone pushed their own commits to pull request #${pullRequest.id}, so the app leaves it alone. Edit it there by hand, or decline it and delete the branch ${SETUP_BRANCH} to let the app open a fresh one.`,
  };
}

function planFailure(plan: Extract<PlanResult, { ok: false }>): Attempt {
  const { code, message } = plan.error;
  switch (code) {
    case 'invalid-choices':
      return fail('invalid-input', message);
    case 'unknown-step':
    case 'step-not-trusted':
      return fail('invalid-input', message, [{ field: 'selection', message }]);
    default:
      // Parsing is bounded (core/pipeline/limits.ts), so a hostile file ends here with its own code, in time.
      return { kind: 'done', result: { ok: false, error: { code: 'invalid-pipeline', message, pipelineCode: code } } };
  }
}

function fail(code: 'invalid-input' | 'invalid-pipeline', message: string, fields?: { field: string; message: string }[]): Attempt {
  return { kind: 'done', result: { ok: false, error: { code, message, ...(fields ? { fields } : {}) } } };
}

function ok(data: OpenPullRequestData): UseCaseResult<OpenPullRequestData> {
  return { ok: true, data };
}

function done(data: OpenPullRequestData): Attempt {
  return { kind: 'done', result: ok(data) };
}

async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
