import { afterEach, describe, expect, it, vi } from 'vitest';
import { planPipeline, trustReport } from '@app/core/pipeline';
import type { WorkerReply } from '../../static/settings/src/lib/plan-worker';
import { HIGHLIGHT_MAX_CHARS } from '../../static/settings/src/lib/off-thread-tasks';
import { highlight } from '../../static/settings/src/lib/highlight';
import { summariseDiff } from '../../static/settings/src/lib/line-diff';
import { facts } from './fixtures';

/** Loads the worker entry with a stand-in `self`, sends one message and returns the reply. */
async function ask(task: unknown): Promise<WorkerReply> {
  const replies: WorkerReply[] = [];
  const scope: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(reply: WorkerReply): void } = {
    onmessage: null,
    postMessage: (reply) => replies.push(reply),
  };
  vi.stubGlobal('self', scope);
  vi.resetModules();
  await import('../../static/settings/src/lib/plan-worker');
  scope.onmessage?.({ data: { id: 7, task } });
  await vi.waitFor(() => expect(replies).toHaveLength(1));
  return replies[0]!;
}

afterEach(() => vi.unstubAllGlobals());

describe('plan worker', () => {
  const request = {
    existing: 'pipelines:\n  default:\n    - step:\n        script:\n          - make\n',
    facts,
    choices: { organization: 'example.com' },
    selection: { steps: [] },
  };

  it('answers a plan with what the core gives on the main thread', async () => {
    const reply = await ask({ kind: 'plan', request });
    const plan = planPipeline(request.existing, request.facts, request.choices, request.selection);
    if (!plan.ok) throw new Error('the fixture must plan');
    const diff = summariseDiff(request.existing, plan.content);
    expect(diff.added).toBeGreaterThan(0);
    expect(reply).toEqual({ id: 7, ok: true, result: { plan, findings: trustReport(plan.content, request.facts, request.choices), diff } });
  });

  it('answers highlighting, and leaves text past the bound plain', async () => {
    expect(await ask({ kind: 'highlight', text: 'a: 1', language: 'yaml' })).toEqual({ id: 7, ok: true, result: highlight('a: 1', 'yaml') });
    const long = `key: ${'x'.repeat(HIGHLIGHT_MAX_CHARS)}\nnext: 1`;
    expect(await ask({ kind: 'highlight', text: long, language: 'yaml' })).toEqual({
      id: 7,
      ok: true,
      result: [[{ kind: 'plain', text: `key: ${'x'.repeat(HIGHLIGHT_MAX_CHARS)}` }], [{ kind: 'plain', text: 'next: 1' }]],
    });
  });

  it('answers a failure as a message, not a crash', async () => {
    const reply = await ask({ kind: 'plan', request: { ...request, facts: null, choices: null } });
    expect(reply.ok).toBe(false);
    expect(reply).toMatchObject({ id: 7, message: expect.any(String) });
  });
});
