// The check run's calls: the POST body, the list filter, and the log read that
// asks only for a tail, never follows the 307 and never holds more than 1 MB.
import { describe, expect, it } from 'vitest';
import { createBitbucketClient } from '../../src/bitbucket/client';
import { createFetchTransport } from '../../src/bitbucket/fetch-transport';
import { STEP_LOG_MAX_BYTES } from '../../src/bitbucket/pipeline-calls';
import { REPO, fakeClock, recordingTransport, type ScriptedAnswer } from './fakes';

function clientAnswering(answer: ScriptedAnswer) {
  const { transport, requests } = recordingTransport(() => answer);
  return { client: createBitbucketClient({ transport, clock: fakeClock(), random: () => 0 }), requests };
}

describe('pipeline calls', () => {
  it('starts the custom pipeline on the branch with a pipeline_ref_target and never repeats the POST', async () => {
    const { client, requests } = clientAnswering({ status: 500, body: { type: 'error', error: { message: 'boom' } } });
    await expect(client.startPipeline(REPO, { branch: 'main', customPipeline: 'chainguard-oidc' })).rejects.toThrow();
    expect(requests).toHaveLength(1);
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      type: 'pipeline',
      target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main', selector: { type: 'custom', pattern: 'chainguard-oidc' } },
    });
  });

  it('lists runs of the custom pipeline newest first and reads their phase', async () => {
    const { client, requests } = clientAnswering({
      status: 200,
      body: {
        values: [
          { uuid: '{a}', state: { name: 'COMPLETED', result: { name: 'SUCCESSFUL' } }, target: { ref_name: 'main', selector: { pattern: 'chainguard-oidc' } } },
          { uuid: '{b}', state: { name: 'COMPLETED', result: { name: 'FAILED' } }, target: { selector: { pattern: 'other' } } },
        ],
      },
    });
    const runs = await client.recentPipelines(REPO, 'chainguard-oidc', 5);
    expect(runs.map((r) => [r.uuid, r.phase])).toEqual([['{a}', 'passed']]);
    expect(requests[0]?.query).toEqual(
      expect.arrayContaining([
        ['target.selector.pattern', 'chainguard-oidc'],
        ['sort', '-created_on'],
      ]),
    );
  });

  it('asks for the log tail with a Range request and does not follow a redirect', async () => {
    const { client, requests } = clientAnswering({ status: 307, headers: { Location: 'https://storage.example/log' } });
    expect(await client.readStepLogTail(REPO, '{p}', '{s}')).toEqual({ kind: 'moved', location: 'https://storage.example/log' });
    expect(requests[0]?.headers.Range).toBe(`bytes=-${STEP_LOG_MAX_BYTES}`);
    expect(requests[0]?.redirect).toBe('manual');
    expect(requests[0]?.maxBodyBytes).toBe(STEP_LOG_MAX_BYTES);
  });

  it('starts a cut tail at the next whole line, and keeps a whole short log', async () => {
    const cut = clientAnswering({ status: 206, headers: { 'Content-Range': 'bytes 100-120/121' }, body: 'rtial line\nlast line\n' });
    expect(await cut.client.readStepLogTail(REPO, '{p}', '{s}')).toEqual({ kind: 'text', text: 'last line\n', truncated: true });
    const whole = clientAnswering({ status: 206, headers: { 'Content-Range': 'bytes 0-9/10' }, body: 'one\ntwo\n' });
    expect(await whole.client.readStepLogTail(REPO, '{p}', '{s}')).toEqual({ kind: 'text', text: 'one\ntwo\n', truncated: false });
    const empty = clientAnswering({ status: 416 });
    expect(await empty.client.readStepLogTail(REPO, '{p}', '{s}')).toEqual({ kind: 'none' });
  });

  it('holds at most the last megabyte when a server ignores the Range header', async () => {
    const big = `${'x'.repeat(STEP_LOG_MAX_BYTES)}\n${'y'.repeat(2 * STEP_LOG_MAX_BYTES)}\nthe end\n`;
    const fetchImpl = (async () => new Response(big, { status: 200 })) as typeof fetch;
    const client = createBitbucketClient({ transport: createFetchTransport({ baseUrl: 'http://bb.invalid', fetch: fetchImpl }), clock: fakeClock() });
    const log = await client.readStepLogTail(REPO, '{p}', '{s}');
    if (log.kind !== 'text') throw new Error(log.kind);
    expect(log.truncated).toBe(true);
    expect(log.text.length).toBeLessThanOrEqual(STEP_LOG_MAX_BYTES);
    expect(log.text.endsWith('the end\n')).toBe(true);
  });
});
