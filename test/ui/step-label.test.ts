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
