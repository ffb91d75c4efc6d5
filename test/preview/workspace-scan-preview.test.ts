// `npm start -- --scene workspace` runs the real workspace scan: the page's
// startScan pushes onto the emulated Forge queue, the real consumer (bundled
// from src/index.ts like the resolvers) reads the simulated workspace, and
// scanStatus / listInventory answer from what it stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../preview/preview-server';
import { WORKSPACE_INVOKE_PATH } from '../../preview/invoke-route';
import { sceneNamed } from '../../preview/scenes';
import type { ScanStatusData } from '../../src/api/workspace-contract';

async function invoke<T>(preview: Preview, functionKey: string, payload: unknown): Promise<T> {
  const response = await fetch(new URL(WORKSPACE_INVOKE_PATH, preview.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ functionKey, payload }),
  });
  const body = (await response.json()) as { result?: { ok: boolean; data?: T; error?: { message: string } }; error?: string };
  if (!body.result?.ok) throw new Error(`${functionKey}: ${body.error ?? body.result?.error?.message ?? response.status}`);
  return body.result.data as T;
}

describe('the workspace scan in the preview', () => {
  let preview: Preview;
  beforeAll(async () => {
    preview = await startPreview({ port: 0, seed: sceneNamed('workspace'), queueDelayScale: 0 });
  }, 120_000);
  afterAll(() => preview?.close());

  // The scan keeps to Bitbucket's rate limit here too (its token bucket counts
  // real time), so the test follows it until the consumer has run and read from
  // the simulated workspace, not to the end of all 301 repositories.
  it('runs on the emulated queue: startScan pushes, the real consumer reads Bitbucket and records progress', { timeout: 120_000 }, async () => {
    const started = await invoke<{ phase: string }>(preview, 'startScan', { kind: 'full' });
    expect(started.phase).toBe('queued');
    let status: ScanStatusData | null = null;
    for (let i = 0; i < 400; i++) {
      status = await invoke<ScanStatusData>(preview, 'scanStatus', {});
      if ((status.scan?.requests ?? 0) > 0 && preview.queue.deliveries.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status?.scan?.requests).toBeGreaterThan(0);
    expect(['listing', 'reading', 'waiting', 'done']).toContain(status?.scan?.phase);
    expect(preview.queue.deliveries.length).toBeGreaterThan(0);
    expect(preview.queue.deliveries.every((d) => d.ok)).toBe(true);
  });
});
