// @vitest-environment jsdom
// The preview's stand-in for the Forge host, as @forge/bridge sees it.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const CONTEXT = { workspaceId: '{w}', extension: { type: 'bitbucket:repoSettingsMenuPage', repository: { uuid: '{r}' } } };
const posted: { url: string; body: unknown }[] = [];

type CallBridge = (name: string, args?: unknown) => Promise<unknown>;
let callBridge: CallBridge;
const opened: unknown[][] = [];

beforeAll(async () => {
  document.body.innerHTML = '<div id="root"></div>';
  (window as unknown as { __FORGE_PREVIEW_CONFIG__: unknown }).__FORGE_PREVIEW_CONFIG__ = {
    context: CONTEXT,
    themeCssUrl: '/__preview/theme.css',
    pullRequestsUrl: '/__preview/pull-requests',
    backendLabel: 'simulated Bitbucket, acme/web-app',
    simulatedPullRequestPrefix: 'https://bitbucket.org/acme/web-app/pull-requests/',
  };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { functionKey: string };
    posted.push({ url, body });
    if (body.functionKey === 'boom') return new Response(JSON.stringify({ error: 'There was an error invoking the function - kaput' }), { status: 500 });
    return new Response(JSON.stringify({ result: { ok: true, data: body } }), { status: 200 });
  });
  window.open = ((...args: unknown[]) => {
    opened.push(args);
    return null;
  }) as typeof window.open;
  await import('../../preview/host/bridge-host');
  callBridge = (window as unknown as { __bridge: { callBridge: CallBridge } }).__bridge.callBridge;
});

describe('preview bridge host', () => {
  it('answers invoke through the preview server, with the payload as sent', async () => {
    await expect(callBridge('invoke', { functionKey: 'loadPage', payload: { a: 1 } })).resolves.toEqual({
      ok: true,
      data: { functionKey: 'loadPage', payload: { a: 1 } },
    });
    expect(posted.at(-1)?.url).toBe('/__preview/invoke');
  });

  it('rejects invoke when the function threw, like Forge', async () => {
    await expect(callBridge('invoke', { functionKey: 'boom' })).rejects.toThrow('kaput');
  });

  it('gives each caller its own copy of the context', async () => {
    const first = (await callBridge('getContext')) as typeof CONTEXT;
    first.workspaceId = 'changed';
    expect(await callBridge('getContext')).toEqual(CONTEXT);
  });

  it('opens new-tab navigations in a window and records them', async () => {
    await callBridge('navigate', { url: 'https://bitbucket.org/other/repo/pull-requests/1', type: 'new-tab' });
    expect(opened.at(-1)).toEqual(['https://bitbucket.org/other/repo/pull-requests/1', '_blank', 'noopener']);
    const state = (window as unknown as { __forgePreview: { navigations: unknown[] } }).__forgePreview;
    expect(state.navigations.at(-1)).toEqual({
      url: 'https://bitbucket.org/other/repo/pull-requests/1',
      type: 'new-tab',
      openedUrl: 'https://bitbucket.org/other/repo/pull-requests/1',
    });
  });

  it("sends the simulated repository's pull-request links to the preview's own page", async () => {
    await callBridge('navigate', { url: 'https://bitbucket.org/acme/web-app/pull-requests/12', type: 'new-tab' });
    // jsdom has no matchMedia and the URL no ?theme=, so the page is light.
    expect(opened.at(-1)).toEqual(['/__preview/pull-requests?theme=light#pr-12', '_blank', 'noopener']);
  });

  it('applies the token theme when the page enables theming', async () => {
    expect(document.documentElement.hasAttribute('data-color-mode')).toBe(false);
    await callBridge('enableTheming');
    expect(document.documentElement.getAttribute('data-color-mode')).toMatch(/^(light|dark)$/);
    expect(document.documentElement.getAttribute('data-theme')).toContain('dark:dark light:light');
    expect(document.querySelector('link#forge-preview-theme')?.getAttribute('href')).toBe('/__preview/theme.css');
  });

  it('adds its banner outside the app root, with the pull requests link', () => {
    const banner = document.getElementById('forge-preview-banner')!;
    expect(banner.contains(document.getElementById('root'))).toBe(false);
    expect(banner.querySelector('a')?.getAttribute('href')).toBe('/__preview/pull-requests?theme=light');
    expect(banner.textContent).toContain('simulated Bitbucket, acme/web-app');
  });

  it("the banner's theme switch also switches the theme its pull requests link asks for", () => {
    const banner = document.getElementById('forge-preview-banner')!;
    const toggle = banner.querySelector('button')!;
    toggle.click();
    expect(banner.querySelector('a')?.getAttribute('href')).toBe('/__preview/pull-requests?theme=dark');
    expect(toggle.textContent).toBe('Use light theme');
    toggle.click();
    expect(banner.querySelector('a')?.getAttribute('href')).toBe('/__preview/pull-requests?theme=light');
  });

  it('accepts host calls the page does not need', async () => {
    await expect(callBridge('resize', { height: 100 })).resolves.toBeUndefined();
  });
});
