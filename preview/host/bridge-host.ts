// Runs in the browser, before the app's bundle: plays the part of the Forge
// host for @forge/bridge. The bridge calls `window.__bridge.callBridge(name,
// args)`; here `invoke` goes to the preview server (which runs the real
// resolver handler), `getContext` answers the context a repository settings
// page gets, `enableTheming` applies Atlassian design-token themes, and
// `navigate` opens links. Bundled by esbuild when the preview starts.

interface HostConfig {
  context: unknown;
  /** URL of the stylesheet with the light, dark and spacing/typography token themes. */
  themeCssUrl: string;
  pullRequestsUrl: string;
  /** "simulator" or the real workspace/repo the preview talks to. */
  backendLabel: string;
  /**
   * With the simulator: the bitbucket.org address its pull requests claim
   * (".../pull-requests/"); links there open the preview's own pull-request page instead.
   */
  simulatedPullRequestPrefix: string | null;
  /** Where `invoke` goes: each page has its own resolver function, as on Forge. */
  invokePath?: string;
  /** The preview's other pages (the repository page, the workspace page), linked from the banner. */
  pageLinks?: { label: string; href: string }[];
}

interface Navigation {
  url: string;
  type: string;
  /** Where the preview actually went (differs for simulated pull-request links). */
  openedUrl: string;
}

interface PreviewHostState {
  navigations: Navigation[];
  flags: unknown[];
  themingEnabled: boolean;
  colorMode: 'light' | 'dark';
}

declare global {
  interface Window {
    __FORGE_PREVIEW_CONFIG__: HostConfig;
    __forgePreview: PreviewHostState;
    __bridge: { callBridge: (name: string, args?: unknown) => Promise<unknown> };
  }
}

export {}; // a module, so `declare global` applies

const config = window.__FORGE_PREVIEW_CONFIG__;

function colorModeFromUrl(): 'light' | 'dark' {
  const requested = new URLSearchParams(window.location.search).get('theme');
  if (requested === 'dark' || requested === 'light') return requested;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const state: PreviewHostState = { navigations: [], flags: [], themingEnabled: false, colorMode: colorModeFromUrl() };
window.__forgePreview = state;

function applyTheme(): void {
  const root = document.documentElement;
  root.setAttribute('data-color-mode', state.colorMode);
  // The same attribute value Atlassian hosts set; the token CSS keys off it.
  root.setAttribute('data-theme', 'dark:dark light:light shape:shape spacing:spacing typography:typography');
  root.style.colorScheme = state.colorMode;
  if (!document.getElementById('forge-preview-theme')) {
    const link = document.createElement('link');
    link.id = 'forge-preview-theme';
    link.rel = 'stylesheet';
    link.href = config.themeCssUrl;
    document.head.appendChild(link);
  }
}

async function invokeResolver(args: unknown): Promise<unknown> {
  const { functionKey, payload } = (args ?? {}) as { functionKey?: string; payload?: unknown };
  const response = await fetch(config.invokePath ?? '/__preview/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionKey, payload }),
  });
  const body = (await response.json()) as { result?: unknown; error?: string };
  // Forge rejects the invoke promise when the function throws; so do we.
  if (!response.ok) throw new Error(body.error ?? `invoke ${String(functionKey)} failed with HTTP ${response.status}`);
  return body.result;
}

/** A simulated pull request's bitbucket.org link, mapped to the preview's pull-request page. */
function localAddress(url: string): string {
  const prefix = config.simulatedPullRequestPrefix;
  const id = prefix && url.startsWith(prefix) ? /^(\d+)/.exec(url.slice(prefix.length))?.[1] : undefined;
  return id ? `${pullRequestsAddress()}#pr-${id}` : url;
}

/** The preview's pull-request page in the theme the settings page shows. */
function pullRequestsAddress(): string {
  return `${config.pullRequestsUrl}?theme=${state.colorMode}`;
}

function navigate(args: unknown): void {
  const { url, type } = (args ?? {}) as { url?: string; type?: string };
  if (typeof url !== 'string') throw new Error('navigate needs a url');
  const openedUrl = localAddress(url);
  state.navigations.push({ url, type: type ?? 'same-tab', openedUrl });
  if (type === 'new-tab') window.open(openedUrl, '_blank', 'noopener');
  else window.location.assign(openedUrl);
}

function showFlag(args: unknown): void {
  state.flags.push(args);
  const { title, description } = (args ?? {}) as { title?: string; description?: string };
  const region = document.getElementById('forge-preview-flags');
  if (region) region.textContent = [title, description].filter(Boolean).join(': ');
}

async function callBridge(name: string, args?: unknown): Promise<unknown> {
  switch (name) {
    case 'invoke':
      return invokeResolver(args);
    case 'getContext':
      return structuredClone(config.context);
    case 'enableTheming':
      state.themingEnabled = true;
      applyTheme();
      return undefined;
    case 'navigate':
      return navigate(args);
    case 'getUrl':
      return new URL(String((args as { url?: string })?.url ?? '/'), window.location.href).href;
    case 'reload':
      return window.location.reload();
    case 'showFlag':
      return showFlag(args);
    default:
      // Host features the page does not need here (resize, metrics, ...): accept quietly.
      return undefined;
  }
}

window.__bridge = { callBridge };

function setColorMode(mode: 'light' | 'dark'): void {
  state.colorMode = mode;
  const url = new URL(window.location.href);
  url.searchParams.set('theme', mode);
  window.history.replaceState(null, '', url);
  // Only a page that enabled theming follows the host theme, as on Forge.
  if (state.themingEnabled) applyTheme();
}

// The banner sits outside the app's root so it never changes what the app renders.
function addBanner(): void {
  const banner = document.createElement('aside');
  banner.id = 'forge-preview-banner';
  banner.setAttribute('aria-label', 'Local preview');
  banner.style.cssText =
    'font:13px/1.5 system-ui,sans-serif;background:#1d2125;color:#fff;padding:6px 12px;display:flex;gap:16px;align-items:center;flex-wrap:wrap';
  const label = document.createElement('span');
  label.textContent = `Local preview (${config.backendLabel})`;
  const link = document.createElement('a');
  link.href = pullRequestsAddress();
  link.textContent = 'Pull requests';
  link.style.color = '#9dd9ff';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  const describe = () => (toggle.textContent = state.colorMode === 'dark' ? 'Use light theme' : 'Use dark theme');
  describe();
  toggle.addEventListener('click', () => {
    setColorMode(state.colorMode === 'dark' ? 'light' : 'dark');
    describe();
    link.href = pullRequestsAddress();
  });
  const pages = (config.pageLinks ?? []).map(({ label: text, href }) => {
    const page = document.createElement('a');
    page.href = href;
    page.textContent = text;
    page.style.color = '#9dd9ff';
    return page;
  });
  const flags = document.createElement('span');
  flags.id = 'forge-preview-flags';
  flags.setAttribute('role', 'status');
  banner.append(label, ...pages, link, toggle, flags);
  document.body.prepend(banner);
}

if (document.body) addBanner();
else document.addEventListener('DOMContentLoaded', addBanner);
