import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipFiles } from '../../static/settings/src/lib/zip-download';

describe('zipFiles', () => {
  it('holds every file under its path with its exact content', async () => {
    const files = [
      { path: 'versions.tf', content: 'terraform {}\n' },
      { path: 'main.tf', content: 'description = "ünïcode \\"quoted\\" $${x}"\n' },
    ];
    const entries = unzipSync(await zipFiles(files));
    expect(Object.keys(entries).sort()).toEqual(['main.tf', 'versions.tf']);
    for (const file of files) expect(strFromU8(entries[file.path]!)).toBe(file.content);
  });
});
