// Property: for any selection, trust and shape, the generated Terraform parses
// with HashiCorp's parser, fits the provider schema, and the identities it
// declares (evaluated as Terraform would, for_each included) accept exactly
// the selected repositories' intended steps: the same as each repository's own
// page, and nothing an unselected repository, another workspace, another
// branch or a padded subject could present.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimMatchFor, verifyToken } from '../../../src/core/trust';
import type { ClaimMatch, StepToken } from '../../../src/core/types';
import { normalizeUuid } from '../../../src/core/uuid';
import { resolveChoices } from '../../../src/core/validation';
import { generateWorkspaceTerraform, type WorkspaceRepository, type WorkspaceTrust } from '../../../src/core/workspace';
import { branchArb, hostileArb, nameArb, slugArb, uuidArb } from '../arbitraries';
import { readHcl } from '../hcl2json';
import { schemaProblems } from '../schema';
import { parseMain, perRepositoryIdentities, singleIdentity } from './support';

beforeAll(async () => {
  await readHcl('warm.tf', 'a = 1\n');
}, 60_000);

const ENV = 'Production';

/** A repository; most have a Production environment, and most share the workspace's usual main branch. */
function repositoryArb(usualBranch: string): fc.Arbitrary<WorkspaceRepository> {
  return fc.record({
    slug: slugArb,
    uuid: uuidArb,
    mainBranch: fc.oneof({ weight: 4, arbitrary: fc.constant(usualBranch) }, { weight: 1, arbitrary: branchArb }),
    environments: fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(uuidArb, uuidArb, hostileArb)
          .map(([prod, otherUuid, other]) => [{ uuid: prod, name: ENV }, ...(other.trim() === ENV || normalizeUuid(otherUuid) === normalizeUuid(prod) ? [] : [{ uuid: otherUuid, name: other }])]),
      },
      { weight: 1, arbitrary: fc.constant<{ uuid: string; name: string }[]>([]) },
    ),
  });
}

const inputArb = fc
  .record({
    workspace: fc.record({ slug: slugArb, uuid: uuidArb }),
    usualBranch: branchArb,
    shape: fc.constantFrom('per-repository' as const, 'single' as const),
    trust: fc.constantFrom<WorkspaceTrust>({ kind: 'main-branch' }, { kind: 'repository' }, { kind: 'environment', environmentName: ENV }),
    organization: nameArb,
  })
  .chain((base) =>
    fc
      .uniqueArray(repositoryArb(base.usualBranch), {
        minLength: 1,
        maxLength: 6,
        selector: (r) => normalizeUuid(r.uuid),
      })
      .filter((repos) => new Set(repos.map((r) => r.slug)).size === repos.length)
      .map((repositories) => ({ ...base, repositories })),
  );

/** The step token a repository's intended step presents. */
function intendedToken(match: ClaimMatch, repoUuid: string, branch: string, env: string | null, step: string): StepToken {
  return {
    iss: match.issuer,
    aud: match.audience,
    sub: env ? `${repoUuid}:${env}:{${step}}` : `${repoUuid}:{${step}}`,
    repositoryUuid: repoUuid,
    branchName: branch,
    ...(env ? { deploymentEnvironmentUuid: env } : {}),
  };
}

describe('workspace Terraform (property-based)', () => {
  it('parses, fits the schema, and trusts exactly the selected repositories as their pages would', async () => {
    let generated = { 'per-repository': 0, single: 0 };
    await fc.assert(
      fc.asyncProperty(inputArb, fc.uuid(), fc.uuid(), async (input, step, stranger) => {
        const { workspace, repositories, shape, trust, organization } = input;
        const result = generateWorkspaceTerraform({ workspace, repositories, choices: { shape, organization, trust } });
        const lacksEnv = trust.kind === 'environment' && repositories.some((r) => !r.environments!.some((e) => e.name === ENV));
        const branches = new Set(repositories.map((r) => r.mainBranch));
        const mustRefuse = lacksEnv || (shape === 'single' && trust.kind === 'main-branch' && branches.size > 1);
        expect(result.ok).toBe(!mustRefuse);
        if (!result.ok) {
          expect(result.errors.every((e) => e.message.length > 20)).toBe(true);
          return;
        }
        generated[shape]++;
        const parsed = await parseMain(result.files);
        expect(schemaProblems(parsed)).toEqual([]);
        const identities = shape === 'single' ? null : perRepositoryIdentities(parsed);
        const shared = shape === 'single' ? singleIdentity(parsed) : null;
        if (identities) expect(identities.size).toBe(repositories.length);

        const strangerUuid = `{${stranger}}`;
        const selectedUuids = new Set(repositories.map((r) => normalizeUuid(r.uuid)));
        for (const repo of repositories) {
          const uuid = normalizeUuid(repo.uuid)!;
          const env = trust.kind === 'environment' ? normalizeUuid(repo.environments!.find((e) => e.name === ENV)!.uuid)! : null;
          // The repository page's identity for this repository alone.
          const facts = { workspace, repository: repo, environments: repo.environments! };
          const pageTrust = trust.kind === 'main-branch' ? undefined : trust.kind === 'repository' ? { kind: 'repository' as const } : { kind: 'environment' as const, environmentUuid: env! };
          const page = resolveChoices(facts, { organization, trust: pageTrust });
          if (!page.ok) throw new Error(JSON.stringify(page.errors));
          const pageMatch = claimMatchFor(facts, page.value);

          const identity = identities ? identities.get(repo.slug)! : shared!;
          if (identities) {
            expect(identity.match).toEqual(pageMatch);
            expect({ name: identity.name, description: identity.description }).toEqual({ name: page.value.identityName, description: page.value.description });
          }
          const match = identity.match;
          const intended = intendedToken(match, uuid, repo.mainBranch, env, step);
          expect(verifyToken(pageMatch, intended).accepted).toBe(true);
          expect(verifyToken(match, intended).accepted).toBe(true);

          // Unselected repository (by subject, and by subject and claim).
          if (!selectedUuids.has(strangerUuid)) {
            const strangerSub = intended.sub.replace(uuid, strangerUuid);
            expect(verifyToken(match, { ...intended, sub: strangerSub }).accepted).toBe(false);
            expect(verifyToken(match, { ...intended, sub: strangerSub, repositoryUuid: strangerUuid }).accepted).toBe(false);
          }
          // Another workspace.
          expect(verifyToken(match, { ...intended, iss: `${intended.iss}x` }).accepted).toBe(false);
          expect(verifyToken(match, { ...intended, aud: `ari:cloud:bitbucket::workspace/${stranger}` }).accepted).toBe(intended.aud === `ari:cloud:bitbucket::workspace/${stranger}`);
          // Another branch, where the branch is trusted.
          if (trust.kind === 'main-branch') {
            expect(verifyToken(match, { ...intended, branchName: `${repo.mainBranch}-x` }).accepted).toBe(false);
            expect(verifyToken(match, { ...intended, branchName: `x${repo.mainBranch}` }).accepted).toBe(false);
          }
          // Junk around the subject or the repository claim.
          for (const sub of [`x${intended.sub}`, `${intended.sub}x`, `${intended.sub}\n`, `${intended.sub}|${intended.sub}`, `:${intended.sub}`]) {
            expect(verifyToken(match, { ...intended, sub }).accepted).toBe(false);
          }
          expect(verifyToken(match, { ...intended, repositoryUuid: `${uuid} ` }).accepted).toBe(false);
          expect(verifyToken(match, { ...intended, repositoryUuid: `x${uuid}` }).accepted).toBe(false);
          for (const p of [match.subjectPattern, ...Object.values(match.claimPatterns)]) {
            expect(p.startsWith('^(?:') && p.endsWith(')$')).toBe(true);
            expect(() => new RegExp(p, 'u')).not.toThrow();
          }
          // Another selected repository's environment is not this repository's.
          if (env && shared) {
            for (const other of repositories) {
              const otherEnv = normalizeUuid(other.environments!.find((e) => e.name === ENV)!.uuid)!;
              if (otherEnv !== env) expect(verifyToken(match, intendedToken(match, uuid, repo.mainBranch, otherEnv, step)).accepted).toBe(false);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(generated['per-repository']).toBeGreaterThan(20);
    expect(generated.single).toBeGreaterThan(20);
  }, 120_000);
});
