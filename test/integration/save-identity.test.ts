// saveIdentity against the simulator: create, update, a concurrent create (409),
// failed and lost writes, bad input, no permission.
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

  it('variable created but its answer lost: the same save looks it up and reports it saved, one variable', async () => {
    const repo = await demo();
    h.sim.faults.add({ method: 'POST', path: /\/pipelines_config\/variables$/, action: { kind: 'drop-after' } });
    const result = await saveIdentity(h.deps(), h.ids(repo), UIDP);
    expect(result).toEqual({ ok: true, data: { key: IDENTITY_VARIABLE, value: UIDP, created: true } });
    expect(h.sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(repo.variables).toEqual([expect.objectContaining({ key: IDENTITY_VARIABLE, value: UIDP, secured: false })]);
  });

  it('5xx on creating the variable: a clear error, nothing written; the next save completes', async () => {
    const repo = await demo();
    h.sim.faults.fail('POST', /\/pipelines_config\/variables$/, 503, 1);
    const failed = await saveIdentity(h.deps(), h.ids(repo), UIDP);
    expect(failed).toMatchObject({ ok: false, error: { code: 'bitbucket-unavailable', status: 503 } });
    if (!failed.ok) expect(failed.error.message).toMatch(/try again/i);
    expect(repo.variables).toHaveLength(0);
    const retried = await saveIdentity(h.deps(), h.ids(repo), UIDP);
    expect(retried).toEqual({ ok: true, data: { key: IDENTITY_VARIABLE, value: UIDP, created: true } });
    expect(repo.variables).toHaveLength(1);
  });

  it('5xx on updating the variable is retried (PUT is idempotent) and the update lands once', async () => {
    const repo = await demo();
    await saveIdentity(h.deps(), h.ids(repo), UIDP);
    h.sim.faults.fail('PUT', /\/pipelines_config\/variables\//, 503, 1);
    const result = await saveIdentity(h.deps(), h.ids(repo), OTHER_UIDP);
    expect(result).toEqual({ ok: true, data: { key: IDENTITY_VARIABLE, value: OTHER_UIDP, created: false } });
    expect(h.sim.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([503, 200]);
    expect(repo.variables).toEqual([expect.objectContaining({ value: OTHER_UIDP })]);
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
