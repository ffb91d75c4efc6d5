// Every real-world file of the corpus through the whole flow: either a pull
// request whose file keeps every original line in order (and, read back from
// the branch, still parses), or, for the three files the notes flag as broken or
// shared-only, a clear refusal with nothing written.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSteps } from '../../src/core/pipeline';
import { loadSetup } from '../../src/usecases/load-setup';
import { openPullRequest } from '../../src/usecases/open-pull-request';
import { PIPELINE_PATH, SETUP_BRANCH } from '../../src/usecases/types';
import { seedRepository } from '../../preview/simulator';
import { CHOICES, CORPUS_DIR, corpusFile, isSubsequence, startHarness, type Harness } from './harness';

/** Files the core cannot edit safely: 04 only defines shared pipelines, 14 and 17 are not valid YAML (notes/bitbucket.md §5). */
const UNEDITABLE = new Set(['04', '14', '17']);

const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.yml')).sort();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('the corpus through openPullRequest', () => {
  it('has the 20 files the notes describe', () => {
    expect(files).toHaveLength(20);
  });

  it.each(files)('%s', async (name) => {
    const original = corpusFile(name);
    const slug = name.slice(0, 2) + '-repo';
    const { repo } = seedRepository(h.state, { workspace: 'corpus', repository: slug, files: { [PIPELINE_PATH]: original } });
    const setup = await loadSetup({ read: h.client() }, h.ids(repo));
    expect(setup.ok && setup.data.pipelineFile).toBe(original);
    const listed = listSteps(original);
    // Ask for OIDC on the steps the core suggests (they mention cgr.dev), else the first one.
    const suggested = listed.ok ? listed.steps.filter((s) => s.suggested).map((s) => s.id) : [];
    const first = listed.ok && listed.steps[0] ? [listed.steps[0].id] : [];
    const selection = { steps: suggested.length > 0 ? suggested : first };
    let result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES, selection });
    if (!result.ok && result.error.fields?.[0]?.field === 'selection') {
      // The core refused a step the identity would not trust (e.g. not on main): without steps, only the custom pipeline is added.
      expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
      result = await openPullRequest(h.deps(), h.ids(repo), { choices: CHOICES, selection: { steps: [] } });
    }
    if (UNEDITABLE.has(name.slice(0, 2))) {
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-pipeline' } });
      if (!result.ok) expect(result.error.message).toMatch(/bitbucket-pipelines\.yml/);
      expect(repo.branches.has(SETUP_BRANCH)).toBe(false);
      expect(repo.pullRequests).toHaveLength(0);
    } else {
      expect(result, JSON.stringify(!result.ok && result.error)).toMatchObject({ ok: true, data: { outcome: 'created' } });
      const edited = h.state.fileAt(repo, SETUP_BRANCH, PIPELINE_PATH)!;
      // Lines compared without their terminator: the original last line may have had none and gains one.
      expect(isSubsequence(original.split(/\r?\n/), edited.split(/\r?\n/))).toBe(true);
      if (original.includes('\r\n')) expect(edited.replace(/\r\n/g, '')).not.toContain('\n');
      expect(listSteps(edited).ok).toBe(true);
      expect(repo.pullRequests).toHaveLength(1);
    }
    expect(h.state.fileAt(repo, 'main', PIPELINE_PATH)).toBe(original);
  });
});
