// The one environment-name rule: trimmed, an exact match first, else ignoring
// case; equally good matches are refused. The workspace Terraform follows it.
import { describe, expect, it } from 'vitest';
import { environmentNameKey, findEnvironment } from '../../src/core/environment-name';
import { resolveSelection } from '../../src/core/workspace';
import { OTHER_REPO_UUID, PROD_ENV_UUID, REPO_UUID, STAGING_ENV_UUID, WORKSPACE_UUID } from './fixtures';

const PROD = { uuid: PROD_ENV_UUID, name: 'Production' };
const STAGING = { uuid: STAGING_ENV_UUID, name: 'staging' };
const OTHER_UUID = '{4d715740-c970-486b-b68a-b421ec2a1f8d}';

describe('findEnvironment', () => {
  it('finds a name as typed, trimmed, or in another case', () => {
    for (const typed of ['Production', '  Production ', 'production', 'PRODUCTION']) {
      expect(findEnvironment([PROD, STAGING], typed)).toEqual({ ok: true, environment: PROD });
    }
    expect(findEnvironment([PROD, STAGING], 'Staging')).toEqual({ ok: true, environment: STAGING });
    expect(findEnvironment([{ uuid: PROD_ENV_UUID, name: ' Production\t' }], 'production')).toMatchObject({ ok: true });
  });

  it('prefers the exact spelling when another differs only in case', () => {
    const lower = { uuid: OTHER_UUID, name: 'production' };
    expect(findEnvironment([PROD, lower], 'production')).toEqual({ ok: true, environment: lower });
    expect(findEnvironment([PROD, lower], 'Production')).toEqual({ ok: true, environment: PROD });
  });

  it('refuses to guess between equally good matches, naming them', () => {
    const found = findEnvironment([PROD, { uuid: OTHER_UUID, name: 'PRODUCTION' }], 'production');
    expect(found).toMatchObject({ ok: false, problem: 'ambiguous', candidates: ['Production', 'PRODUCTION'] });
    if (!found.ok) expect(found.reason).toBe('it has 2 environments named "Production", "PRODUCTION"; rename all but one (Repository settings → Deployments)');
    expect(findEnvironment([PROD, { uuid: OTHER_UUID, name: 'Production ' }], 'Production')).toMatchObject({ ok: false, problem: 'ambiguous' });
  });

  it('says which name is missing, quoted on one line', () => {
    expect(findEnvironment([PROD], 'Prod')).toEqual({ ok: false, problem: 'none', reason: 'it has no environment named "Prod"', candidates: [] });
    expect(findEnvironment([], ' Staging ')).toMatchObject({ reason: 'it has no environment named "Staging"' });
    const hostile = findEnvironment([PROD], 'x\nrole = "admin"');
    if (!hostile.ok) expect(hostile.reason).not.toContain('\n');
    expect(findEnvironment([PROD], 'Prod uction')).toMatchObject({ ok: false, problem: 'none' });
  });

  it('groups names by one key', () => {
    expect(environmentNameKey(' Production ')).toBe(environmentNameKey('production'));
    expect(environmentNameKey('Production')).not.toBe(environmentNameKey('Prod'));
  });
});

describe('the workspace Terraform uses the rule', () => {
  const workspace = { slug: 'acme', uuid: WORKSPACE_UUID };
  const choices = { shape: 'per-repository' as const, organization: 'example.com', trust: { kind: 'environment' as const, environmentName: 'production' } };

  it('trusts "Production" in one repository and "production" in another when "production" is chosen', () => {
    const result = resolveSelection({
      workspace,
      choices,
      repositories: [
        { slug: 'web', uuid: REPO_UUID, mainBranch: 'main', environments: [PROD] },
        { slug: 'api', uuid: OTHER_REPO_UUID, mainBranch: 'main', environments: [{ uuid: OTHER_UUID, name: 'production' }] },
      ],
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.repositories.map((r) => [r.slug, r.environmentUuid])).toEqual([['api', OTHER_UUID], ['web', PROD_ENV_UUID]]);
  });

  it("reports the core's reason per repository", () => {
    const result = resolveSelection({
      workspace,
      choices,
      repositories: [
        { slug: 'web', uuid: REPO_UUID, mainBranch: 'main', environments: [PROD, { uuid: OTHER_UUID, name: 'PRODUCTION' }] },
        { slug: 'api', uuid: OTHER_REPO_UUID, mainBranch: 'main', environments: [STAGING] },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]!.message).toContain('"api": it has no environment named "production"');
      expect(result.errors[0]!.message).toContain('"web": it has 2 environments named "Production", "PRODUCTION"');
    }
  });
});
