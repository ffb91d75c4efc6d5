import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { PayloadOf, SavedChoices } from '../../src/api/contract';
import { payloadSchemas, savedChoicesSchema } from '../../src/api/schemas';

describe('payload schemas match the resolver contract (checked by tsc)', () => {
  it('infer types assignable to the contract payloads', () => {
    expectTypeOf<z.infer<typeof payloadSchemas.saveChoices>>().toExtend<PayloadOf<'saveChoices'>>();
    expectTypeOf<z.infer<typeof payloadSchemas.openPullRequest>>().toExtend<PayloadOf<'openPullRequest'>>();
    expectTypeOf<z.infer<typeof payloadSchemas.saveIdentity>>().toExtend<PayloadOf<'saveIdentity'>>();
    expectTypeOf<z.infer<typeof savedChoicesSchema>>().toExtend<SavedChoices>();
    // And the other way: every contract payload is something the schema describes.
    expectTypeOf<PayloadOf<'saveChoices'>>().toExtend<z.input<typeof payloadSchemas.saveChoices>>();
    expectTypeOf<PayloadOf<'saveIdentity'>>().toExtend<z.input<typeof payloadSchemas.saveIdentity>>();
    // A runtime assertion too, so this test cannot pass vacuously.
    expect(payloadSchemas.saveIdentity.safeParse({ identityId: 'x' }).success).toBe(true);
  });
});

function issues(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('choices payload', () => {
  const schema = payloadSchemas.saveChoices;
  const valid = {
    choices: {
      organization: 'example.com',
      identityName: 'web-app',
      role: 'registry.pull',
      trust: { kind: 'environment', environmentUuid: '{e1}' },
      description: 'Pulls images',
      image: { name: 'node', tag: 'latest' },
    },
    selection: { steps: ['default/0'], addCustomPipeline: false },
  };

  it('accepts a complete payload unchanged', () => {
    expect(schema.parse(valid)).toEqual(valid);
  });

  it('drops unknown top-level keys such as a repository ID', () => {
    const parsed = schema.parse({ ...valid, repositoryUuid: '{other}', workspaceId: '{other}' });
    expect(parsed).toEqual(valid);
  });

  it('rejects unknown keys inside choices, naming them', () => {
    expect(issues(schema, { choices: { organization: 'a', organisation: 'b' } }).join()).toMatch(/organisation/);
    expect(issues(schema, { choices: { organization: 'a', trust: { kind: 'branch', branch: 'm', x: 1 } } })).not.toEqual(
      [],
    );
  });

  it.each([
    ['no choices', {}, 'choices'],
    ['an empty organization', { choices: { organization: '' } }, 'choices.organization'],
    ['a numeric organization', { choices: { organization: 42 } }, 'choices.organization'],
    ['an organization with a newline', { choices: { organization: 'a\nb' } }, 'choices.organization'],
    ['an overlong description', { choices: { organization: 'a', description: 'x'.repeat(513) } }, 'choices.description'],
    ['an unknown trust kind', { choices: { organization: 'a', trust: { kind: 'anyone' } } }, 'choices.trust.kind'],
    ['a branch trust without a branch', { choices: { organization: 'a', trust: { kind: 'branch' } } }, 'choices.trust.branch'],
    ['steps as a string', { choices: { organization: 'a' }, selection: { steps: 'all' } }, 'selection.steps'],
    ['addCustomPipeline as a string', { choices: { organization: 'a' }, selection: { steps: [], addCustomPipeline: 'yes' } }, 'selection.addCustomPipeline'],
  ])('rejects %s', (_what, value, path) => {
    const found = issues(schema, value);
    expect(found.some((i) => i.startsWith(`${path}:`)), found.join(' | ')).toBe(true);
  });

  it('says what shape is expected when choices or selection are missing or not objects', () => {
    expect(issues(schema, {})[0]).toMatch(/^choices: choices must be an object .*organization/);
    expect(issues(schema, { choices: { organization: 'a' }, selection: 'all' })[0]).toMatch(/^selection: selection must be \{steps/);
    expect(issues(schema, { choices: { organization: 'a', image: 'node' } })[0]).toMatch(/image must be \{name, tag\}/);
  });

  it('explains what to enter for a missing organization', () => {
    expect(issues(schema, { choices: { organization: '' } })[0]).toMatch(/Enter your Chainguard organization/);
  });
});

describe('saveIdentity payload', () => {
  it('requires a non-empty one-line identityId', () => {
    expect(issues(payloadSchemas.saveIdentity, {})).toHaveLength(1);
    expect(issues(payloadSchemas.saveIdentity, { identityId: '' })[0]).toMatch(/bitbucket-identity/);
    expect(issues(payloadSchemas.saveIdentity, { identityId: 'a\u0000b' })).toHaveLength(1);
  });
});
