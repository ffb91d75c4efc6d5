// planPipeline: what the pull request should contain. A new file when there is
// none; otherwise the existing file with our lines inserted and nothing else
// touched, checked by re-parsing. Pure: text and facts in, text and a report out.
import type { YAMLMap } from 'yaml';
import { aliasReach } from './aliases';
import { normalizeFacts } from '../facts';
import type {
  IdentityChoices,
  PipelineChanges,
  PipelineSelection,
  PlanResult,
  RepositoryFacts,
  ResolvedChoices,
  StepRef,
  Trigger,
} from '../types';
import { resolveChoices } from '../validation';
import { addCustomPipelineEdit, detectIndentStep, enableOidcEdit, type Edit, type EditContext } from './edit';
import { checkPipeline, CUSTOM_PIPELINE_NAME, newPipelineFile } from './generate';
import { judgeStep, type StepJudgement } from './judge';
import { mergedHolderProblem, mergedScriptHolder } from './merged-steps';
import { parsePipeline, type ParsedPipeline } from './parse';
import { loginLines } from './script';
import { collectSteps, deploymentOf, type StepSite } from './steps';
import { applyInsertions, detectLineEnding } from './text';
import { outsideChanges, placesOf } from './scope';
import { verifyEdits } from './verify';

type PlanFailure = Extract<PlanResult, { ok: false }>;

function fail(code: PlanFailure['error']['code'], message: string): PlanFailure {
  return { ok: false, error: { code, message } };
}

function label(ref: StepRef): string {
  return ref.name ? `"${ref.name}" (line ${ref.line})` : `at line ${ref.line}`;
}

function hasDockerService(site: StepSite): boolean {
  return Array.isArray(site.data.services) && site.data.services.includes('docker');
}

function emptyChanges(): PipelineChanges {
  return { createdFile: false, addedCustomPipeline: null, oidcAddedTo: [], alreadyOidc: [], reachedThroughAliases: [] };
}

/**
 * With trust in a branch other than the main one, the change (made against the
 * main branch) does nothing useful until that branch has it: say what to do.
 */
function otherBranchWarning(facts: RepositoryFacts, resolved: ResolvedChoices, custom: string | null): string | null {
  if (resolved.trust.kind !== 'branch' || resolved.trust.branch === facts.repository.mainBranch) return null;
  const branch = resolved.trust.branch;
  const main = facts.repository.mainBranch;
  const run = custom
    ? ` Then run the custom pipeline "${custom}" on ${branch} (Run pipeline, branch ${branch}); a run on ${main} gets a token the identity refuses.`
    : '';
  return (
    `The identity trusts branch ${branch}, but this change goes to ${main}. ` +
    `After merging, bring it to ${branch} (for example, merge ${main} into ${branch}).${run}`
  );
}

function planNewFile(facts: RepositoryFacts, resolved: ResolvedChoices): PlanResult {
  const content = newPipelineFile(facts, resolved);
  const parsed = parsePipeline(content);
  if (!parsed.ok) return fail('unsafe-edit', `The generated file does not parse (${parsed.error.message}); this is a bug.`);
  const steps = collectSteps(parsed.value).map((s) => s.ref);
  const warnings: string[] = [];
  if (resolved.trust.kind === 'branch' && /[{}*?]/.test(resolved.trust.branch)) {
    warnings.push(`The branch name "${resolved.trust.branch}" contains glob characters; Bitbucket reads the pipeline key as a pattern.`);
  }
  const elsewhere = otherBranchWarning(facts, resolved, CUSTOM_PIPELINE_NAME);
  if (elsewhere) warnings.push(elsewhere);
  return {
    ok: true,
    content,
    unchanged: false,
    warnings,
    changes: { ...emptyChanges(), createdFile: true, wholeFile: true, addedCustomPipeline: CUSTOM_PIPELINE_NAME, oidcAddedTo: steps },
  };
}

interface Target {
  /** The mapping that gets the edit: the steps' own, or the merged one that holds their script. */
  map: YAMLMap | null;
  sites: StepSite[];
  /** True when `map` is merged into the steps (`step: { <<: *build, … }`), not their own. */
  merged: boolean;
}

/** Selected steps grouped by the mapping that gets their edit (one edit per anchor). */
function groupTargets(parsed: ParsedPipeline, selected: StepSite[]): Target[] {
  const byMap = new Map<YAMLMap | StepSite, Target>();
  for (const site of selected) {
    const holder = mergedScriptHolder(parsed, site);
    const map = holder ?? site.map;
    const key = map ?? site;
    const target = byMap.get(key) ?? { map, sites: [], merged: holder !== null };
    target.sites.push(site);
    byMap.set(key, target);
  }
  return [...byMap.values()];
}

/** The anchor an edit of `map` is shared through: its own, or that of a pipeline item merging it (`- <<: *item`). */
function sharingAnchor(draft: Draft, map: YAMLMap): string | null {
  return map.anchor ?? draft.sites.find((s) => s.map === map && s.anchor !== null)?.anchor ?? null;
}

type Judge = (trigger: Trigger, deployment: string | null, branchPatterns: string[]) => StepJudgement;

/** judgeStep for these facts and choices, once per distinct trigger and deployment (big files repeat them). */
function memoJudge(facts: RepositoryFacts, resolved: ResolvedChoices): Judge {
  const seen = new Map<string, StepJudgement>();
  return (trigger, deployment, branchPatterns) => {
    // Every step of one file shares the same branch patterns, so they need not be in the key.
    const key = JSON.stringify([trigger, deployment]);
    let judgement = seen.get(key);
    if (!judgement) {
      judgement = judgeStep(facts, resolved, trigger, deployment, branchPatterns);
      seen.set(key, judgement);
    }
    return judgement;
  };
}

/**
 * A step that gets oidc: true must get a token the identity accepts: refuse the
 * plan when none of its runs would be, warn when only some would (the others
 * fail at the chainctl login).
 */
function judgeForEdit(
  judge: Judge,
  site: StepSite,
  viaAnchor: string | null,
  warnings: string[],
): PlanFailure | null {
  if (site.data.oidc === true && viaAnchor !== null) return null;
  const judgement = judge(site.ref.trigger, deploymentOf(site), site.branchPatterns);
  const which = viaAnchor ? `Step ${label(site.ref)}, which the change reaches through the alias *${viaAnchor},` : `Step ${label(site.ref)}`;
  if (judgement.verdict === 'refused') {
    return fail(
      'step-not-trusted',
      `${which} would get a token the identity refuses. ${judgement.reason} Choose another step or another trust setting.`,
    );
  }
  if (judgement.verdict === 'partly') {
    warnings.push(`${which}: ${judgement.reason} Runs the identity refuses will fail at the chainctl login.`);
  }
  return null;
}

/** What an edit plan gathers before the text is spliced. */
interface Draft {
  ctx: EditContext;
  judge: Judge;
  sites: StepSite[];
  facts: RepositoryFacts;
  resolved: ResolvedChoices;
  changes: PipelineChanges;
  warnings: string[];
  edits: Edit[];
  /** Step mappings that get oidc: true and the login lines. */
  editedMaps: YAMLMap[];
}

/** The chosen steps, minus those that already have oidc: true; refuses unknown or untrusted ones. */
function stepsToEdit(draft: Draft, ids: string[]): StepSite[] | PlanFailure {
  const byId = new Map(draft.sites.map((s) => [s.ref.id, s]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    return fail('unknown-step', `No step with id ${unknown.map((id) => JSON.stringify(id)).join(', ')} in bitbucket-pipelines.yml; reload the page to see the current steps.`);
  }
  const toEdit: StepSite[] = [];
  for (const id of new Set(ids)) {
    const site = byId.get(id) as StepSite;
    if (site.data.oidc === true) {
      draft.changes.alreadyOidc.push(site.ref);
      continue;
    }
    const refusal = judgeForEdit(draft.judge, site, null, draft.warnings);
    if (refusal) return refusal;
    toEdit.push(site);
  }
  if (draft.changes.alreadyOidc.length > 0) {
    draft.warnings.push(`Left alone (already oidc: true): ${draft.changes.alreadyOidc.map(label).join(', ')}.`);
  }
  return toEdit;
}

/** Reports (and checks the trust of) every step an edit of an anchored mapping also reaches. */
function followAliases(draft: Draft, target: Target, map: YAMLMap, anchor: string): PlanFailure | null {
  const first = target.sites[0] as StepSite;
  const { definedAt, alsoChanges } = aliasReach(draft.ctx.parsed, draft.sites, map, first.ref);
  if (alsoChanges.length > 0) draft.changes.reachedThroughAliases.push({ anchor, definedAt, alsoChanges });
  const chosen = new Set(target.sites.map((s) => s.ref.id));
  const others = new Set(alsoChanges.filter((ref) => !chosen.has(ref.id)).map((ref) => ref.id));
  // Steps the alias reaches get oidc: true and the login too, so they must be trusted as well.
  const reached = draft.sites.filter((s) => others.has(s.ref.id));
  for (const other of reached) {
    const refusal = judgeForEdit(draft.judge, other, anchor, draft.warnings);
    if (refusal) return refusal;
  }
  if (reached.length > 0) {
    draft.warnings.push(`Step ${label(first.ref)} is defined once as &${anchor}; the change also reaches ${reached.map((s) => label(s.ref)).join(', ')}.`);
  }
  return null;
}

/** oidc: true and the login lines for each chosen step (once per anchored definition). */
function addStepEdits(draft: Draft, toEdit: StepSite[]): PlanFailure | null {
  const image = draft.resolved.image !== null;
  if (toEdit.length > 0) {
    draft.warnings.push(
      'The chosen steps install chainctl in their own image, which needs curl, sha256sum and install (as in atlassian/default-image), and runs as root to write /usr/local/bin.',
    );
  }
  const chosen = new Set(toEdit.map((s) => s.ref.id));
  for (const target of groupTargets(draft.ctx.parsed, toEdit)) {
    const first = target.sites[0] as StepSite;
    // A step that already pulls from cgr.dev (the page suggests it) needs its pulls
    // authenticated whether or not an image to pull was chosen; otherwise only an
    // image pull with the docker service needs docker configured.
    const suggested = target.sites.every((site) => site.ref.suggested === true);
    const docker = suggested || (image && target.sites.every(hasDockerService));
    if (target.merged) {
      const problem = mergedHolderProblem(draft.ctx.parsed, draft.sites, target.map as YAMLMap, chosen);
      if (problem) return fail('unsupported-structure', `Step ${label(first.ref)} cannot be edited safely: ${problem}.`);
    }
    // A merged holder is edited as if it were the step: it is where the script is written.
    const site = target.merged ? { ...first, map: target.map, written: target.map } : first;
    const result = enableOidcEdit(draft.ctx, site, loginLines({ configureDocker: docker, version: draft.resolved.chainctlVersion }));
    if (!result.ok) return fail('unsupported-structure', `Step ${label(first.ref)} cannot be edited safely: ${result.reason}.`);
    draft.edits.push(result.edit);
    if (target.map) draft.editedMaps.push(target.map);
    if (result.edit.note) draft.warnings.push(`Step ${label(first.ref)}: ${result.edit.note}.`);
    draft.changes.oidcAddedTo.push(...target.sites.map((s) => s.ref));
    if (image && !docker) {
      draft.warnings.push(`Step ${label(first.ref)} has no "services: [docker]", so it only logs in; it does not configure docker for cgr.dev.`);
    }
    const map = target.map;
    const anchor = map ? sharingAnchor(draft, map) : null;
    if (map && anchor !== null) {
      const refusal = followAliases(draft, target, map, anchor);
      if (refusal) return refusal;
    }
  }
  return null;
}

/** The manual custom pipeline, unless an identical one is there already. */
function addCustomPipeline(draft: Draft): PlanFailure | null {
  const custom = addCustomPipelineEdit(draft.ctx, CUSTOM_PIPELINE_NAME, checkPipeline(draft.facts, draft.resolved));
  if (!custom.ok) return fail('unsupported-structure', `Cannot add the custom pipeline: ${custom.reason}. Add it by hand from the preview.`);
  if (custom.kind === 'present') {
    draft.warnings.push(`The custom pipeline "${custom.name}" is already there, exactly as it would be added.`);
    return null;
  }
  draft.edits.push(custom.edit);
  draft.changes.addedCustomPipeline = custom.name;
  if (custom.name !== CUSTOM_PIPELINE_NAME) {
    draft.warnings.push(
      `A different custom pipeline "${CUSTOM_PIPELINE_NAME}" already exists and was left as it is; the new one is called "${custom.name}".`,
    );
  }
  return null;
}

function planEdit(existing: string, facts: RepositoryFacts, resolved: ResolvedChoices, selection: PipelineSelection): PlanResult {
  const outcome = parsePipeline(existing);
  if (!outcome.ok) return outcome;
  const parsed = outcome.value;
  const draft: Draft = {
    ctx: { parsed, eol: detectLineEnding(existing), indentStep: detectIndentStep(parsed), rendered: new Map() },
    judge: memoJudge(facts, resolved),
    sites: collectSteps(parsed),
    facts,
    resolved,
    changes: emptyChanges(),
    warnings: [],
    edits: [],
    editedMaps: [],
  };
  const toEdit = stepsToEdit(draft, selection.steps);
  if (!Array.isArray(toEdit)) return toEdit;
  const failure = addStepEdits(draft, toEdit) ?? (selection.addCustomPipeline !== false ? addCustomPipeline(draft) : null);
  if (failure) return failure;

  const { changes, warnings, edits } = draft;
  if (edits.length === 0) {
    return { ok: true, content: existing, unchanged: true, changes, warnings: [...warnings, 'Nothing to change: bitbucket-pipelines.yml already has everything.'] };
  }
  const elsewhere = otherBranchWarning(facts, resolved, changes.addedCustomPipeline);
  if (elsewhere) warnings.push(elsewhere);
  const content = applyInsertions(existing, edits.flatMap((e) => e.splices));
  const before = parsed.data;
  // Where the edited step mappings are used (aliases, merges), found before verifyEdits changes the tree.
  const shared = placesOf(parsed, new Set(draft.editedMaps));
  const verified = verifyEdits(parsed, edits, content);
  if (!verified.ok) return fail('unsafe-edit', `Refusing to edit bitbucket-pipelines.yml: ${verified.problem}. Add the lines by hand from the preview.`);
  const stray = outsideChanges(before, verified.data, changes, shared);
  if (stray !== null) {
    return fail(
      'unsafe-edit',
      `Refusing to edit bitbucket-pipelines.yml: the change would also reach ${stray}, which shares a YAML anchor (&name / *name) with what we edit. ` +
        'Choose other steps, or add the lines by hand from the preview.',
    );
  }
  return { ok: true, content, unchanged: false, changes, warnings };
}

/**
 * Plans bitbucket-pipelines.yml for the chosen identity. `existing` is the file
 * on the main branch (null when there is none). Without a selection, an existing
 * file only gets the manual `custom: chainguard-oidc` pipeline.
 */
export function planPipeline(
  existing: string | null,
  facts: RepositoryFacts,
  choices: IdentityChoices,
  selection?: PipelineSelection,
): PlanResult {
  const resolvedOutcome = resolveChoices(facts, choices);
  if (!resolvedOutcome.ok) {
    return fail('invalid-choices', resolvedOutcome.errors.map((e) => `${e.field}: ${e.message}`).join(' '));
  }
  const normalized = normalizeFacts(facts);
  if (existing === null) return planNewFile(normalized, resolvedOutcome.value);
  if (existing.trim() === '') {
    // An empty file holds nothing to keep: write the new file's content into it.
    const fresh = planNewFile(normalized, resolvedOutcome.value);
    return fresh.ok ? { ...fresh, changes: { ...fresh.changes, createdFile: false } } : fresh;
  }
  return planEdit(existing, normalized, resolvedOutcome.value, selection ?? { steps: [] });
}
