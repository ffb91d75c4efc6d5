import { describe, expect, it } from 'vitest';
import { oidcSettings } from '../../src/core/oidc';
import { AUDIENCE, facts, ISSUER, PROD_ENV_UUID, REPO_UUID, WORKSPACE_UUID } from './fixtures';

describe('oidcSettings', () => {
  it('rebuilds the values of the OpenID Connect settings page', () => {
    expect(oidcSettings(facts)).toEqual({
      issuer: ISSUER,
      audience: AUDIENCE,
      workspaceSlug: 'bbcitest',
      workspaceUuid: WORKSPACE_UUID,
      repositorySlug: 'web-app',
      repositoryUuid: REPO_UUID,
      environments: facts.environments,
    });
  });

  it('puts the workspace slug (not its UUID) in the issuer and the bare UUID in the audience', () => {
    const s = oidcSettings({ ...facts, workspace: { slug: 'acme-corp', uuid: WORKSPACE_UUID } });
    expect(s.issuer).toBe('https://api.bitbucket.org/2.0/workspaces/acme-corp/pipelines-config/identity/oidc');
    expect(s.audience).not.toContain('{');
    expect(s.audience).toBe(AUDIENCE);
  });

  it('normalises unbraced and uppercase UUIDs to the lowercase braced form Bitbucket shows', () => {
    const s = oidcSettings({
      workspace: { slug: 'bbcitest', uuid: WORKSPACE_UUID.slice(1, -1).toUpperCase() },
      repository: { slug: 'web-app', uuid: REPO_UUID.slice(1, -1), mainBranch: 'main' },
      environments: [{ uuid: PROD_ENV_UUID.toUpperCase(), name: 'Production' }],
    });
    expect(s.workspaceUuid).toBe(WORKSPACE_UUID);
    expect(s.repositoryUuid).toBe(REPO_UUID);
    expect(s.environments).toEqual([{ uuid: PROD_ENV_UUID, name: 'Production' }]);
    expect(s.audience).toBe(AUDIENCE);
  });

  it('refuses facts that are not Bitbucket values, naming the field', () => {
    expect(() => oidcSettings({ ...facts, workspace: { slug: 'a/../b', uuid: WORKSPACE_UUID } })).toThrow(/workspace\.slug/);
    expect(() => oidcSettings({ ...facts, repository: { ...facts.repository, uuid: '{not-a-uuid}' } })).toThrow(
      /repository\.uuid/,
    );
    expect(() => oidcSettings({ ...facts, environments: [{ uuid: 'x', name: 'p' }] })).toThrow(/environments\.0\.uuid/);
  });
});
