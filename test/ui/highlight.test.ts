import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlight, type Token } from '../../static/settings/src/lib/highlight';

const kinds = (line: Token[] | undefined) => (line ?? []).filter((t) => t.text.trim() !== '').map((t) => `${t.kind}:${t.text.trim()}`);

describe('highlight', () => {
  it('never changes the text, whatever it is (both languages)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom('hcl' as const, 'yaml' as const), (text, language) => {
        const lines = highlight(text, language);
        expect(lines.map((line) => line.map((t) => t.text).join('')).join('\n')).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays lossless on text made of HCL and YAML punctuation', () => {
    const piece = fc.constantFrom('"', "'", '\\', '#', '//', ':', ' ', '-', '&a', '*a', '!t', '=', '{', '}', 'x', '1', '\n', '\r');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom('hcl' as const, 'yaml' as const), (pieces, language) => {
        const text = pieces.join('');
        expect(highlight(text, language).map((line) => line.map((t) => t.text).join('')).join('\n')).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('colours HCL blocks, attributes, strings and comments', () => {
    const [block, attribute, literal] = highlight('resource "chainguard_identity" "bitbucket" {\n  name = "ci" # why\n  count = 2', 'hcl');
    expect(kinds(block)).toEqual(['keyword:resource', 'string:"chainguard_identity"', 'string:"bitbucket"', 'punctuation:{']);
    expect(kinds(attribute)).toEqual(['key:name', 'punctuation:=', 'string:"ci"', 'comment:# why']);
    expect(kinds(literal)).toEqual(['key:count', 'punctuation:=', 'number:2']);
  });

  it('colours YAML keys, anchors, quoted values and comments, but not a # inside a value', () => {
    const [step, url, item] = highlight('    - step: &build  # shared\n      url: "http://x/#y"\n        - echo $A#B', 'yaml');
    expect(kinds(step)).toEqual(['punctuation:-', 'key:step', 'punctuation::', 'keyword:&build', 'comment:# shared']);
    expect(kinds(url)).toEqual(['key:url', 'punctuation::', 'string:"http://x/#y"']);
    expect(kinds(item)).toEqual(['punctuation:-', 'plain:echo $A#B']);
  });
});
