// Property: for any valid (and many hostile) inputs, every generated file
// parses as HCL and reads back as exactly the intended values, nothing more,
// with only names the Chainguard provider schema knows.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTerraform } from '../../src/core/terraform';
import { claimMatchFor } from '../../src/core/trust';
import type { GeneratedFile, RepositoryFacts, ResolvedChoices } from '../../src/core/types';
import { normalizeUuid } from '../../src/core/uuid';
import { resolveChoices } from '../../src/core/validation';
import { hostileInputArb, validInputArb } from './arbitraries';
import { asJsonString, readHcl } from './hcl2json';
import { schemaProblems } from './schema';

beforeAll(async () => {
  await readHcl('warm.tf', 'a = 1\n');
}, 60_000);

const j = asJsonString;

function mapValues(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, j(v)]));
}

/** The whole of main.tf as hcl2json must show it. */
function expectedMain(facts: RepositoryFacts, resolved: ResolvedChoices): Record<string, unknown> {
  const m = claimMatchFor(facts, resolved);
  const claimMatch: Record<string, unknown> = { issuer: j(m.issuer), audience: j(m.audience), subject_pattern: j(m.subjectPattern) };
  if (Object.keys(m.claims).length > 0) claimMatch.claims = mapValues(m.claims);
  if (Object.keys(m.claimPatterns).length > 0) claimMatch.claim_patterns = mapValues(m.claimPatterns);
  return {
    data: {
      chainguard_group: { org: [{ name: j(resolved.organization), parent_id: '/' }] },
      chainguard_role: { role: [{ name: j(resolved.role) }] },
    },
    locals: [
      { built_in_role_ids: '${[for r in data.chainguard_role.role.items : r.id if length(split("/", r.id)) == 1]}' },
    ],
    resource: {
      chainguard_identity: {
        bitbucket: [
          {
            parent_id: '${data.chainguard_group.org.id}',
            name: j(resolved.identityName),
            description: j(resolved.description),
            claim_match: [claimMatch],
          },
        ],
      },
      chainguard_rolebinding: {
        bitbucket: [
          {
            identity: '${chainguard_identity.bitbucket.id}',
            group: '${data.chainguard_group.org.id}',
            role: '${local.built_in_role_ids[0]}',
            lifecycle: [
              {
                precondition: [
                  {
                    condition: '${length(local.built_in_role_ids) == 1}',
                    error_message: `Expected exactly one built-in Chainguard role named ${JSON.stringify(resolved.role).replace(/\\/g, '\\\\')}; check the role name.`,
                  },
                ],
              },
            ],
          },
        ],
      },
    },
  };
}

const EXPECTED_VERSIONS = {
  terraform: [{ required_version: '>= 1.2', required_providers: [{ chainguard: { source: 'chainguard-dev/chainguard', version: '~> 0.4.1' } }] }],
};
const EXPECTED_OUTPUTS = {
  output: {
    'bitbucket-identity': [
      {
        description: 'Identity ID: save it in the app as the CHAINGUARD_IDENTITY repository variable.',
        value: '${chainguard_identity.bitbucket.id}',
      },
    ],
  },
};

function file(files: GeneratedFile[], path: string): string {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path}`);
  return found.content;
}

let constantFiles: { versions: string; outputs: string } | null = null;

describe('generated Terraform (property-based)', () => {
  it('valid inputs: main.tf reads back exactly the given values; the other files are fixed', async () => {
    await fc.assert(
      fc.asyncProperty(validInputArb, async ({ facts, choices }) => {
        const resolved = resolveChoices(facts, choices);
        expect(resolved.ok).toBe(true);
        if (!resolved.ok) return;
        const v = resolved.value;
        // The values that go in are the ones the admin gave (trimmed), defaults otherwise.
        expect(v.organization).toBe(choices.organization.trim());
        if (choices.identityName?.trim()) expect(v.identityName).toBe(choices.identityName.trim());
        expect(v.role).toBe(choices.role ?? 'registry.pull');
        if (choices.description?.trim()) expect(v.description).toBe(choices.description.trim().normalize('NFC'));
        const trust = choices.trust ?? { kind: 'branch', branch: facts.repository.mainBranch };
        expect(v.trust).toEqual(trust.kind === 'environment' ? { ...trust, environmentUuid: normalizeUuid(trust.environmentUuid) } : trust);

        const result = generateTerraform(facts, choices);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.files.map((f) => f.path)).toEqual(['versions.tf', 'main.tf', 'outputs.tf']);
        const parsed = await readHcl('main.tf', file(result.files, 'main.tf'));
        expect(parsed).toEqual(expectedMain(facts, v));
        expect(schemaProblems(parsed)).toEqual([]);

        const versions = file(result.files, 'versions.tf');
        const outputs = file(result.files, 'outputs.tf');
        constantFiles ??= { versions, outputs };
        expect({ versions, outputs }).toEqual(constantFiles);
      }),
      { numRuns: 200 },
    );
    expect(await readHcl('versions.tf', constantFiles!.versions)).toEqual(EXPECTED_VERSIONS);
    expect(await readHcl('outputs.tf', constantFiles!.outputs)).toEqual(EXPECTED_OUTPUTS);
  }, 60_000);

  it('hostile inputs: either refused with field errors, or read back exactly with nothing added', async () => {
    const known = new Set(['organization', 'identityName', 'role', 'trust', 'trust.branch', 'trust.environmentUuid', 'description', 'image.name', 'image.tag']);
    let generated = 0;
    await fc.assert(
      fc.asyncProperty(hostileInputArb, async ({ facts, choices }) => {
        const result = generateTerraform(facts, choices);
        const resolved = resolveChoices(facts, choices);
        expect(result.ok).toBe(resolved.ok);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(known.has(e.field)).toBe(true);
            expect(e.message.length).toBeGreaterThan(10);
          }
          return;
        }
        if (!resolved.ok) return;
        generated++;
        const parsed = await readHcl('main.tf', file(result.files, 'main.tf'));
        expect(parsed).toEqual(expectedMain(facts, resolved.value));
      }),
      // About one hostile input in twelve is valid: 1,000 runs make 20 successes all but certain (250 once gave exactly 20).
      { numRuns: 1_000 },
    );
    expect(generated).toBeGreaterThan(20); // the property must have exercised the success path
  }, 60_000);
});
