// What the preview server adds around the production build: the host script
// (bridge-host.ts, bundled once) and the design-token theme stylesheet.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const HOST_SOURCE = fileURLToPath(new URL('./bridge-host.ts', import.meta.url));

/** Path the server answers with the host script; the HTML gets a tag for it. */
export const HOST_SCRIPT_PATH = '/__preview/host.js';
/** The workspace page's host script: its own context and resolver function. */
export const WORKSPACE_HOST_SCRIPT_PATH = '/__preview/workspace-host.js';
export const THEME_CSS_PATH = '/__preview/theme.css';

let bundled: Promise<string> | undefined;

function bundleHostScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [HOST_SOURCE],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    logLevel: 'silent',
  }).then((result) => {
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no output for the preview host script');
    return output.text;
  });
  return bundled;
}

/** JSON that is safe anywhere in a script (no "</script>", no U+2028 line breaks). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export async function hostScript(config: {
  context: unknown;
  pullRequestsUrl: string;
  backendLabel: string;
  simulatedPullRequestPrefix: string | null;
  /** Where `invoke` goes; default the repository page's resolver. */
  invokePath?: string;
  /** Links in the banner to the preview's other pages. */
  pageLinks?: { label: string; href: string }[];
}): Promise<string> {
  const full = { ...config, themeCssUrl: THEME_CSS_PATH };
  return `window.__FORGE_PREVIEW_CONFIG__ = ${scriptSafeJson(full)};\n${await bundleHostScript()}`;
}

/**
 * Adds the host script as the first thing in <head>, so `window.__bridge`
 * exists before the app's module scripts import @forge/bridge.
 */
export function injectHostScript(html: string, scriptPath: string = HOST_SCRIPT_PATH): string {
  const tag = `<script src="${scriptPath}"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0) return html.slice(0, firstScript) + tag + html.slice(firstScript);
  throw new Error('The built index.html has neither <head> nor <script>; rebuild the UI with `npm run build`.');
}

const THEMES = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];

let themeCss: string | undefined;

/** The Atlassian token themes a Forge host loads when a page calls view.theme.enable(). */
export function themeStylesheet(): string {
  themeCss ??= THEMES.map((name) => {
    const mod = require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${name}.js`) as { default: string };
    return mod.default;
  }).join('\n');
  return themeCss;
}
