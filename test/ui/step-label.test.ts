// Step labels name where a step runs, so the new file's two check steps (same
// name, one on the trusted branch, one custom) read differently.
import { describe, expect, it } from 'vitest';
import { planPipeline } from '../../src/core';
import { stepLabel } from '../../static/settings/src/components/TrustVerdict';

const facts = {
  workspace: { slug: 'acme', uuid: '{3f2a8c1e-6b4d-4e7a-9c21-5d8e0f1a2b3c}' },
  repository: { slug: 'web-app', uuid: '{9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d}', mainBranch: 'main' },
  environments: [],
};

describe('stepLabel', () => {
  it('tells apart steps that share a name by where they run', () => {
    const plan = planPipeline(null, facts, { organization: 'example.com' });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const labels = plan.changes.oidcAddedTo.map(stepLabel);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.some((l) => l.includes('branch main'))).toBe(true);
    expect(labels.some((l) => l.includes('custom chainguard-oidc'))).toBe(true);
  });
});

describe('stepLabel with names from the repository', () => {
  const step = (name: string) => ({ id: 'default/0', path: ['pipelines', 'default', 0], name, trigger: { kind: 'branch' as const, pattern: 'rel\u202e' }, line: 3 });

  it('isolates the name (FSI…PDI, as <bdi> does) so it cannot reorder the sentence around it', () => {
    const label = stepLabel(step('Deploy \u202eelbaliava'));
    expect(label).toBe('"\u2068Deploy \ufffdelbaliava\u2069" (line 3, \u2068branch rel\ufffd\u2069)');
  });

  it('a stray POP DIRECTIONAL ISOLATE in a name cannot end the isolation early', () => {
    const label = stepLabel(step('x\u2069\u202eevil'));
    // Exactly one isolate opens and one closes around each repository value.
    expect([...label].filter((c) => c === '\u2068')).toHaveLength(2);
    expect([...label].filter((c) => c === '\u2069')).toHaveLength(2);
    expect(label).not.toMatch(/[\u202a-\u202e\u2066\u2067]/);
  });
});
