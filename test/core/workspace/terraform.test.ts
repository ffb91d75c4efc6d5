import { beforeAll, describe, expect, it } from 'vitest';
import { generateTerraform, versionsTf } from '../../../src/core/terraform';
import { verifyToken } from '../../../src/core/trust';
import type { ClaimMatch, StepToken } from '../../../src/core/types';
import {
  generateWorkspaceTerraform,
  WORKSPACE_TERRAFORM_LIMITS,
  type WorkspaceRepository,
  type WorkspaceTerraformChoices,
  type WorkspaceTrust,
} from '../../../src/core/workspace';
import { AUDIENCE, ISSUER, OTHER_REPO_UUID, PROD_ENV_UUID, REPO_UUID, STAGING_ENV_UUID, STEP_UUID, WORKSPACE_UUID } from '../fixtures';
import { readHcl } from '../hcl2json';
import { schemaProblems } from '../schema';
import { fileOf, parseMain, perRepositoryIdentities, singleIdentity } from './support';

beforeAll(async () => {
  await readHcl('warm.tf', 'a = 1\n');
}, 60_000);

const workspace = { slug: 'bbcitest', uuid: WORKSPACE_UUID };
const UNSELECTED_UUID = '{3ce489be-ce6a-42a0-a8c8-eadbf1174ac9}';
const UNSELECTED_ENV_UUID = '{4d715740-c970-486b-b68a-b421ec2a1f8d}';

const webApp: WorkspaceRepository = { slug: 'web-app', uuid: REPO_UUID, mainBranch: 'main', environments: [{ uuid: PROD_ENV_UUID, name: 'Production' }] };
const api: WorkspaceRepository = {
  slug: 'api',
  uuid: OTHER_REPO_UUID.toUpperCase(),
  mainBranch: 'main',
  environments: [
    { uuid: STAGING_ENV_UUID, name: 'Production' },
    { uuid: UNSELECTED_ENV_UUID, name: 'Staging' },
  ],
};
const selected = [webApp, api];
const envOf: Record<string, string> = { [REPO_UUID]: PROD_ENV_UUID, [OTHER_REPO_UUID]: STAGING_ENV_UUID };

function generate(shape: WorkspaceTerraformChoices['shape'], trust: WorkspaceTrust, repositories = selected, extra: Partial<WorkspaceTerraformChoices> = {}) {
  return generateWorkspaceTerraform({ workspace, repositories, choices: { shape, organization: 'example.com', trust, ...extra } });
}

function files(shape: WorkspaceTerraformChoices['shape'], trust: WorkspaceTrust, repositories = selected) {
  const r = generate(shape, trust, repositories);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.files;
}

/** A step token of `repo`, on `branch`, deploying to `env` if given. */
function token(repo: string, branch: string, env: string | null, overrides: Partial<StepToken> = {}): StepToken {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: env ? `${repo}:${env}:${STEP_UUID}` : `${repo}:${STEP_UUID}`,
    branchName: branch,
    repositoryUuid: repo,
    workspaceUuid: WORKSPACE_UUID,
    stepUuid: STEP_UUID,
    ...(env ? { deploymentEnvironmentUuid: env } : {}),
    ...overrides,
  };
}

const accepts = (match: ClaimMatch, t: StepToken) => verifyToken(match, t).accepted;

const TRUSTS: WorkspaceTrust[] = [{ kind: 'main-branch' }, { kind: 'environment', environmentName: 'Production' }, { kind: 'repository' }];

/** The tokens every identity must refuse, whatever the trust: look-alikes of `t`. */
function lookAlikes(t: StepToken): [string, StepToken][] {
  const otherIssuer = 'https://api.bitbucket.org/2.0/workspaces/other/pipelines-config/identity/oidc';
  return [
    ['an unselected repository', { ...t, sub: t.sub.replace(t.repositoryUuid!, UNSELECTED_UUID), repositoryUuid: UNSELECTED_UUID }],
    ['an unselected repository that claims a selected UUID', { ...t, sub: t.sub.replace(t.repositoryUuid!, UNSELECTED_UUID) }],
    ['another workspace (issuer)', { ...t, iss: otherIssuer }],
    ['another workspace (audience)', { ...t, aud: 'ari:cloud:bitbucket::workspace/00000000-f34f-4226-a897-0e0afbec553d' }],
    ['junk before the subject', { ...t, sub: `x${t.sub}` }],
    ['junk after the subject', { ...t, sub: `${t.sub}x` }],
    ['a line break after the subject', { ...t, sub: `${t.sub}\n` }],
    ['two subjects joined', { ...t, sub: `${t.sub}|${t.sub}` }],
    ['junk before the repository claim', { ...t, repositoryUuid: ` ${t.repositoryUuid}` }],
  ];
}

describe('generateWorkspaceTerraform: one identity per repository', () => {
  it('writes a locals map, for_each identities and role bindings, and an output map slug => ID', async () => {
    const f = files('per-repository', { kind: 'main-branch' });
    expect(f.map((x) => x.path)).toEqual(['versions.tf', 'main.tf', 'outputs.tf']);
    expect(fileOf(f, 'versions.tf')).toBe(versionsTf()); // the repository page's provider requirement
    const parsed = await parseMain(f);
    expect(schemaProblems(parsed)).toEqual([]);
    const locals = (parsed.locals as any)[0].repositories;
    expect(Object.keys(locals)).toEqual(['api', 'web-app']); // sorted by slug
    expect(locals['web-app'].uuid).toBe(REPO_UUID);
    expect(locals['web-app'].main_branch).toBe('main');
    expect(locals.api.uuid).toBe(OTHER_REPO_UUID); // canonical lowercase
    const binding = (parsed.resource as any).chainguard_rolebinding.bitbucket[0];
    expect(binding).toEqual({
      for_each: '${chainguard_identity.bitbucket}',
      identity: '${each.value.id}',
      group: '${data.chainguard_group.org.id}',
      // Only the built-in role of that name, as on the repository page (see roleLookup).
      role: '${local.built_in_role_ids[0]}',
      lifecycle: [
        {
          precondition: [
            {
              condition: '${length(local.built_in_role_ids) == 1}',
              error_message: 'Expected exactly one built-in Chainguard role named "registry.pull"; check the role name.',
            },
          ],
        },
      ],
    });
    expect((parsed.locals as any)[1].built_in_role_ids).toBe('${[for r in data.chainguard_role.role.items : r.id if length(split("/", r.id)) == 1]}');
    const outputs = await readHcl('outputs.tf', fileOf(f, 'outputs.tf'));
    expect((outputs.output as any)['bitbucket-identities'][0].value).toBe('${{ for slug, identity in chainguard_identity.bitbucket : slug => identity.id }}');
  });

  it.each(TRUSTS)('gives each repository exactly the identity its repository page would (%j)', async (trust) => {
    const identities = perRepositoryIdentities(await parseMain(files('per-repository', trust)));
    expect([...identities.keys()]).toEqual(['api', 'web-app']);
    for (const repo of selected) {
      const env = repo.environments!.find((e) => e.name === 'Production')!.uuid;
      const pageTrust = trust.kind === 'main-branch' ? undefined : trust.kind === 'repository' ? { kind: 'repository' as const } : { kind: 'environment' as const, environmentUuid: env };
      const page = generateTerraform({ workspace, repository: repo, environments: repo.environments! }, { organization: 'example.com', trust: pageTrust });
      if (!page.ok) throw new Error(JSON.stringify(page.errors));
      const pageIdentity = singleIdentity(await parseMain(page.files));
      expect(identities.get(repo.slug)).toEqual(pageIdentity);
    }
  });

  it.each(TRUSTS)("accepts each repository's intended steps and refuses look-alikes (%j)", async (trust) => {
    const identities = perRepositoryIdentities(await parseMain(files('per-repository', trust)));
    for (const [slug, uuid] of [['web-app', REPO_UUID], ['api', OTHER_REPO_UUID]] as const) {
      const match = identities.get(slug)!.match;
      const intended = trust.kind === 'environment' ? token(uuid, 'main', envOf[uuid]!) : token(uuid, 'main', null);
      expect(accepts(match, intended)).toBe(true);
      for (const [why, t] of lookAlikes(intended)) expect(accepts(match, t), why).toBe(false);
      // Neither repository may use the other's identity.
      const other = uuid === REPO_UUID ? OTHER_REPO_UUID : REPO_UUID;
      expect(accepts(match, trust.kind === 'environment' ? token(other, 'main', envOf[other]!) : token(other, 'main', null))).toBe(false);
      expect(accepts(match, token(uuid, 'feature/x', trust.kind === 'environment' ? envOf[uuid]! : null))).toBe(trust.kind !== 'main-branch');
    }
  });
});

describe('generateWorkspaceTerraform: one identity for the selected repositories', () => {
  it('writes anchored, escaped alternations over the UUIDs in subject_pattern and claim_patterns.repositoryUuid', async () => {
    const parsed = await parseMain(files('single', { kind: 'main-branch' }));
    expect(schemaProblems(parsed)).toEqual([]);
    const { match, name } = singleIdentity(parsed);
    expect(name).toBe('bitbucket-bbcitest');
    const esc = (u: string) => u.replace(/[{}]/g, '\\$&');
    expect(match.claimPatterns).toEqual({ repositoryUuid: `^(?:${esc(OTHER_REPO_UUID)}|${esc(REPO_UUID)})$` });
    expect(match.claims).toEqual({ branchName: 'main' });
    expect(match.subjectPattern.startsWith(`^(?:(?:${esc(OTHER_REPO_UUID)}|${esc(REPO_UUID)}):`)).toBe(true);
    const outputs = await readHcl('outputs.tf', fileOf(files('single', { kind: 'main-branch' }), 'outputs.tf'));
    expect((outputs.output as any)['bitbucket-identity'][0].value).toBe('${chainguard_identity.bitbucket.id}');
    expect((outputs.output as any)['bitbucket-identity'][0].description).toMatch(/workspace variable \(a repository variable overrides it\)/);
  });

  it.each(TRUSTS)('accepts the selected repositories\' intended steps and refuses look-alikes (%j)', async (trust) => {
    const parsed = await parseMain(files('single', trust));
    expect(schemaProblems(parsed)).toEqual([]);
    const { match } = singleIdentity(parsed);
    for (const uuid of [REPO_UUID, OTHER_REPO_UUID]) {
      const env = trust.kind === 'environment' ? envOf[uuid]! : null;
      const intended = token(uuid, 'main', env);
      expect(accepts(match, intended)).toBe(true);
      if (trust.kind !== 'environment') expect(accepts(match, token(uuid, 'main', PROD_ENV_UUID))).toBe(true); // deployment steps on main too
      for (const [why, t] of lookAlikes(intended)) expect(accepts(match, t), why).toBe(false);
      expect(accepts(match, token(uuid, 'feature/x', env)), 'another branch').toBe(trust.kind !== 'main-branch');
    }
    // An unselected repository, even on main and deploying.
    expect(accepts(match, token(UNSELECTED_UUID, 'main', null))).toBe(false);
    expect(accepts(match, token(UNSELECTED_UUID, 'main', UNSELECTED_ENV_UUID))).toBe(false);
    if (trust.kind === 'environment') {
      // A repository cannot borrow another selected repository's environment, nor use its own other one.
      expect(accepts(match, token(REPO_UUID, 'main', STAGING_ENV_UUID))).toBe(false);
      expect(accepts(match, token(OTHER_REPO_UUID, 'main', UNSELECTED_ENV_UUID))).toBe(false);
      expect(accepts(match, token(REPO_UUID, 'main', null))).toBe(false);
    }
  });

  it('refuses to share one identity across different main branches, and says what to do', () => {
    const r = generate('single', { kind: 'main-branch' }, [webApp, { ...api, mainBranch: 'master' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.field).toBe('trust');
      expect(r.errors[0]!.message).toContain('different main branches: "main" (1), "master" (1)');
      expect(r.errors[0]!.message).toContain('one identity per repository');
    }
    // The same selection is fine per repository, and trusting the repository is fine shared.
    expect(generate('per-repository', { kind: 'main-branch' }, [webApp, { ...api, mainBranch: 'master' }]).ok).toBe(true);
    expect(generate('single', { kind: 'repository' }, [webApp, { ...api, mainBranch: 'master' }]).ok).toBe(true);
  });

  it(`refuses more than ${WORKSPACE_TERRAFORM_LIMITS.maxRepositoriesPerIdentity} repositories for one identity`, () => {
    const many = Array.from({ length: WORKSPACE_TERRAFORM_LIMITS.maxRepositoriesPerIdentity + 1 }, (_, i) => ({
      slug: `repo-${i}`,
      uuid: `{${i.toString(16).padStart(8, '0')}-ce6a-42a0-a8c8-eadbf1174ac7}`,
      mainBranch: 'main',
    }));
    const r = generate('single', { kind: 'main-branch' }, many);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message).join()).toMatch(/at most 1000 repositories .* 1001 are selected/);
    expect(generate('per-repository', { kind: 'main-branch' }, many).ok).toBe(true);
  });

  it('validates the identity name and description like the repository page', () => {
    const r = generate('single', { kind: 'repository' }, selected, { identityName: 'CI', description: 'a\nb' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['identityName', 'description']);
  });
});

describe('generateWorkspaceTerraform: refusals', () => {
  it('refuses an empty selection and one over the limit before any work', () => {
    const none = generate('per-repository', { kind: 'main-branch' }, []);
    expect(none).toEqual({ ok: false, errors: [{ field: 'repositories', message: expect.stringContaining('No repositories are selected') }] });
    const over = generate('per-repository', { kind: 'main-branch' }, Array.from({ length: 3001 }, () => webApp));
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.errors[0]!.message).toMatch(/3001 repositories are selected; one configuration covers at most 3000/);
  });

  it('names the repositories that lack the chosen environment', () => {
    const r = generate('per-repository', { kind: 'environment', environmentName: 'Staging' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([{ field: 'repositories', message: expect.stringContaining('1 selected repository cannot be used: "web-app": it has no environment named "Staging"') }]);
    }
    const unread = generate('per-repository', { kind: 'environment', environmentName: 'Production' }, [{ ...webApp, environments: undefined }]);
    expect(unread.ok).toBe(false);
    if (!unread.ok) expect(unread.errors[0]!.message).toContain('its deployment environments were not read');
  });

  it('reports a shared mistake once, not once per repository', () => {
    const r = generateWorkspaceTerraform({ workspace, repositories: selected, choices: { shape: 'per-repository', organization: 'Example.com', role: 'admin', trust: { kind: 'repository' } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['organization', 'role']);
  });

  it('refuses a bad shape, a bad trust, an invalid repository and a slug selected twice', () => {
    expect(generate('both' as never, { kind: 'repository' }).ok).toBe(false);
    expect(generate('single', { kind: 'branch' } as never).ok).toBe(false);
    const bad = generate('per-repository', { kind: 'repository' }, [webApp, { slug: 'x"y', uuid: 'nope', mainBranch: 'main' }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.message).toContain('"x\\"y"');
    const twice = generate('per-repository', { kind: 'repository' }, [webApp, { ...api, slug: 'web-app' }]);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.errors[0]!.message).toContain('"web-app" is selected twice with different UUIDs');
  });

  it('counts the same repository selected twice once', () => {
    const r = generate('per-repository', { kind: 'repository' }, [webApp, { ...webApp, uuid: REPO_UUID.toUpperCase() }]);
    expect(r.ok && r.repositories).toBe(1);
  });

  it('keeps a hostile environment name inside the header comment', async () => {
    const name = 'prod\n}\nresource "evil" "x" {\r\n#';
    const hostile = selected.map((r) => ({ ...r, environments: [{ uuid: envOf[r.uuid.toLowerCase()]!, name }] }));
    for (const shape of ['per-repository', 'single'] as const) {
      const f = files(shape, { kind: 'environment', environmentName: name }, hostile);
      const parsed = await parseMain(f);
      expect(Object.keys(parsed.resource as object)).toEqual(['chainguard_identity', 'chainguard_rolebinding']);
      expect(schemaProblems(parsed)).toEqual([]);
    }
  });
});
