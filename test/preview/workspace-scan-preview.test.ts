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

  // The scene's simulator announces Forge's scaled limit (10,000 an hour) in
  // X-RateLimit-Limit, as Bitbucket does for Forge apps; the scan's bucket
  // adopts it, so the whole workspace is read without a pause.
  it('runs on the emulated queue: startScan pushes, the real consumer reads every repository and records progress', { timeout: 120_000 }, async () => {
    const started = await invoke<{ phase: string }>(preview, 'startScan', { kind: 'full' });
    expect(started.phase).toBe('queued');
    let status: ScanStatusData | null = null;
    let sawTotalMidway = false;
    for (let i = 0; i < 400; i++) {
      status = await invoke<ScanStatusData>(preview, 'scanStatus', {});
      if (status.scan?.phase === 'done' || status.scan?.phase === 'failed') break;
      if (status.scan?.counts.total === 301 && status.scan.counts.done < 301) sawTotalMidway = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status?.scan?.phase).toBe('done');
    expect(status?.scan?.counts).toMatchObject({ total: 301, done: 301, failed: 0 });
    expect(status?.scan?.requests).toBeLessThanOrEqual(301 * 2.5);
    expect(sawTotalMidway).toBe(true);
    expect(preview.queue.deliveries.length).toBeGreaterThan(0);
    expect(preview.queue.deliveries.every((d) => d.ok)).toBe(true);
    const inventory = await invoke<{ total: number }>(preview, 'listInventory', {});
    expect(inventory.total).toBe(301);
  });
});

describe('the workspace scan in the preview with --faults 5', () => {
  let preview: Preview;
  beforeAll(async () => {
    preview = await startPreview({ port: 0, seed: sceneNamed('workspace'), queueDelayScale: 0, faultShare: 0.05 });
  }, 120_000);
  afterAll(() => preview?.close());

  // 5% of Bitbucket's answers are 503 or cut off and 5% of queue deliveries die
  // before the consumer runs: the scan still reads every repository, retried and redelivered.
  it('still finishes with every repository, each stored once', { timeout: 120_000 }, async () => {
    await invoke(preview, 'startScan', { kind: 'full' });
    let status: ScanStatusData | null = null;
    for (let i = 0; i < 600; i++) {
      status = await invoke<ScanStatusData>(preview, 'scanStatus', {});
      if (status.scan?.phase === 'done' || status.scan?.phase === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status?.scan?.phase).toBe('done');
    expect(status?.scan?.counts.total).toBe(301);
    expect(status?.scan?.counts.done).toBe(301);
    const faults = preview.simulator!.requests.filter((r) => r.status === 503 || r.status === 0).length;
    expect(faults).toBeGreaterThan(0);
    const inventory = await invoke<{ total: number; rows: { repositoryUuid: string; error?: string; status: string }[] }>(preview, 'listInventory', {});
    expect(inventory.total).toBe(301);
    expect(new Set(inventory.rows.map((r) => r.repositoryUuid)).size).toBe(301);
    // A repository whose reads failed after the client's retries says why.
    for (const row of inventory.rows.filter((r) => r.status === 'unreadable')) expect(row.error).toBeTruthy();
  });
});
