// The workspace variable CHAINGUARD_IDENTITY against the simulator: found on
// any page of the workspace's variables (a workspace may have hundreds), by the
// scan and by saveWorkspaceIdentity, which creates, updates or leaves it and
// names the repositories whose own variable overrides it.
import { afterEach, describe, expect, it } from 'vitest';
import { bracedUuid, startSimulator, type Simulator } from '../../preview/simulator';
import { isSetUp, seedWorkspaceScene, shapeOf, workspaceVariables, type WorkspaceScene } from '../../preview/simulator/workspace-seed';
import { createFetchTransport } from '../../src/bitbucket';
import { ADMIN_ACCOUNT_ID, scanRig, startAndDrain, workspaceResolvers } from './scan-harness';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function workspaceWithVariables(count: number): Promise<WorkspaceScene> {
  let seeded: WorkspaceScene | undefined;
  sim = await startSimulator({ seed: (state) => void (seeded = seedWorkspaceScene(state, 40)) });
  const variables = workspaceVariables(seeded!.workspace);
  for (let i = 0; i < count; i += 1) variables.push({ uuid: bracedUuid(`ws-var-${i}`), key: `OTHER_${i}`, value: String(i), secured: false });
  return seeded!;
}

describe('the workspace variable CHAINGUARD_IDENTITY', { timeout: 120_000 }, () => {
  it('is found by the scan on the second page of 150 workspace variables', async () => {
    const seeded = await workspaceWithVariables(150);
    workspaceVariables(seeded.workspace).push({ uuid: bracedUuid('ws-var-identity'), key: 'CHAINGUARD_IDENTITY', value: 'org/abc', secured: false });
    const rig = scanRig(sim!);
    await startAndDrain(rig, seeded.workspace.uuid, 'full');
    const rows = new Map((await rig.store.allRows()).map((s) => [s.row.slug, s.row]));
    const oidcWithout = seeded.repositories.findIndex((_, i) => shapeOf(i) === 'already-oidc' && !isSetUp(i));
    expect(rows.get(seeded.repositories[oidcWithout]!.slug)?.identity).toEqual({ state: 'workspace' });
    const set = seeded.repositories.findIndex((_, i) => isSetUp(i));
    expect(rows.get(seeded.repositories[set]!.slug)?.identity).toEqual({ state: 'repository' }); // its own overrides
  });

  it('a repository with a full page of its own variables (100, none of them ours) says unknown, not none', async () => {
    const seeded = await workspaceWithVariables(0);
    const index = seeded.repositories.findIndex((_, i) => shapeOf(i) === 'already-oidc' && !isSetUp(i));
    const crowded = seeded.repositories[index]!;
    for (let i = 0; i < 100; i += 1) crowded.variables.push({ uuid: bracedUuid(`repo-var-${i}`), key: `OTHER_${i}`, value: String(i), secured: false });
    const rig = scanRig(sim!);
    await startAndDrain(rig, seeded.workspace.uuid, 'full');
    const rows = new Map((await rig.store.allRows()).map((s) => [s.row.slug, s.row]));
    expect(rows.get(crowded.slug)?.identity).toEqual({ state: 'unknown' });
  });

  it('is created, left unchanged, then updated in place on page 2 (never a second one), naming the repositories that override it', async () => {
    const seeded = await workspaceWithVariables(150);
    const rig = scanRig(sim!);
    await startAndDrain(rig, seeded.workspace.uuid, 'full');
    const resolvers = workspaceResolvers(rig, createFetchTransport({ baseUrl: sim!.url }));
    const context = { workspaceId: seeded.workspace.uuid, accountId: ADMIN_ACCOUNT_ID };
    const save = async (identityId: string) => {
      const result = await resolvers.saveWorkspaceIdentity({ context, payload: { identityId } });
      if (!result.ok) throw new Error(result.error.message);
      return result.data;
    };
    const created = await save('org/first');
    expect(created.outcome).toBe('created');
    const overriding = seeded.repositories.filter((_, i) => isSetUp(i)).map((r) => r.slug).sort();
    expect([...created.overriddenIn].sort()).toEqual(overriding);
    expect((await save('org/first')).outcome).toBe('unchanged');
    expect((await save('org/second')).outcome).toBe('updated');
    const identities = workspaceVariables(seeded.workspace).filter((v) => v.key === 'CHAINGUARD_IDENTITY');
    expect(identities.map((v) => v.value)).toEqual(['org/second']);
    expect(workspaceVariables(seeded.workspace).length).toBe(151); // the 150 others untouched
  });
});
