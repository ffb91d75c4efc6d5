// @vitest-environment jsdom
import './dom-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, expect, it, vi } from 'vitest';
import { generateTerraform } from '../../src/core/terraform';
import { App } from '../../static/settings/src/App';
import { ZIP_FILE_NAME } from '../../static/settings/src/components/TerraformSection';
import { answer, resetBridge } from './fake-bridge';
import { facts, loadPageData } from './fixtures';

vi.mock('@forge/bridge', async () => await import('./fake-bridge'));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

it('Download .zip saves an archive holding exactly the generated files', async () => {
  resetBridge();
  answer('loadPage', () => ({ ok: true, data: loadPageData({ saved: { organization: 'acme.dev' } }) }));
  answer('saveChoices', (payload) => ({ ok: true, data: { ...payload, savedAt: '2026-11-25T23:00:00.000Z' } }));
  // jsdom has no object URLs and does not download: capture the blob and the link instead.
  const blobs: Blob[] = [];
  const clicked: { download: string; href: string }[] = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    blobs.push(blob);
    return `blob:test/${blobs.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ download: this.download, href: this.href });
  });

  render(<App saveDelayMs={5} />);
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Download .zip' }));
  await screen.findByText(`Downloaded ${ZIP_FILE_NAME}`);

  expect(clicked).toEqual([{ download: ZIP_FILE_NAME, href: 'blob:test/1' }]);
  expect(blobs[0]!.type).toBe('application/zip');
  const entries = unzipSync(await blobBytes(blobs[0]!));
  const generated = generateTerraform(facts, { organization: 'acme.dev' });
  if (!generated.ok) throw new Error('fixture: generation should succeed');
  expect(Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name, strFromU8(bytes)]))).toEqual(
    Object.fromEntries(generated.files.map((file) => [file.path, file.content])),
  );
});

/** jsdom's Blob lacks arrayBuffer(); FileReader reads it the old way. */
function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}
