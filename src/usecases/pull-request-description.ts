// The pull request's title, description and commit message, in Bitbucket
// markdown. Bitbucket does not render HTML comments or <details>, so the text
// is plain markdown; anything that comes from the repository (step names,
// anchors, branch names) is escaped so it cannot inject links or markup.
import { roleWarning } from '../core/roles';
import type { PipelineChanges, RepositoryFacts, ResolvedChoices, StepRef } from '../core/types';
import { IDENTITY_VARIABLE, PIPELINE_PATH } from './types';

export const PULL_REQUEST_TITLE = 'Set up Chainguard OIDC for Bitbucket Pipelines';

/** Bitbucket truncates very long descriptions; stay far below that. */
const MAX_LISTED_STEPS = 30;

export interface DescriptionInput {
  facts: RepositoryFacts;
  choices: ResolvedChoices;
  changes: PipelineChanges;
  /** Warnings from the pipeline planner, shown as they are (escaped). */
  warnings?: string[];
}

/** Longest name (in characters) the description repeats; a longer one is cut with "…". */
export const MAX_NAME_CHARS = 120;

// Bidirectional controls (marks, embeddings, overrides, isolates) would reorder the rest of the line.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// U+2060 WORD JOINER: invisible; placed inside what Bitbucket would turn into a mention, an emoji or a link, it stops that.
const JOIN = '\u2060';

/**
 * A name from the repository (or typed by the admin) made inert: one line, at
 * most MAX_NAME_CHARS, bidi controls shown as U+FFFD, and no `@mention`,
 * `:shortcode:` emoji or bare URL that Bitbucket would render.
 */
export function inertName(text: string, maxChars = MAX_NAME_CHARS): string {
  const chars = [...text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')];
  const capped = chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : chars.join('');
  return capped
    .replace(BIDI_CONTROLS, '\ufffd')
    .replace(/@/g, `@${JOIN}`)
    .replace(/:(?=[\w+-]+:)/g, `:${JOIN}`)
    .replace(/:\/\//g, `:${JOIN}//`)
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}${JOIN}.`);
}

/**
 * An inert name (see inertName) with markdown punctuation backslash-escaped.
 * `maxChars`: our own sentences (warnings) are not names and keep their length.
 */
export function escapeMarkdown(text: string, maxChars = MAX_NAME_CHARS): string {
  return inertName(text, maxChars).replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

/** Inline code of an inert name: backslashes do not escape inside code spans, so backticks are removed. */
export function codeSpan(text: string): string {
  return `\`${inertName(text).replace(/`+/g, ' ').trim()}\``;
}

/** A step by its name and where it runs, as a reader of the file finds it (never the app's internal id). */
function stepLabel(step: StepRef): string {
  const name = step.name ? `"${escapeMarkdown(step.name)}"` : 'an unnamed step';
  return `${name} (${escapeMarkdown(runsWhere(step))}, line ${step.line})`;
}

function runsWhere(step: StepRef): string {
  const trigger = step.trigger;
  const where =
    trigger.kind === 'default'
      ? 'default pipeline'
      : trigger.kind === 'branch'
        ? `branches: ${trigger.pattern}`
        : trigger.kind === 'pull-request'
          ? `pull-requests: ${trigger.pattern}`
          : trigger.kind === 'tag'
            ? `tags: ${trigger.pattern}`
            : `custom: ${trigger.name}`;
  return step.manual ? `${where}, started by hand` : where;
}

function bulletList(steps: StepRef[]): string[] {
  const shown = steps.slice(0, MAX_LISTED_STEPS).map((s) => `* ${stepLabel(s)}`);
  if (steps.length > MAX_LISTED_STEPS) shown.push(`* … and ${steps.length - MAX_LISTED_STEPS} more`);
  return shown;
}

function trustWords(facts: RepositoryFacts, choices: ResolvedChoices): string {
  const trust = choices.trust;
  if (trust.kind === 'branch') return `steps running on branch **${escapeMarkdown(trust.branch)}**`;
  if (trust.kind === 'environment') {
    const env = facts.environments.find((e) => e.uuid.toLowerCase() === trust.environmentUuid.toLowerCase());
    return `steps deploying to the **${escapeMarkdown(env?.name ?? trust.environmentUuid)}** environment`;
  }
  return `any step of this repository`;
}

/**
 * Where to run the check. With trust in another branch than the main one, a
 * run on the main branch carries the wrong branchName and is refused; the
 * trusted branch needs this change too, since a run uses that branch's file.
 */
function runBranchWords(facts: RepositoryFacts, choices: ResolvedChoices): string {
  const main = escapeMarkdown(facts.repository.mainBranch);
  const trust = choices.trust;
  if (trust.kind !== 'branch' || trust.branch === facts.repository.mainBranch) return main;
  return `**${escapeMarkdown(trust.branch)}**, the branch the identity trusts (a run on ${main} is refused). Bring this change to ${escapeMarkdown(trust.branch)} first, for example by merging ${main} into it`;
}

/** A file written whole by the app: what it holds, by step names; nothing "existing" was touched. */
function wholeFileChanges(changes: PipelineChanges): string[] {
  const lines = [
    changes.createdFile
      ? `* Creates \`${PIPELINE_PATH}\`: the repository had none, so the whole file is new.`
      : `* Writes \`${PIPELINE_PATH}\`, which was empty: the whole file is new.`,
  ];
  if (changes.oidcAddedTo.length > 0) {
    lines.push('* Its steps, each with `oidc: true` and the Chainguard login:');
    lines.push(...bulletList(changes.oidcAddedTo).map((l) => `    ${l}`));
  }
  if (changes.addedCustomPipeline) {
    lines.push(
      `* The manual pipeline ${codeSpan(`custom: ${changes.addedCustomPipeline}`)} runs only when someone starts it; it assumes the identity and lists the organization's repositories: a safe first test.`,
    );
  }
  return lines;
}

function whatChanges(changes: PipelineChanges): string[] {
  if (changes.wholeFile) return wholeFileChanges(changes);
  const lines: string[] = [];
  if (changes.createdFile) lines.push(`* Creates \`${PIPELINE_PATH}\` (the repository had none).`);
  if (changes.addedCustomPipeline) {
    lines.push(
      `* Adds a manual pipeline ${codeSpan(`custom: ${changes.addedCustomPipeline}`)} that assumes the identity and lists the organization's repositories: a safe first test.`,
    );
  }
  if (changes.oidcAddedTo.length > 0) {
    lines.push('* Adds `oidc: true` and the Chainguard login lines to these existing steps:');
    lines.push(...bulletList(changes.oidcAddedTo).map((l) => `    ${l}`));
  }
  if (changes.alreadyOidc.length > 0) {
    lines.push('* Leaves these steps alone, they already have `oidc: true`:');
    lines.push(...bulletList(changes.alreadyOidc).map((l) => `    ${l}`));
  }
  lines.push('* Everything else in the file (comments, anchors, order, indentation, line endings) is kept as it was.');
  return lines;
}

function aliasNotes(changes: PipelineChanges): string[] {
  if (changes.reachedThroughAliases.length === 0) return [];
  const lines = ['', '### Shared step definitions', ''];
  lines.push('Some edited steps are YAML anchors, so every place that reuses them changes too:', '');
  for (const reach of changes.reachedThroughAliases) {
    const users = reach.alsoChanges.slice(0, MAX_LISTED_STEPS).map(stepLabel).join('; ');
    lines.push(`* ${codeSpan(`&${reach.anchor}`)} defined at ${stepLabel(reach.definedAt)} is also used by: ${users || 'no other step'}.`);
  }
  return lines;
}

/** The description: what and why, steps touched, the order of things to do, and how to undo. */
export function pullRequestDescription(input: DescriptionInput): string {
  const { facts, choices, changes } = input;
  const identity = `**${escapeMarkdown(choices.identityName)}** in the Chainguard organization **${escapeMarkdown(choices.organization)}**`;
  const sections: string[] = [
    '## What this changes',
    '',
    `This pull request lets Bitbucket Pipelines pull images from Chainguard's registry (cgr.dev) with short-lived OpenID Connect tokens instead of stored passwords. Steps with \`oidc: true\` receive a token from Bitbucket; Chainguard exchanges it for the identity ${identity} (role ${codeSpan(choices.role)}), which trusts ${trustWords(facts, choices)}.`,
    '',
    ...whatChanges(changes),
    ...aliasNotes(changes),
  ];
  const role = roleWarning(choices.role, choices.trust.kind);
  const warnings = [
    ...(role ? [role.strength === 'strong' ? `* **${escapeMarkdown(role.title, Infinity)}.** ${escapeMarkdown(role.text, Infinity)}` : `* ${escapeMarkdown(`${role.title}. ${role.text}`, Infinity)}`] : []),
    ...(input.warnings ?? []).map((w) => `* ${escapeMarkdown(w, Infinity)}`),
  ];
  if (warnings.length > 0) sections.push('', '### Warnings', '', ...warnings);
  sections.push(
    '',
    '## Before merging, in this order',
    '',
    '1. **Apply the Terraform** from the app\'s settings page (Repository settings → Chainguard OIDC): it creates the identity in Chainguard. Run `terraform apply` with an account that may manage identities in the organization.',
    `2. **Set the identity ID**: paste the \`bitbucket-identity\` output of \`terraform apply\` into the settings page. It is stored as the repository variable \`${IDENTITY_VARIABLE}\`, which the pipeline reads.`,
    '3. **Merge this pull request.**',
    changes.addedCustomPipeline
      ? `4. **Run the custom pipeline**: Pipelines → Run pipeline → choose ${codeSpan(changes.addedCustomPipeline)} on ${runBranchWords(facts, choices)}. It should log in and list repositories; if it fails, its log says which claim Chainguard refused.`
      : '4. **Run a pipeline with an edited step** and check its log: the Chainguard login line should succeed; if it fails, the log says which claim Chainguard refused.',
    '',
    '## How to undo',
    '',
    `* Not merged yet: decline this pull request and delete its branch; nothing else has changed in the repository.`,
    `* Already merged: revert the merge commit, delete the \`${IDENTITY_VARIABLE}\` repository variable, and run \`terraform destroy\` (or delete the identity in the Chainguard console).`,
    '',
    '---',
    'Opened by the Chainguard OIDC app. If you push your own commits to this branch, the app stops updating it and leaves it to you.',
  );
  return sections.join('\n');
}

/** Marks a commit as the app's: the trailer names the exact file content it wrote. */
export const COMMIT_TRAILER = 'Chainguard-OIDC-Setup';

export function commitMessage(changes: PipelineChanges, contentDigest: string): string {
  const summary = changes.createdFile
    ? `Add ${PIPELINE_PATH} with Chainguard OIDC`
    : `Enable Chainguard OIDC in ${PIPELINE_PATH}`;
  const steps = changes.oidcAddedTo.length;
  const body = steps > 0 ? `Adds oidc: true and the Chainguard login to ${steps} step${steps === 1 ? '' : 's'}.` : 'Adds the manual chainguard-oidc pipeline.';
  return `${summary}\n\n${body}\n\n${COMMIT_TRAILER}: ${contentDigest}`;
}

/** The digest named in a commit message's trailer, or null when the commit is not the app's. */
export function trailerDigest(message: string): string | null {
  const match = new RegExp(`^${COMMIT_TRAILER}: ([0-9a-f]{64})\\s*$`, 'm').exec(message);
  return match?.[1] ?? null;
}
