// `npm start`: build the settings page if needed, then serve the local preview
// until Ctrl-C (SIGINT) or SIGTERM. package.json runs it with `exec`, so the
// signal a process manager sends to npm reaches this process, not a shell that
// would die and leave it running.
import { join } from 'node:path';
import { parseCliOptions, USAGE } from './cli-options';
import { REPO_ROOT, startPreview, PULL_REQUESTS_PATH } from './preview-server';
import { sceneNamed } from './scenes';
import { ensureUiBuilt } from './ui-build';

/** Set by SIGINT/SIGTERM: stops a build in progress, and the preview once it runs. */
const stopping = new AbortController();

async function main(): Promise<void> {
  // Listen from the start: a signal during the UI build must stop the build too.
  let close: (() => Promise<void>) | null = null;
  const stop = (signal: string) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    console.log(`\n${signal}: stopping the preview.`);
    (close ?? (() => Promise.resolve()))().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  await ensureUiBuilt(REPO_ROOT, console.log, stopping.signal);
  if (stopping.signal.aborted) return;
  const preview = await startPreview({
    port: options.port,
    latencyMs: options.latencyMs,
    faultShare: options.faultPercent / 100,
    seed: sceneNamed(options.scene),
    real: options.real ?? undefined,
    // Per backend, so demo choices never show up against a real repository.
    storageFile: options.memory
      ? undefined
      : join(REPO_ROOT, '.preview-data', options.real ? `kvs-${options.real.repo.replace('/', '__')}.json` : `kvs-simulator-${options.scene}.json`),
  });
  close = () => preview.close();
  if (stopping.signal.aborted) {
    await preview.close();
    process.exit(0);
  }

  console.log(`Settings page:      ${preview.url}`);
  console.log(`Workspace page:     ${preview.workspaceUrl}`);
  console.log(`Dark theme:         ${preview.url}?theme=dark`);
  if (preview.simulator) {
    console.log(`Simulated repo API: ${preview.apiUrl} (scene: ${options.scene})`);
    console.log(`Pull requests:      ${new URL(PULL_REQUESTS_PATH, preview.url).href}`);
  } else {
    console.log(`Real repository:    ${preview.apiUrl} (changes are made on bitbucket.org)`);
  }
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  if (stopping.signal.aborted) return; // the build was stopped on purpose
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    console.error(`${(error as Error).message}: the port is taken. Stop what uses it, or pick another with --port <n> or PORT=<n> (0 picks a free one).`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
