// fast-check generators for repository facts and identity choices, valid by
// construction or deliberately hostile.
import fc from 'fast-check';
import { branchNameProblem } from '../../src/core/names';
import { BUILT_IN_ROLES } from '../../src/core/roles';
import type { IdentityChoices, RepositoryFacts, Trust } from '../../src/core/types';

/** A UUID in any spelling Bitbucket or a user might give: braced or not, any case. */
export const uuidArb = fc
  .tuple(fc.uuid(), fc.boolean(), fc.boolean())
  .map(([u, braced, upper]) => {
    const s = upper ? u.toUpperCase() : u;
    return braced ? `{${s}}` : s;
  });

export const slugArb = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);

/** Strings built from the pieces that break HCL, YAML, regexes and comments. */
export const hostileArb = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', '\\', '${', '%{', '$${', '%%{', '}', '{', '#', '//', '/*', '*/', '=', '\n', '\r\n', '\t', '<<EOT', 'é', '😀', '\u202e', '\u2028', '\u0000', ' ', '.*', '^', '$'),
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Hostile text with line breaks and broken characters removed: a valid description. */
export const oneLineArb = hostileArb.map((s) =>
  [...s]
    .filter((ch) => !/[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/u.test(ch))
    .slice(0, 400)
    .join(''),
);

// Git allows quotes, $, {, }, %, #, = and more in branch names: all must survive.
const branchPart = fc.stringMatching(/^[A-Za-z0-9_"$%#={}()+|!&<>,;'][A-Za-z0-9_.\-éß"$%#={}()+|!&<>,;']{0,12}$/);
export const branchArb = fc
  .array(branchPart, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('/'))
  .filter((b) => branchNameProblem(b) === null);

export const nameArb = fc.stringMatching(/^[a-z0-9._-][a-z0-9 ._-]{0,30}[a-z0-9._-]$|^[a-z0-9._-]$/);

/** Facts; environment names are free text from Bitbucket, hostile by default. */
export function factsWith(environmentName: fc.Arbitrary<string>): fc.Arbitrary<RepositoryFacts> {
  return fc.record({
    workspace: fc.record({ slug: slugArb, uuid: uuidArb }),
    repository: fc.record({ slug: slugArb, uuid: uuidArb, mainBranch: branchArb }),
    environments: fc.uniqueArray(fc.record({ uuid: uuidArb, name: environmentName }), {
      maxLength: 3,
      selector: (e) => e.uuid.replace(/[{}]/g, '').toLowerCase(),
    }),
  });
}

export const factsArb = factsWith(hostileArb);

function trustArb(facts: RepositoryFacts): fc.Arbitrary<Trust | undefined> {
  const options: fc.Arbitrary<Trust | undefined>[] = [
    fc.constant(undefined),
    fc.constant({ kind: 'repository' as const }),
    branchArb.map((branch) => ({ kind: 'branch' as const, branch })),
  ];
  if (facts.environments.length > 0) {
    options.push(fc.constantFrom(...facts.environments).map((e) => ({ kind: 'environment' as const, environmentUuid: e.uuid })));
  }
  return fc.oneof(...options);
}

/** Facts with choices that must be accepted (hostile text only where free text is allowed). */
export const validInputArb = validInputsFrom(factsArb, oneLineArb);

export function validInputsFrom(factsArbitrary: fc.Arbitrary<RepositoryFacts>, descriptionArb: fc.Arbitrary<string>) {
  return factsArbitrary.chain((facts) =>
  fc
    .record(
      {
        organization: nameArb,
        identityName: fc.option(nameArb, { nil: undefined }),
        role: fc.option(fc.constantFrom(...BUILT_IN_ROLES.map((r) => r.name)), { nil: undefined }),
        trust: trustArb(facts),
        description: fc.option(descriptionArb, { nil: undefined }),
      },
      { requiredKeys: ['organization'] },
    )
    .map((choices): { facts: RepositoryFacts; choices: IdentityChoices } => ({ facts, choices })),
  );
}

/** Facts with hostile text in every field the admin can type. */
export const hostileInputArb = factsArb.chain((facts) =>
  fc
    .record({
      organization: fc.oneof(nameArb, hostileArb),
      identityName: fc.option(fc.oneof(nameArb, hostileArb), { nil: undefined }),
      role: fc.option(fc.oneof(fc.constantFrom(...BUILT_IN_ROLES.map((r) => r.name)), hostileArb), { nil: undefined }),
      trust: fc.oneof(trustArb(facts), hostileArb.map((branch) => ({ kind: 'branch' as const, branch }))),
      description: fc.option(fc.oneof(oneLineArb, hostileArb), { nil: undefined }),
    })
    .map((choices): { facts: RepositoryFacts; choices: IdentityChoices } => ({ facts, choices })),
);
