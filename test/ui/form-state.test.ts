import { describe, expect, it } from 'vitest';
import type { RepositoryFacts } from '../../src/core/types';
import { choicesFromForm, emptyForm, formFromSaved, selectionFromForm } from '../../static/settings/src/lib/form-state';

const facts: RepositoryFacts = {
  workspace: { slug: 'acme', uuid: '{11111111-1111-4111-8111-111111111111}' },
  repository: { slug: 'web-app', uuid: '{22222222-2222-4222-8222-222222222222}', mainBranch: 'main' },
  environments: [
    { uuid: '{33333333-3333-4333-8333-333333333333}', name: 'Production' },
    { uuid: '{44444444-4444-4444-8444-444444444444}', name: 'Staging' },
  ],
};

describe('form state', () => {
  it('starts on the main branch, registry.pull, no image, custom pipeline on', () => {
    const form = emptyForm(facts);
    expect(choicesFromForm({ ...form, organization: 'acme.dev' }, facts)).toEqual({
      organization: 'acme.dev',
      role: 'registry.pull',
      trust: { kind: 'branch', branch: 'main' },
    });
    expect(selectionFromForm(form)).toEqual({ steps: [], addCustomPipeline: true });
  });

  it.each([
    { kind: 'branch', branch: 'main' },
    { kind: 'branch', branch: 'release/1.x' },
    { kind: 'environment', environmentUuid: '{44444444-4444-4444-8444-444444444444}' },
    { kind: 'repository' },
  ] as const)('restores saved choices with trust %j unchanged', (trust) => {
    const choices = { organization: 'acme.dev', identityName: 'ci', role: 'apk.pull', trust, image: { name: 'python', tag: '3.12' } };
    const selection = { steps: ['branches.main/0'], addCustomPipeline: false };
    const form = formFromSaved(facts, { choices, selection, savedAt: '2026-01-01T00:00:00Z' });
    expect(choicesFromForm(form, facts)).toEqual(choices);
    expect(selectionFromForm(form)).toEqual(selection);
  });

  it('maps "another branch" to branch trust and leaves empty optional text out', () => {
    const form = { ...emptyForm(facts), organization: 'x', trustOption: 'other-branch' as const, otherBranch: 'dev', identityName: ' ' };
    expect(choicesFromForm(form, facts)).toEqual({ organization: 'x', role: 'registry.pull', trust: { kind: 'branch', branch: 'dev' } });
  });

  it('drops saved steps the current file no longer has', () => {
    const saved = { choices: { organization: 'x' }, selection: { steps: ['gone/0', 'branches.main/0'] }, savedAt: '2026-01-01T00:00:00Z' };
    expect(formFromSaved(facts, saved, ['branches.main/0', 'default/0']).selectedSteps).toEqual(['branches.main/0']);
    expect(formFromSaved(facts, saved).selectedSteps).toEqual(['gone/0', 'branches.main/0']);
  });
});
