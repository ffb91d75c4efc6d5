// saveIdentity against the simulator: create, update, a concurrent create (409), bad input, no permission.
import { afterEach, describe, expect, it } from 'vitest';
import { saveIdentity } from '../../src/usecases/save-identity';
import { IDENTITY_VARIABLE } from '../../src/usecases/types';
import { demoSeed, type SimRepository } from '../../preview/simulator';
import { startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const UIDP = `${'a1'.repeat(20)}/${'b2'.repeat(8)}`;
const OTHER_UIDP = `${'c3'.repeat(20)}/${'d4'.repeat(8)}`;

async function demo(): Promise<SimRepository> {
  h = await startHarness(demoSeed);
  return h.state.repositories[0]!;
}

describe('saveIdentity', () => {
  it('creates CHAINGUARD_IDENTITY as a plain (not secured) variable, trimmed', async () => {
    const repo = await demo();
    const result = await saveIdentity(h.deps(), h.ids(repo), `  ${UIDP}\n`);
    expect(result).toEqual({ ok: true, data: { key: IDENTITY_VARIABLE, value: UIDP, created: true } });
    expect(repo.variables).toEqual([expect.objectContaining({ key: IDENTITY_VARIABLE, value: UIDP, secured: false })]);
  });

  it('updates the existing variable instead of creating a second one', async () => {
    const repo = await demo();
    await saveIdentity(h.deps(), h.ids(repo), UIDP);
    const result = await saveIdentity(h.deps(), h.ids(repo), OTHER_UIDP);
    expect(result).toEqual({ ok: true, data: { key: IDENTITY_VARIABLE, value: OTHER_UIDP, created: false } });
    expect(repo.variables).toHaveLength(1);
    expect(repo.variables[0]).toMatchObject({ value: OTHER_UIDP, secured: false });
  });

  it('turns a 409 (created by someone else meanwhile) into an update', async () => {
    const repo = await demo();
    h.sim.faults.before('POST', /\/pipelines_config\/variables$/, () => {
      repo.variables.push({ uuid: '{22222222-2222-4222-8222-222222222222}', key: IDENTITY_VARIABLE, value: 'theirs', secured: false });
    });
    const result = await saveIdentity(h.deps(), h.ids(repo), UIDP);
    expect(result).toEqual({ ok: true, data: { key: IDENTITY_VARIABLE, value: UIDP, created: false } });
    expect(h.sim.requests.some((r) => r.method === 'POST' && r.status === 409)).toBe(true);
    expect(repo.variables).toEqual([expect.objectContaining({ value: UIDP })]);
  });

  it('refuses an ID that is not a UIDP, naming the field, without calling Bitbucket', async () => {
    const repo = await demo();
    const result = await saveIdentity(h.deps(), h.ids(repo), 'not-an-id');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'identityId' }] } });
    expect(h.sim.requests).toHaveLength(0);
    expect(repo.variables).toHaveLength(0);
  });

  it('reports a missing admin permission clearly', async () => {
    const repo = await demo();
    h.state.addActor('writer', { displayName: 'Wanda Writer', nickname: 'wanda', permission: 'write' });
    const result = await saveIdentity(h.deps({ write: 'writer' }), h.ids(repo), UIDP);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    if (!result.ok) expect(result.error.message).toMatch(/pipeline/i);
  });
});
