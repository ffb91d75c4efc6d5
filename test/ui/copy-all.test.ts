import { describe, expect, it } from 'vitest';
import { joinFilesForCopy } from '../../static/settings/src/lib/copy-all';

describe('joinFilesForCopy', () => {
  it('puts each file under a "# <path>" line, separated by one blank line', () => {
    const text = joinFilesForCopy([
      { path: 'versions.tf', content: 'terraform {}\n' },
      { path: 'main.tf', content: 'a = 1' },
    ]);
    expect(text).toBe('# versions.tf\nterraform {}\n\n# main.tf\na = 1\n');
  });
  it('is empty for no files', () => {
    expect(joinFilesForCopy([])).toBe('');
  });
});
