// The preview serves the workspace page beside the repository page: its own
// build under /workspace/, its own host script (a workspace-settings context,
// its own resolver function) and banner links between the two pages.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Resolver from '@forge/resolver';
import { startPreview, type Preview } from '../../preview/preview-server';
import type { ResolverHandler } from '../../preview/forge-runtime/invoke-handler';
import { DEMO_WORKSPACE_UUID } from '../../preview/simulator';

function dist(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${label}-dist-`));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body>${label}</body></html>`);
  writeFileSync(join(dir, 'assets', 'app.js'), `console.log(${JSON.stringify(label)});\n`);
  return dir;
}

function handler(name: string): ResolverHandler {
  const resolver = new Resolver();
  resolver.define('whoami', async ({ context }) => {
    const ctx = context as unknown as { workspaceId: string; extension: { type: string; workspace?: { slug: string } } };
    return { handler: name, module: ctx.extension.type, workspaceId: ctx.workspaceId, slug: ctx.extension.workspace?.slug ?? null };
  });
  return resolver.getDefinitions() as unknown as ResolverHandler;
}

async function invoke(preview: Preview, path: string): Promise<{ status: number; body: { result?: unknown; error?: string } }> {
  const response = await fetch(new URL(path, preview.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionKey: 'whoami', payload: {} }),
  });
  return { status: response.status, body: (await response.json()) as { result?: unknown; error?: string } };
}

describe('the workspace page in the preview', () => {
  let preview: Preview;
  beforeAll(async () => {
    preview = await startPreview({ port: 0, distDir: dist('repository'), workspaceDistDir: dist('workspace'), handler: handler('repository'), workspaceHandler: handler('workspace') });
  });
  afterAll(() => preview.close());

  it('serves the workspace build under /workspace/ with its own host script, and its assets', async () => {
    expect(preview.workspaceUrl).toBe(new URL('/workspace/', preview.url).href);
    const page = await (await fetch(preview.workspaceUrl)).text();
    expect(page).toContain('<script src="/__preview/workspace-host.js"></script>');
    expect(page).toContain('workspace</body>');
    expect(await (await fetch(new URL('/workspace/assets/app.js', preview.url))).text()).toContain('"workspace"');
    const bare = await fetch(new URL('/workspace', preview.url), { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/workspace/']);
    expect((await fetch(new URL('/workspace/../../package.json', preview.url))).status).not.toBe(200);
    // The repository page is unchanged.
    expect(await (await fetch(preview.url)).text()).toContain('<script src="/__preview/host.js"></script>');
  });

  it("gives the workspace page a workspace-settings context and sends its invokes to the workspace handler", async () => {
    const script = await (await fetch(new URL('/__preview/workspace-host.js', preview.url))).text();
    const config = JSON.parse(/window\.__FORGE_PREVIEW_CONFIG__ = (.*);\n/.exec(script)![1]!);
    expect(config.context.extension).toEqual({ type: 'bitbucket:workspaceSettingsMenuPage', workspace: { uuid: DEMO_WORKSPACE_UUID, slug: preview.repository.workspace.slug } });
    expect(config.context.moduleKey).toBe('chainguard-oidc-workspace');
    expect(config.invokePath).toBe('/__preview/workspace/invoke');
    expect(config.pageLinks).toEqual([{ label: `Repository page (${preview.repository.repository.slug})`, href: '/' }]);
    const repoScript = await (await fetch(new URL('/__preview/host.js', preview.url))).text();
    expect(JSON.parse(/window\.__FORGE_PREVIEW_CONFIG__ = (.*);\n/.exec(repoScript)![1]!).pageLinks).toEqual([{ label: `Workspace page (${preview.repository.workspace.slug})`, href: '/workspace/' }]);

    expect((await invoke(preview, '/__preview/workspace/invoke')).body.result).toEqual({
      handler: 'workspace',
      module: 'bitbucket:workspaceSettingsMenuPage',
      workspaceId: DEMO_WORKSPACE_UUID,
      slug: preview.repository.workspace.slug,
    });
    expect((await invoke(preview, '/__preview/invoke')).body.result).toMatchObject({ handler: 'repository', module: 'bitbucket:repoSettingsMenuPage' });
  });
});
