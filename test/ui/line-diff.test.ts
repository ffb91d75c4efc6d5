import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, groupIntoHunks, MAX_EDIT_DISTANCE, splitLines } from '../../static/settings/src/lib/line-diff';

/** Rebuilds both sides from a diff: the diff must describe exactly the two texts. */
function sides(diff: ReturnType<typeof diffLines>) {
  const before = diff.filter((l) => l.kind !== 'added').map((l) => l.text);
  const after = diff.filter((l) => l.kind !== 'removed').map((l) => l.text);
  return { before, after };
}

describe('splitLines', () => {
  it('accepts LF and CRLF and ignores one final newline', () => {
    expect(splitLines('a\r\nb\r\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('diffLines', () => {
  it('marks inserted lines as added and keeps the rest with their line numbers', () => {
    const before = 'pipelines:\n  default:\n    - step:\n        script:\n          - make\n';
    const after = 'pipelines:\n  default:\n    - step:\n        oidc: true\n        script:\n          - make\n';
    const diff = diffLines(before, after);
    expect(diff.filter((l) => l.kind === 'added')).toEqual([{ kind: 'added', text: '        oidc: true', newLine: 4 }]);
    expect(diff.filter((l) => l.kind === 'removed')).toEqual([]);
    expect(diff.find((l) => l.text === '          - make')).toEqual({ kind: 'same', text: '          - make', oldLine: 5, newLine: 6 });
  });

  it('finds repeated lines correctly (the inserted copy, not a shifted one)', () => {
    const diff = diffLines('- step\n- step\n', '- step\n- step\n- step\n');
    expect(diff.filter((l) => l.kind === 'added')).toHaveLength(1);
    expect(diff.filter((l) => l.kind === 'same')).toHaveLength(2);
  });

  it('describes both texts exactly, and is minimal when only lines are inserted', () => {
    const line = fc.constantFrom('a', 'b', 'c', '  - step:', '', '# comment');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.array(fc.tuple(fc.nat(40), line), { maxLength: 8 }), (base, inserts) => {
        const edited = [...base];
        for (const [at, text] of inserts) edited.splice(Math.min(at, edited.length), 0, text);
        // Every line ends with a newline, so an empty line is a line (as in a file).
        const asFile = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
        const diff = diffLines(asFile(base), asFile(edited));
        const rebuilt = sides(diff);
        expect(rebuilt.before).toEqual(base);
        expect(rebuilt.after).toEqual(edited);
        expect(diff.filter((l) => l.kind === 'removed')).toHaveLength(0);
        expect(diff.filter((l) => l.kind === 'added').length).toBeLessThanOrEqual(inserts.length);
      }),
      { numRuns: 500 },
    );
  });

  it('describes arbitrary edits exactly', () => {
    const text = fc.array(fc.constantFrom('x', 'y', 'z', ''), { maxLength: 30 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const rebuilt = sides(diffLines(a, b));
        expect(rebuilt.before).toEqual(splitLines(a));
        expect(rebuilt.after).toEqual(splitLines(b));
      }),
      { numRuns: 500 },
    );
  });

  it('finds scattered insertions in a 4,000-line file', () => {
    const base = Array.from({ length: 4000 }, (_, i) => `line ${i % 50}`);
    const edited = [...base];
    for (let i = 0; i < 30; i += 1) edited.splice(i * 130, 0, `        oidc: true # ${i}`);
    const diff = diffLines(base.join('\n'), edited.join('\n'));
    expect(diff.filter((l) => l.kind === 'added')).toHaveLength(30);
  });
});

describe('diffLines bound', () => {
  it('past the edit-distance bound shows a plain replacement instead of searching on', () => {
    const count = MAX_EDIT_DISTANCE; // 2 × count differing lines, over the bound
    const before = Array.from({ length: count }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: count }, (_, i) => `new ${i}`).join('\n');
    const diff = diffLines(before, after);
    expect(diff.map((l) => l.kind)).toEqual([...Array<string>(count).fill('removed'), ...Array<string>(count).fill('added')]);
    expect(diff[count]).toEqual({ kind: 'added', text: 'new 0', newLine: 1 });
    expect(diff[count - 1]).toEqual({ kind: 'removed', text: `old ${count - 1}`, oldLine: count });
  });

  it('within the bound still finds the shortest edit', () => {
    const before = Array.from({ length: 300 }, (_, i) => `line ${i}`);
    const after = before.map((line, i) => (i % 3 === 0 ? `changed ${i}` : line));
    const diff = diffLines(before.join('\n'), after.join('\n'));
    expect(diff.filter((l) => l.kind === 'removed')).toHaveLength(100);
    expect(diff.filter((l) => l.kind === 'same')).toHaveLength(200);
  });
});

describe('groupIntoHunks', () => {
  it('keeps three lines of context and counts the hidden ones', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l10', 'l10\nnew');
    const { hunks, hiddenAfter } = groupIntoHunks(diffLines(before, after));
    expect(hunks).toHaveLength(1);
    expect(hunks[0]?.hiddenBefore).toBe(8); // l0..l7
    expect(hunks[0]?.lines.map((l) => l.text)).toEqual(['l8', 'l9', 'l10', 'new', 'l11', 'l12', 'l13']);
    expect(hiddenAfter).toBe(6); // l14..l19
  });
});
