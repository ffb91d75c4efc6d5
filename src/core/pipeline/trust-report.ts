// trustReport: for every step that already asks for a token (`oidc: true`),
// when it runs and whether the identity generated for these choices accepts it.
// inspectPipeline: the steps and that report from one parse, as the page load needs both.
import { normalizeFacts } from '../facts';
import type { IdentityChoices, RepositoryFacts, StepRef, TrustFinding } from '../types';
import { resolveChoices } from '../validation';
import { judgeStep } from './judge';
import { parsePipeline, type PipelineError } from './parse';
import { collectSteps, deploymentOf, type StepSite } from './steps';

function findingsOf(sites: StepSite[], facts: RepositoryFacts, choices: IdentityChoices): TrustFinding[] {
  const resolved = resolveChoices(facts, choices);
  if (!resolved.ok) return [];
  const normalized = normalizeFacts(facts);
  return sites
    .filter((site) => site.data.oidc === true)
    .map((site) => {
      const judgement = judgeStep(normalized, resolved.value, site.ref.trigger, deploymentOf(site), site.branchPatterns, site.ref.manual === true);
      return { step: site.ref, accepted: judgement.verdict !== 'refused', verdict: judgement.verdict, reason: judgement.reason };
    });
}

/**
 * Findings for each `oidc: true` step (parallel groups, stages and aliases
 * included). Empty when the file does not parse or the choices are invalid:
 * planPipeline reports those errors.
 */
export function trustReport(pipelineText: string, facts: RepositoryFacts, choices: IdentityChoices): TrustFinding[] {
  const parsed = parsePipeline(pipelineText);
  return parsed.ok ? findingsOf(collectSteps(parsed.value), facts, choices) : [];
}

export type InspectResult = { ok: true; steps: StepRef[]; findings: TrustFinding[] } | { ok: false; error: PipelineError };

/** listSteps and trustReport of one file, parsed once. */
export function inspectPipeline(pipelineText: string, facts: RepositoryFacts, choices: IdentityChoices): InspectResult {
  const parsed = parsePipeline(pipelineText);
  if (!parsed.ok) return parsed;
  const sites = collectSteps(parsed.value);
  return { ok: true, steps: sites.map((s) => s.ref), findings: findingsOf(sites, facts, choices) };
}
