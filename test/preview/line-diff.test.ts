import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, withContext } from '../../preview/pages/line-diff';

function rebuild(lines: { kind: string; text: string }[], keep: 'same' | 'removed' | 'added'): string[] {
  return lines.filter((l) => l.kind === 'same' || l.kind === keep).map((l) => l.text);
}

describe('diffLines', () => {
  it('marks an inserted line and keeps the rest', () => {
    expect(diffLines('a\nb\nc\n', 'a\nb\nx\nc\n')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'same', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('handles a created and a deleted file', () => {
    expect(diffLines('', 'new\n')).toEqual([{ kind: 'added', text: 'new' }]);
    expect(diffLines('old\n', '')).toEqual([{ kind: 'removed', text: 'old' }]);
  });

  it('always reproduces both sides (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'step:', '  - x'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (before, after) => {
        const diff = diffLines(before.map((l) => `${l}\n`).join(''), after.map((l) => `${l}\n`).join(''));
        expect(rebuild(diff, 'removed')).toEqual(before);
        expect(rebuild(diff, 'added')).toEqual(after);
      }),
    );
  });
});

describe('withContext', () => {
  it('keeps changes with their neighbours and marks the gaps', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const after = [...before];
    after.splice(10, 0, 'inserted');
    const shown = withContext(diffLines(before.join('\n'), after.join('\n')), 2);
    expect(shown).toEqual([
      null,
      { kind: 'same', text: 'l8' },
      { kind: 'same', text: 'l9' },
      { kind: 'added', text: 'inserted' },
      { kind: 'same', text: 'l10' },
      { kind: 'same', text: 'l11' },
      null,
    ]);
  });
});
