// The setup checklist at the top of the page: one item per numbered section,
// each with a status derived from what the page knows now (the loaded data and
// the current form), never from a message left over from an earlier action.
// Pure, so every state is tested without React (test/ui/setup-checklist.test.ts).
import type { PipelineSelection, Trust } from '@app/core/types';
import type { Degradable, PullRequestRef, SetupData } from '@app/usecases/types';
import { CHECK_PIPELINE_NAME } from './check-pipeline';

export type ChecklistStatus = 'done' | 'todo' | 'blocked' | 'unknown';

/** The sections the checklist links to, in page order. */
export const SECTION_IDS = {
  choose: 'choose',
  terraform: 'terraform',
  // Not "identity-id": that is the identity ID field's own id.
  identityId: 'save-identity-id',
  pullRequest: 'pull-request',
  check: 'check',
} as const;

export type SectionId = (typeof SECTION_IDS)[keyof typeof SECTION_IDS];

export interface ChecklistItem {
  section: SectionId;
  title: string;
  status: ChecklistStatus;
  /** Plain words: what is done, or what is still to do. */
  reason: string;
  /** Step 4: the open pull request, linked from the item. */
  pullRequest?: PullRequestRef;
}

/**
 * Step 5's state as the "Run check" feature reports it. Until that exists the
 * page passes null and the item says where to run the custom pipeline.
 */
export interface CheckProgress {
  status: ChecklistStatus;
  reason: string;
}

export interface ChecklistInput {
  setup: SetupData;
  /** The current choices pass validation. */
  choicesValid: boolean;
  /** What to fix first in step 1 while the choices are invalid. */
  firstProblem: string | null;
  /** The validated trust, when the choices are valid. */
  trust: Trust | null;
  /** CHAINGUARD_IDENTITY as known now (loaded, or saved on this page). */
  identity: Degradable<string | null>;
  /** The open pull request as known now (loaded, or opened on this page). */
  pullRequest: Degradable<PullRequestRef | null>;
  selection: PipelineSelection;
  check: CheckProgress | null;
}

export function setupChecklist(input: ChecklistInput): ChecklistItem[] {
  const identityDone = input.identity.available && input.identity.value !== null;
  return [chooseItem(input), terraformItem(input, identityDone), identityItem(input), pullRequestItem(input), checkItem(input)];
}

function chooseItem({ choicesValid, firstProblem }: ChecklistInput): ChecklistItem {
  return {
    section: SECTION_IDS.choose,
    title: 'Choose the organization and who may use the identity',
    status: choicesValid ? 'done' : 'todo',
    reason: choicesValid ? 'The choices are valid and saved for this repository.' : (firstProblem ?? 'Enter your Chainguard organization.'),
  };
}

/** Bitbucket cannot see Terraform state: the identity ID being saved is the proof it was applied. */
function terraformItem({ choicesValid }: ChecklistInput, identityDone: boolean): ChecklistItem {
  const base = { section: SECTION_IDS.terraform, title: 'Apply the Terraform' } as const;
  if (identityDone) return { ...base, status: 'done', reason: 'The identity ID from terraform apply is saved (step 3).' };
  if (!choicesValid) return { ...base, status: 'todo', reason: 'The Terraform appears once step 1 is done; then run terraform plan and terraform apply.' };
  return { ...base, status: 'todo', reason: 'Run terraform plan, then terraform apply, with the files in step 2.' };
}

function identityItem({ identity }: ChecklistInput): ChecklistItem {
  const base = { section: SECTION_IDS.identityId, title: 'Save the identity ID' } as const;
  if (!identity.available) return { ...base, status: 'unknown', reason: `Could not read CHAINGUARD_IDENTITY: ${identity.reason}` };
  if (identity.value !== null) return { ...base, status: 'done', reason: 'CHAINGUARD_IDENTITY is set for this repository.' };
  return { ...base, status: 'todo', reason: 'Paste the bitbucket-identity output of terraform apply.' };
}

function pullRequestItem(input: ChecklistInput): ChecklistItem {
  const { setup, pullRequest } = input;
  const base = { section: SECTION_IDS.pullRequest, title: 'Merge the pull request' } as const;
  if (setup.pipelineFileProblem) {
    return { ...base, status: 'blocked', reason: 'bitbucket-pipelines.yml on the main branch cannot be read: fix it (see the notice above), then reload this page.' };
  }
  if (mainHasChange(setup, input.selection)) {
    return { ...base, status: 'done', reason: `Merged: bitbucket-pipelines.yml on ${setup.facts.repository.mainBranch} has the change.` };
  }
  if (!pullRequest.available) return { ...base, status: 'unknown', reason: `Could not check for an open pull request: ${pullRequest.reason}` };
  const open = pullRequest.value;
  if (open) {
    return { ...base, status: 'todo', reason: `Pull request #${open.id} is open. Merge it once steps 2 and 3 are done.`, pullRequest: open };
  }
  return { ...base, status: 'todo', reason: 'No pull request yet: open one in step 4, and merge it once steps 2 and 3 are done.' };
}

function checkItem(input: ChecklistInput): ChecklistItem {
  const base = { section: SECTION_IDS.check, title: 'Run the check' } as const;
  if (input.check) return { ...base, ...input.check };
  const { setup } = input;
  if (setup.pipelinesEnabled.available && !setup.pipelinesEnabled.value) {
    return { ...base, status: 'blocked', reason: 'Pipelines is off in this repository: turn it on first (see the notice above).' };
  }
  return { ...base, status: 'todo', reason: checkWhere(setup, input.trust, input.selection) };
}

/** Where and how to run the check, in the words of Bitbucket's own menus. */
export function checkWhere(setup: SetupData, trust: Trust | null, selection: PipelineSelection): string {
  const branch = checkBranch(setup, trust);
  const after = mainHasChange(setup, selection) ? '' : 'After step 4, ';
  if (selection.addCustomPipeline === false) {
    return `${after}run a pipeline with one of the chosen steps on branch ${branch} and check that its Chainguard login succeeds.`;
  }
  const how = `in Bitbucket, open Pipelines → Run pipeline, choose branch ${branch} and the custom pipeline ${CHECK_PIPELINE_NAME}.`;
  return after ? `${after}${how}` : `${how.charAt(0).toUpperCase()}${how.slice(1)}`;
}

/** The trusted branch for branch trust; the main branch otherwise. */
export function checkBranch(setup: SetupData, trust: Trust | null): string {
  return trust?.kind === 'branch' ? trust.branch : setup.facts.repository.mainBranch;
}

/**
 * "Merged", whoever made it: the main branch's file already has the custom
 * pipeline (when it is wanted) and `oidc: true` on every chosen step. Read from
 * the steps loadSetup already found with `oidc: true`; no request.
 */
export function mainHasChange(setup: SetupData, selection: PipelineSelection): boolean {
  if (setup.pipelineFile === null || setup.pipelineFileProblem) return false;
  const withOidc = setup.oidcSteps.map((finding) => finding.step);
  const wantsCustom = selection.addCustomPipeline !== false;
  if (!wantsCustom && selection.steps.length === 0) return false;
  const hasCustom = withOidc.some((step) => step.trigger.kind === 'custom' && step.trigger.name === CHECK_PIPELINE_NAME);
  if (wantsCustom && !hasCustom) return false;
  return selection.steps.every((id) => withOidc.some((step) => step.id === id));
}
