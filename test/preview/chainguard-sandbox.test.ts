// The Chainguard sandbox: applies the Terraform exactly as "Copy all" gives it,
// matches tokens as Chainguard's STS model says (anchored patterns, exact
// claims), and stays independent of the app's own trust code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChainguardSandbox } from '../../preview/chainguard/sandbox';
import type { StepTokenClaims } from '../../preview/simulator/pipeline-runner';
import { generateTerraform } from '../../src/core/terraform';
import { joinFilesForCopy } from '../../static/settings/src/lib/copy-all';
import { facts } from '../core/fixtures';

const REPO = facts.repository.uuid;
const STEP = '{8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}';

function token(overrides: Partial<StepTokenClaims> = {}): StepTokenClaims {
  return {
    iss: `https://api.bitbucket.org/2.0/workspaces/${facts.workspace.slug}/pipelines-config/identity/oidc`,
    aud: `ari:cloud:bitbucket::workspace/${facts.workspace.uuid.replace(/[{}]/g, '')}`,
    sub: `${REPO}:${STEP}`,
    repositoryUuid: REPO,
    workspaceUuid: facts.workspace.uuid,
    pipelineUuid: '{11111111-2222-4333-8444-555555555555}',
    stepUuid: STEP,
    branchName: 'main',
    ...overrides,
  };
}

async function applied(choices = { organization: 'example.com' }) {
  const sandbox = new ChainguardSandbox();
  const files = generateTerraform(facts, choices);
  if (!files.ok) throw new Error('terraform');
  const result = await sandbox.apply(joinFilesForCopy(files.files));
  if (!result.ok) throw new Error(result.error);
  return { sandbox, id: result.identityId, identity: result.identity };
}

describe('Chainguard sandbox', () => {
  it('applies "Copy all" and keeps issuer, audience, subject pattern, claims, role and organization', async () => {
    const { id, identity } = await applied();
    expect(id).toMatch(/^[0-9a-f]{40}\/[0-9a-f]{16}$/);
    expect(identity).toMatchObject({ organization: 'example.com', role: 'registry.pull', claims: { branchName: 'main', repositoryUuid: REPO } });
    expect(identity.subjectPattern).toMatch(/^\^\(\?:/);
  });

  it('accepts the token the identity trusts and refuses each mismatch in chainctl\'s words', async () => {
    const { sandbox, id } = await applied();
    expect(sandbox.exchange(id, token())).toMatchObject({ ok: true, output: expect.stringContaining('Successfully exchanged token.') });
    const refused = sandbox.exchange(id, token({ branchName: 'feature' }));
    expect(refused).toMatchObject({ ok: false, output: expect.stringContaining('code = PermissionDenied desc = token has invalid "branchName": feature') });
    expect(sandbox.exchange(id, token({ sub: `${REPO}:${STEP}:extra` }))).toMatchObject({ ok: false, output: expect.stringContaining('"sub"') });
    expect(sandbox.exchange(id, token({ aud: 'issuer.enforce.dev' }))).toMatchObject({ ok: false, output: expect.stringContaining('"aud"') });
    expect(sandbox.exchange(`${'0'.repeat(40)}/${'0'.repeat(16)}`, token()).ok).toBe(false);
    expect(sandbox.listRepositories(id, 'example.com')).toMatchObject({ ok: true });
    expect(sandbox.listRepositories(id, 'other.example')).toMatchObject({ ok: false });
  });

  it('refuses a role that cannot list repositories, and text that is not Terraform', async () => {
    const { sandbox, id } = await applied({ organization: 'example.com', role: 'apk.pull' } as never);
    expect(sandbox.listRepositories(id, 'example.com')).toMatchObject({ ok: false, output: expect.stringContaining('PermissionDenied') });
    expect(await sandbox.apply('resource "x" {')).toMatchObject({ ok: false, error: expect.stringContaining('does not parse') });
    expect(await sandbox.apply('locals {}\n')).toMatchObject({ ok: false, error: expect.stringContaining('chainguard_group') });
  });

  it('does not import the app (src/core or any of src/)', () => {
    const dir = path.resolve(process.cwd(), 'preview/chainguard');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"][^'"]*\/src\//);
    }
  });
});
