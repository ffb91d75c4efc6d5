// The client's BBQL escaping and the simulator's parser agree on every string,
// and a pull request from a branch with an awkward name is found end to end.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bbqlString, createBitbucketClient, createFetchTransport } from '../../src/bitbucket';
import { demoSeed, parseBbql, startSimulator, type Simulator } from '../../preview/simulator';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: demoSeed });
});
afterAll(async () => {
  await sim.close();
});

describe('BBQL between client and simulator', () => {
  it('parses back exactly the value the client quoted', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
        const parsed = parseBbql(`source.branch.name = ${bbqlString(value)} AND state = "OPEN"`);
        expect(parsed).toEqual({
          ok: true,
          terms: [
            { field: 'source.branch.name', op: '=', value },
            { field: 'state', op: '=', value: 'OPEN' },
          ],
        });
      }),
      { numRuns: 300 },
    );
  });

  it('finds the open pull request of a branch named with quotes, backslashes and AND', async () => {
    const repo = sim.state.repositories[0]!;
    const awkward = 'fix/"quoted" \\ AND state = "MERGED"';
    sim.state.commitOrThrow(repo, { branch: awkward, files: { 'a.txt': 'a' } });
    sim.state.commitOrThrow(repo, { branch: 'fix/plain', files: { 'b.txt': 'b' } });
    const mine = sim.state.createPullRequest(repo, { title: 'awkward', sourceBranch: awkward });
    sim.state.createPullRequest(repo, { title: 'plain', sourceBranch: 'fix/plain' });
    const client = createBitbucketClient({ transport: createFetchTransport({ baseUrl: sim.url }) });
    const found = await client.findOpenPullRequests({ workspaceUuid: repo.workspace.uuid, repositoryUuid: repo.uuid }, awkward);
    expect(found.map((p) => p.id)).toEqual([mine.id]);
  });
});
