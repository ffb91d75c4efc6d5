// All 20 real-world files through planPipeline, with the default change and
// with every step selected. Each either edits cleanly (only our lines added,
// data changed only where intended, no new schema or structure problems) or
// refuses with a clear reason. The outcome per file is asserted and printed.
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPipelineStructure, CUSTOM_PIPELINE_NAME, listSteps, planPipeline } from '../../../src/core/pipeline';
import type { PlanResult, StepRef } from '../../../src/core/types';
import { assertOnlyAdditions, branchChoices, corpusFiles, expectOk, facts, readCorpus, repoChoices, schemaErrors, withoutOurChanges } from './support';

type Data = Record<string, any>;

/** Expected outcome: "edit" or the refusal code. */
const EXPECTED: Record<string, { default: string; all: string }> = {
  '01-4Science-dspace-angular.yml': { default: 'edit', all: 'edit' },
  '02-211211-aws-lambda-demo-project.yml': { default: 'edit', all: 'edit' },
  '03-4science-glam.yml': { default: 'edit', all: 'edit' },
  // Only shared pipelines (definitions: pipelines:), no pipelines: of its own.
  '04-abhi29tyagi-bitbucket-pipeline.yml': { default: 'no-pipelines-root', all: 'no-pipelines-root' },
  '05-trustypangolin-bedrock-foundation-template.yml': { default: 'edit', all: 'edit' },
  '06-trustypangolin-bedrock-cicd-accelerator.yml': { default: 'edit', all: 'edit' },
  // Its only step already has oidc: true, so "all steps" only adds the custom pipeline.
  '07-ausmartway-bitbucket-pipeline-oidc-with-vault.yml': { default: 'edit', all: 'edit' },
  '08-emmj0-bitbucket-cicd-project.yml': { default: 'edit', all: 'edit' },
  '09-Sort-Tree-mule-bitbucket-cicd-pipeline-cloudhub-1.yml': { default: 'edit', all: 'edit' },
  '10-1atharvad-n8n-self-hosted.yml': { default: 'edit', all: 'edit' },
  '11-0xvgd-gold-pillar.yml': { default: 'edit', all: 'edit' },
  '12-2124dc-cv-owner-microservice.yml': { default: 'edit', all: 'edit' },
  // A step's script is an alias (script: *deploy-script): lines cannot be prepended safely.
  '13-4Science-parer.yml': { default: 'edit', all: 'unsupported-structure' },
  // Redacted values "**********" read as an unresolved alias.
  '14-10002856340c-ETL-OpenSearch.yml': { default: 'yaml-parse-error', all: 'yaml-parse-error' },
  '15-1gravity-Android-TichuCounter.yml': { default: 'edit', all: 'edit' },
  '16-0xjgv-inconnu.yml': { default: 'edit', all: 'edit' },
  // Duplicate top-level key (and no pipelines: root).
  '17-1919sai-multiple-projects-deployment.yml': { default: 'yaml-parse-error', all: 'yaml-parse-error' },
  '18-the-ebdm-terraform-aws-bitbucket-oidc.yml': { default: 'edit', all: 'edit' },
  '19-0ryant-taudit-contexts-fixture.yml': { default: 'edit', all: 'edit' },
  '20-0ryant-taudit-stage-fixture.yml': { default: 'edit', all: 'edit' },
};

const rows: string[] = [];

function outcome(result: PlanResult): string {
  return result.ok ? 'edit' : result.error.code;
}

function describeResult(result: PlanResult): string {
  if (!result.ok) return `refused (${result.error.code}): ${result.error.message.replace(/\|/g, '/').slice(0, 90)}…`;
  const c = result.changes;
  return `+${c.addedCustomPipeline ?? 'no custom'}; oidc added ${c.oidcAddedTo.length}, already ${c.alreadyOidc.length}, alias reach ${c.reachedThroughAliases.length}`;
}

function checkCleanEdit(original: string, result: PlanResult): void {
  const plan = expectOk(result);
  if (plan.unchanged) {
    expect(plan.content).toBe(original);
    return;
  }
  assertOnlyAdditions(original, plan.content);
  expect(plan.content.endsWith('\n')).toBe(original.endsWith('\n'));
  const read = (t: string) => parse(t, { merge: true, maxAliasCount: -1 }) as Data;
  const before = read(original);
  const after = read(plan.content);
  const steps = (listSteps(original) as { ok: true; steps: StepRef[] }).steps;
  expect(withoutOurChanges(after, before, steps, plan.changes.addedCustomPipeline)).toEqual(before);
  // No new schema errors (file 06 is schema-invalid to begin with) and no new structure problems.
  const schemaBefore = new Set(schemaErrors(before));
  for (const e of schemaErrors(read(plan.content))) expect(schemaBefore).toContain(e);
  const problemsBefore = new Set(checkPipelineStructure(original).map((p) => `${p.where}: ${p.message}`));
  for (const p of checkPipelineStructure(plan.content)) expect(problemsBefore).toContain(`${p.where}: ${p.message}`);
  if (plan.changes.addedCustomPipeline) {
    expect(read(plan.content).pipelines.custom[plan.changes.addedCustomPipeline][0].step.oidc).toBe(true);
  }
}

describe('corpus', () => {
  afterAll(() => {
    console.log(['| file | lines | default change | every step selected |', '|---|---|---|---|', ...rows].join('\n'));
  });

  it.each(corpusFiles())('%s', (file) => {
    const text = readCorpus(file);
    const expected = EXPECTED[file];
    expect(expected, `no expectation for ${file}`).toBeDefined();

    const byDefault = planPipeline(text, facts, branchChoices);
    const listed = listSteps(text);
    const ids = listed.ok ? listed.steps.map((s) => s.id) : [];
    const all = planPipeline(text, facts, repoChoices, { steps: ids });
    rows.push(`| ${file} | ${text.split('\n').length} | ${describeResult(byDefault)} | ${describeResult(all)} |`);

    expect(outcome(byDefault)).toBe(expected?.default);
    expect(outcome(all)).toBe(expected?.all);
    for (const result of [byDefault, all]) {
      if (result.ok) checkCleanEdit(text, result);
      else expect(result.error.message.length).toBeGreaterThan(40);
    }
    if (byDefault.ok) expect(byDefault.changes.addedCustomPipeline).toBe(CUSTOM_PIPELINE_NAME);
  });

  it('file 14 is refused because it does not parse, naming the line', () => {
    const result = planPipeline(readCorpus('14-10002856340c-ETL-OpenSearch.yml'), facts, branchChoices);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('yaml-parse-error');
      expect(result.error.message).toMatch(/line \d+/);
    }
  });

  // Its speed is measured by npm run bench (planPipeline on the largest corpus file), not by a timed test.
  it('the largest file, given a pipelines: root, is planned', () => {
    const big = readCorpus('04-abhi29tyagi-bitbucket-pipeline.yml');
    const planned = `${big}${big.endsWith('\n') ? '' : '\n'}pipelines:\n  default:\n    - step: *setup-shared-pipelines\n`;
    const result = planPipeline(planned, facts, repoChoices, { steps: ['default/0'] });
    expect(result.ok).toBe(true);
  });
});
