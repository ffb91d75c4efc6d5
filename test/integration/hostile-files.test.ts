// Hostile files on the main branch, through the resolver's loadPage and the
// openPullRequest use case, against the simulator over a real socket: each is
// refused with its own code, the page's answer stays small, and nothing is
// written to the repository.
import { afterEach, describe, expect, it } from 'vitest';
import { createResolvers } from '../../src/resolvers/create-resolvers';
import { createRepositoryStore, type KeyValueStore } from '../../src/storage/repository-store';
import { loadSetup, openPullRequest, saveIdentity } from '../../src/usecases';
import { SETUP_BRANCH } from '../../src/usecases/types';
import { lastCheck, readCheck, startCheck } from '../../src/usecases/run-check';
import { seedRepository } from '../../preview/simulator';
import { HOSTILE_CASES, bigFile } from '../../preview/bench/hostile-files';
import { CHOICES, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function withFile(text: string) {
  h = await startHarness();
  const { repo } = seedRepository(h.state, { workspace: 'acme', repository: 'svc', files: { 'bitbucket-pipelines.yml': text } });
  return repo;
}

function loadPageHandler() {
  const memory = new Map<string, unknown>();
  const kvs: KeyValueStore = { get: async (key) => memory.get(key), set: async (key, value) => void memory.set(key, value) };
  return createResolvers({
    clients: () => h.deps(),
    useCases: { loadSetup, openPullRequest, saveIdentity },
    checks: { startCheck, readCheck, lastCheck },
    store: createRepositoryStore(kvs),
    clock: { now: () => new Date('2026-12-02T00:00:00Z') },
  }).loadPage;
}

function context(ids: { workspaceUuid: string; repositoryUuid: string }) {
  return { workspaceId: ids.workspaceUuid, extension: { type: 'bitbucket:repoSettingsMenuPage', repository: { uuid: ids.repositoryUuid } } };
}

const refused = HOSTILE_CASES.filter((c) => c.code !== null);

describe('hostile files against the simulator', () => {
  it.each(refused.map((c) => [c.name, c] as const))('%s: openPullRequest refuses with its own code and writes nothing', async (_name, hostile) => {
    const repo = await withFile(hostile.text());
    const result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES, selection: { steps: [] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Time spent here is never reported as Bitbucket's slowness.
    expect(result.error.code).toBe('invalid-pipeline');
    expect(result.error.pipelineCode).toBe(hostile.code);
    expect(result.error.message).toMatch(hostile.says as RegExp);
    expect(result.error.message).not.toMatch(/too slowly|call stack/);
    expect(h.meter.spans.filter((s) => s.method !== 'GET')).toEqual([]);
    expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
  });

  it.each(refused.map((c) => [c.name, c] as const))('%s: loadPage still answers, with no steps and the refusal for the page', async (_name, hostile) => {
    const repo = await withFile(hostile.text());
    const result = await loadPageHandler()({ context: context(h.ids(repo)), payload: {} });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.setup.steps).toEqual([]);
    expect(result.data.setup.oidcSteps).toEqual([]);
    // The page shows the refusal as a blocking notice instead of planning.
    expect(result.data.setup.pipelineFileProblemCode).toBe(hostile.code);
    expect(result.data.setup.pipelineFileProblem).toMatch(hostile.says as RegExp);
    expect(result.data.setup.oidc.issuer).toMatch(/acme/);
  });

  it('does not send a 5 MB file to the page: loadPage answers with the refusal, in a few KB', async () => {
    const text = bigFile();
    const repo = await withFile(text);
    const result = await loadPageHandler()({ context: context(h.ids(repo)), payload: {} });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.setup.pipelineFile).toBeNull();
    expect(result.data.setup.pipelineFileProblemCode).toBe('file-too-large');
    expect(result.data.setup.pipelineFileProblem).toMatch(/^bitbucket-pipelines.yml is over 512 KiB; this app reads files up to 512 KiB/);
    expect(JSON.stringify(result).length).toBeLessThan(8_000);
  });
});
