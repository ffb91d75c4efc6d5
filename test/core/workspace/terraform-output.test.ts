import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TERRAFORM_OUTPUT_BYTES, parseIdentityOutput, type KnownRepository } from '../../../src/core/workspace';

const ID_A = `${'a'.repeat(40)}/${'0123456789abcdef'}`;
const ID_B = `${'b'.repeat(40)}/${'fedcba9876543210'}`;
const repos: KnownRepository[] = [
  { slug: 'web-app', repositoryUuid: '{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}' },
  { slug: 'api', repositoryUuid: '{2ae489be-ce6a-42a0-a8c8-eadbf1174ac8}' },
];

/** What `terraform output -json` prints for the per-repository shape. */
function fullOutput(map: Record<string, unknown>): string {
  const type = ['object', Object.fromEntries(Object.keys(map).map((k) => [k, 'string']))];
  return JSON.stringify({ 'bitbucket-identities': { sensitive: false, type, value: map } }, null, 2);
}

function message(r: ReturnType<typeof parseIdentityOutput>): string {
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.field).toBe('terraformOutput');
  return r.error.message;
}

describe('parseIdentityOutput: one identity per repository', () => {
  it('maps the whole `terraform output -json` to repository UUIDs, and reports slugs it does not know', () => {
    const r = parseIdentityOutput(fullOutput({ 'web-app': ID_A, api: ` ${ID_B}`, gone: ID_A }), 'per-repository', repos);
    expect(r).toEqual({
      ok: true,
      value: {
        shape: 'per-repository',
        identityIds: [
          { repositoryUuid: repos[0]!.repositoryUuid, slug: 'web-app', identityId: ID_A },
          { repositoryUuid: repos[1]!.repositoryUuid, slug: 'api', identityId: ID_B },
        ],
        unknownSlugs: ['gone'],
      },
    });
  });

  it('also reads `terraform output -json bitbucket-identities` (the map alone)', () => {
    const r = parseIdentityOutput(JSON.stringify({ api: ID_B }), 'per-repository', repos);
    expect(r.ok && r.value).toEqual({ shape: 'per-repository', identityIds: [{ repositoryUuid: repos[1]!.repositoryUuid, slug: 'api', identityId: ID_B }], unknownSlugs: [] });
  });

  it.each([
    ['', /Nothing was pasted/],
    ['{"bitbucket-identities": {"value": {"api": ', /not JSON .*terraform output -json/],
    ['[1,2]', /expected an object/],
    ['{"other": {"value": 1}}', /has no "bitbucket-identities"/],
    [JSON.stringify({ 'bitbucket-identity': { value: ID_A } }), /single-identity Terraform/],
    [fullOutput({ api: 'arn:aws:iam::1' }), /One value is not a Chainguard identity ID.*"api" \("arn:aws:iam::1"\)/],
    [fullOutput({ api: ID_A.toUpperCase(), 'web-app': 7 }), /2 values are not/],
    [fullOutput({}), /is empty/],
    [fullOutput({ other: ID_A }), /None of the 1 repositories .*\("other"\)/],
    [JSON.stringify({ 'bitbucket-identities': { value: 'x' } }), /not a map/],
  ])('refuses %j with what to do', (text, expected) => {
    expect(message(parseIdentityOutput(text, 'per-repository', repos))).toMatch(expected);
  });

  it(`refuses more than ${MAX_TERRAFORM_OUTPUT_BYTES / 1024} KB before parsing, counting UTF-8 bytes`, () => {
    const big = fullOutput({ api: ID_A, pad: 'x'.repeat(MAX_TERRAFORM_OUTPUT_BYTES) });
    expect(message(parseIdentityOutput(big, 'per-repository', repos))).toMatch(/The pasted output is 513 KB; at most 512 KB is read/);
    // Under the limit in characters, over it in bytes.
    const wide = `"${'é'.repeat(MAX_TERRAFORM_OUTPUT_BYTES / 2 + 10)}"`;
    expect(wide.length).toBeLessThan(MAX_TERRAFORM_OUTPUT_BYTES);
    expect(message(parseIdentityOutput(wide, 'per-repository', repos))).toMatch(/at most 512 KB/);
  });

  it('lists at most ten bad values and counts the rest', () => {
    const map = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`r${i}`, 'bad']));
    expect(message(parseIdentityOutput(fullOutput(map), 'per-repository', repos))).toMatch(/25 values are not .* and 15 more\./);
  });

  it('reads back any map it could be given (property)', () => {
    const slugArb = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);
    const idArb = fc.tuple(fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^[0-9a-f]{16}$/)).map(([a, b]) => `${a}/${b}`);
    fc.assert(
      fc.property(fc.dictionary(slugArb, idArb, { minKeys: 1, maxKeys: 30 }), fc.boolean(), (map, whole) => {
        const known = Object.keys(map).map((slug, i) => ({ slug, repositoryUuid: `{${i}}` }));
        const r = parseIdentityOutput(whole ? fullOutput(map) : JSON.stringify(map), 'per-repository', known);
        expect(r.ok && r.value.shape === 'per-repository' && Object.fromEntries(r.value.identityIds.map((x) => [x.slug, x.identityId]))).toEqual(map);
      }),
    );
  });

  it('never throws on arbitrary text: it either reads IDs or says what is wrong', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => fullOutput({ api: v }))), fc.constantFrom('per-repository', 'single') as fc.Arbitrary<'per-repository' | 'single'>, (text, shape) => {
        const r = parseIdentityOutput(text, shape, repos);
        if (!r.ok) expect(r.error.message.length).toBeGreaterThan(20);
        else if (r.value.shape === 'single') expect(r.value.identityId).toMatch(/^[0-9a-f]{40}(\/[0-9a-f]{16})+$/);
        else for (const x of r.value.identityIds) expect(x.identityId).toMatch(/^[0-9a-f]{40}(\/[0-9a-f]{16})+$/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseIdentityOutput: one identity for the selected repositories', () => {
  it.each([
    ['the whole output', JSON.stringify({ 'bitbucket-identity': { sensitive: false, type: 'string', value: ID_A } })],
    ['`-json bitbucket-identity`', JSON.stringify(ID_A)],
    ['`-raw bitbucket-identity`', `${ID_A}\n`],
  ])('reads %s', (_what, text) => {
    expect(parseIdentityOutput(text, 'single', [])).toEqual({ ok: true, value: { shape: 'single', identityId: ID_A } });
  });

  it.each([
    [fullOutput({ api: ID_A }), /per-repository Terraform/],
    [JSON.stringify({ x: { value: ID_A } }), /has no "bitbucket-identity"/],
    [JSON.stringify({ 'bitbucket-identity': { value: 3 } }), /is not an identity ID/],
    [ID_A.toUpperCase(), /Identity IDs are lowercase/],
    ['hello', /not JSON/],
  ])('refuses %j', (text, expected) => {
    expect(message(parseIdentityOutput(text, 'single', []))).toMatch(expected);
  });
});
