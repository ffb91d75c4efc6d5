// "Download .zip": fflate is loaded only when the admin asks for the archive,
// keeping it out of the first screen's JavaScript.
import type { GeneratedFile } from '@app/core/types';

export async function zipFiles(files: readonly GeneratedFile[]): Promise<Uint8Array> {
  const { zipSync, strToU8 } = await import('fflate');
  const entries: Record<string, Uint8Array> = {};
  for (const file of files) entries[file.path] = strToU8(file.content);
  return zipSync(entries, { level: 6 });
}

/** Saves bytes as a file through a temporary link (the iframe allows downloads, not pop-ups). */
export function saveBytes(fileName: string, bytes: Uint8Array, mimeType: string): void {
  const blob = new Blob([bytes as BlobPart], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
