// `npm start [-- --port N] [--repo workspace/repo] [--latency ms] [--memory]`,
// with PORT and BITBUCKET_TOKEN from the environment.
import { parseRepoArgument } from './repository-identity';
import { SCENES } from './scenes';

export const DEFAULT_PORT = 5173;
export const DEMO_REPO = 'acme/web-app';

export interface CliOptions {
  port: number;
  latencyMs: number;
  /** Share of simulated requests and queue deliveries that fail, in percent (0 = none). */
  faultPercent: number;
  /** Keep storage in memory only (nothing written to .preview-data/). */
  memory: boolean;
  /** Starting point of the simulated repository (a key of SCENES). */
  scene: string;
  /** Set when the preview talks to the real api.bitbucket.org. */
  real: { token: string; repo: string } | null;
  help: boolean;
}

export const USAGE = `Usage: npm start [-- options]

Serves the production build of the settings page on http://127.0.0.1:<port>,
with the real resolver running against a simulated Bitbucket (demo repository ${DEMO_REPO}).

Options:
  --port <n>        port to listen on (default: $PORT or ${DEFAULT_PORT}; 0 picks a free one)
  --latency <ms>    delay every simulated Bitbucket answer by <ms> milliseconds
                    (and every delivery of the emulated Forge queue)
  --faults <pct>    answer <pct>% of simulated Bitbucket requests with 503 or a cut connection, and end
                    <pct>% of queue deliveries before the consumer runs (redelivered, as Forge does)
  --memory          keep saved choices in memory instead of .preview-data/
  --scene <name>    the simulated repository to start from (default: demo):
${Object.entries(SCENES).map(([name, scene]) => `                      ${name}: ${scene.describe}`).join('\n')}
  --repo <ws>/<r>   with BITBUCKET_TOKEN set: use that real repository on api.bitbucket.org
  --help            show this text`;

function integer(value: string | undefined, flag: string, max: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) > max) {
    throw new Error(`${flag} needs a whole number from 0 to ${max}; got ${JSON.stringify(value ?? '')}.`);
  }
  return Number(value);
}

export function parseCliOptions(argv: string[], env: Record<string, string | undefined>): CliOptions {
  let port = env.PORT !== undefined && env.PORT !== '' ? integer(env.PORT, 'PORT', 65535) : DEFAULT_PORT;
  let latencyMs = 0;
  let faultPercent = 0;
  let memory = false;
  let scene: string | undefined;
  let repo: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--port') port = integer(value(), '--port', 65535);
    else if (flag === '--latency') latencyMs = integer(value(), '--latency', 60_000);
    else if (flag === '--faults') faultPercent = integer(value(), '--faults', 50);
    else if (flag === '--memory') memory = true;
    else if (flag === '--repo') repo = value();
    else if (flag === '--scene') scene = value();
    else if (flag === '--help' || flag === '-h') help = true;
    else throw new Error(`Unknown option ${JSON.stringify(arg)}.\n\n${USAGE}`);
  }
  if (scene !== undefined && !(scene in SCENES)) {
    throw new Error(`--scene must be one of: ${Object.keys(SCENES).join(', ')}; got ${JSON.stringify(scene)}.`);
  }
  const token = env.BITBUCKET_TOKEN ?? '';
  if (repo !== undefined) {
    parseRepoArgument(repo);
    if (!token) throw new Error('--repo talks to the real Bitbucket and needs BITBUCKET_TOKEN (a repository access token) in the environment.');
    if (scene !== undefined) throw new Error('--scene sets up the simulated repository; it cannot be combined with --repo.');
    if (faultPercent > 0) throw new Error('--faults acts on the simulated Bitbucket; it cannot be combined with --repo.');
    return { port, latencyMs, faultPercent, memory, scene: 'demo', real: { token, repo }, help };
  }
  return { port, latencyMs, faultPercent, memory, scene: scene ?? 'demo', real: null, help };
}
