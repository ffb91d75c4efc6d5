// trustReport: for every step that already asks for a token (`oidc: true`),
// when it runs and whether the identity generated for these choices accepts it.
import { normalizeFacts } from '../facts';
import type { IdentityChoices, RepositoryFacts, TrustFinding } from '../types';
import { resolveChoices } from '../validation';
import { judgeStep } from './judge';
import { parsePipeline } from './parse';
import { collectSteps, deploymentOf } from './steps';

/**
 * Findings for each `oidc: true` step (parallel groups, stages and aliases
 * included). Empty when the file does not parse or the choices are invalid:
 * planPipeline reports those errors.
 */
export function trustReport(pipelineText: string, facts: RepositoryFacts, choices: IdentityChoices): TrustFinding[] {
  const resolved = resolveChoices(facts, choices);
  if (!resolved.ok) return [];
  const parsed = parsePipeline(pipelineText);
  if (!parsed.ok) return [];
  const normalized = normalizeFacts(facts);
  return collectSteps(parsed.value)
    .filter((site) => site.data.oidc === true)
    .map((site) => {
      const judgement = judgeStep(normalized, resolved.value, site.ref.trigger, deploymentOf(site), site.branchPatterns, site.ref.manual === true);
      return { step: site.ref, accepted: judgement.verdict !== 'refused', verdict: judgement.verdict, reason: judgement.reason };
    });
}
