// Each `--scene` gives the app's own handler the situation its name promises.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startPreview } from '../../preview/preview-server';
import { SCENES, sceneNamed } from '../../preview/scenes';

interface Setup {
  pipelineFile: string | null;
  pipelinesEnabled: { available: boolean; value?: boolean };
  oidcSteps: unknown[];
  facts: { repository: { slug: string } };
}

async function loadSetupIn(scene: string): Promise<Setup> {
  const preview = await startPreview({ port: 0, seed: sceneNamed(scene), distDir: tmpdir() });
  try {
    const response = await fetch(new URL('/__preview/invoke', preview.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionKey: 'loadPage', payload: {} }),
    });
    const body = (await response.json()) as { result: { ok: boolean; data: { setup: Setup } } };
    expect(body.result.ok).toBe(true);
    return body.result.data.setup;
  } finally {
    await preview.close();
  }
}

describe('preview scenes', () => {
  it('are all on acme/web-app', async () => {
    for (const scene of Object.keys(SCENES)) expect((await loadSetupIn(scene)).facts.repository.slug).toBe('web-app');
  }, 60_000);

  it('no-pipeline has no bitbucket-pipelines.yml; demo has one', async () => {
    expect((await loadSetupIn('no-pipeline')).pipelineFile).toBeNull();
    expect((await loadSetupIn('demo')).pipelineFile).toContain('pipelines:');
  }, 60_000);

  it('pipelines-off reads Pipelines as off', async () => {
    expect((await loadSetupIn('pipelines-off')).pipelinesEnabled).toEqual({ available: true, value: false });
  }, 60_000);

  it('oidc-already has one step with oidc: true for the trust check', async () => {
    expect((await loadSetupIn('oidc-already')).oidcSteps).toHaveLength(1);
    expect((await loadSetupIn('demo')).oidcSteps).toHaveLength(0);
  }, 60_000);

  it('refuses an unknown scene with the list', () => {
    expect(() => sceneNamed('nope')).toThrow(/one of: demo, no-pipeline, pipelines-off, oidc-already/);
  });
});
