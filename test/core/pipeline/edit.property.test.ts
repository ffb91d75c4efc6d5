// Property: for generated pipeline files in many layouts (indent 2/3/4/8,
// indented or not indented lists, CRLF, missing final newline, comments, blank
// lines, anchors and aliases), any selection of steps edits cleanly: original
// lines all kept in order, and the data differs only by our intended keys.
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CUSTOM_PIPELINE_NAME, listSteps, planPipeline } from '../../../src/core/pipeline';
import type { StepRef } from '../../../src/core/types';
import { assertOnlyAdditions, expectOk, facts, repoChoices, schemaErrors, withoutOurChanges } from './support';

interface Layout {
  indent: number;
  indentedLists: boolean;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  comments: boolean;
  blankLines: boolean;
}

interface StepModel {
  name: string;
  script: string[];
  deployment: boolean;
  anchor: boolean;
  /** Reuse the first anchored step instead of writing one. */
  alias: boolean;
}

interface FileModel {
  defaultSteps: StepModel[];
  branches: [string, StepModel[]][];
  custom: [string, StepModel[]][];
}

const SCRIPT_LINES = ['make', 'npm ci', `'echo "a: b"'`, "echo 'quoted' && exit 0", './deploy.sh --env prod', '"echo: colon"', 'ls -la  # list'];

const stepArb: fc.Arbitrary<StepModel> = fc.record({
  name: fc.constantFrom('Build', 'Test', 'Deploy', 'Lint: all'),
  script: fc.array(fc.constantFrom(...SCRIPT_LINES), { minLength: 1, maxLength: 3 }),
  deployment: fc.boolean(),
  anchor: fc.boolean(),
  alias: fc.boolean(),
});

const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 3 });

const fileArb: fc.Arbitrary<FileModel> = fc.record({
  defaultSteps: stepsArb,
  branches: fc.uniqueArray(fc.tuple(fc.constantFrom('main', 'develop', 'release/*', '"feature/*"'), stepsArb), {
    maxLength: 2,
    selector: ([k]) => k,
  }),
  custom: fc.uniqueArray(fc.tuple(fc.constantFrom('nightly', 'smoke'), stepsArb), { maxLength: 2, selector: ([k]) => k }),
});

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom(2, 3, 4, 8),
  indentedLists: fc.boolean(),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  finalNewline: fc.boolean(),
  comments: fc.boolean(),
  blankLines: fc.boolean(),
});

function render(model: FileModel, layout: Layout): string {
  const out: string[] = [];
  const pad = (n: number) => ' '.repeat(n);
  let anchored = false;
  if (layout.comments) out.push('# generated for a property test', '');
  out.push('pipelines:');
  const steps = (list: StepModel[], keyCol: number) => {
    const dash = layout.indentedLists ? keyCol + layout.indent : keyCol;
    const keys = dash + 2 + layout.indent;
    list.forEach((step, i) => {
      if (step.alias && anchored) {
        out.push(`${pad(dash)}- step: *first`);
        return;
      }
      const anchor = step.anchor && !anchored ? ' &first' : '';
      if (anchor) anchored = true;
      out.push(`${pad(dash)}- step:${anchor}`);
      if (layout.comments && i % 2 === 0) out.push(`${pad(keys)}# about step ${i}`);
      out.push(`${pad(keys)}name: "${step.name}"`);
      if (step.deployment) out.push(`${pad(keys)}deployment: production`);
      out.push(`${pad(keys)}script:`);
      const item = layout.indentedLists ? keys + layout.indent : keys;
      for (const line of step.script) out.push(`${pad(item)}- ${line}`);
      if (layout.blankLines) out.push('');
    });
  };
  out.push(`${pad(layout.indent)}default:`);
  steps(model.defaultSteps, layout.indent);
  for (const [section, entries] of [['branches', model.branches], ['custom', model.custom]] as const) {
    if (entries.length === 0) continue;
    out.push(`${pad(layout.indent)}${section}:`);
    for (const [name, list] of entries) {
      out.push(`${pad(2 * layout.indent)}${name}:`);
      steps(list, 2 * layout.indent);
    }
  }
  if (layout.comments) out.push(`${pad(layout.indent)}# end of pipelines`);
  return out.join(layout.eol) + (layout.finalNewline ? layout.eol : '');
}

describe('edits of generated layouts', () => {
  it('keep every original line and change only the intended keys', () => {
    fc.assert(
      fc.property(fileArb, layoutArb, fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (model, layout, picks, addCustom) => {
        const text = render(model, layout);
        const listed = listSteps(text);
        if (!listed.ok) throw new Error(`generator made an unreadable file: ${listed.error.message}\n${text}`);
        const ids = picks.map((p) => listed.steps[p % listed.steps.length]?.id as string);
        const plan = expectOk(planPipeline(text, facts, repoChoices, { steps: ids, addCustomPipeline: addCustom }));
        if (ids.length === 0 && !addCustom) {
          expect(plan.unchanged).toBe(true);
          return;
        }
        expect(plan.unchanged).toBe(false);
        assertOnlyAdditions(text, plan.content);
        expect(plan.content.endsWith(layout.eol)).toBe(text.endsWith(layout.eol));
        if (layout.eol === '\r\n') expect(plan.content.replace(/\r\n/g, '')).not.toContain('\n');
        else expect(plan.content).not.toContain('\r');
        const read = (t: string) => parse(t, { merge: true, maxAliasCount: -1 }) as Record<string, unknown>;
        const before = read(text);
        const after = read(plan.content);
        expect(schemaErrors(after)).toEqual([]);
        const steps: StepRef[] = listed.steps;
        expect(withoutOurChanges(after, before, steps, plan.changes.addedCustomPipeline)).toEqual(before);
        if (addCustom) expect(plan.changes.addedCustomPipeline).toBe(CUSTOM_PIPELINE_NAME);
        for (const id of ids) {
          const ref = listed.steps.find((s) => s.id === id) as StepRef;
          let node: any = read(plan.content);
          for (const seg of ref.path) node = node[seg];
          expect(node.oidc).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
