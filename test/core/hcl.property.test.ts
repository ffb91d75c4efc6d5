// Property: any string survives the HCL writer (reads back as itself, in the
// NFC form HCL always uses) and no comment text can change what a file says.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { attr, block, comment, map, renderHcl, str } from '../../src/core/hcl';
import { hostileArb } from './arbitraries';
import { asJsonString, readHcl } from './hcl2json';

beforeAll(async () => {
  await readHcl('warm.tf', 'a = 1\n');
}, 60_000);

const textArb = fc.oneof(hostileArb, fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }));

/** What HCL makes of a string: half surrogates cannot exist in UTF-8, and everything is NFC. */
const readBackForm = (s: string) => asJsonString(s.replace(/\p{Cs}/gu, '\uFFFD').normalize('NFC'));

describe('HCL writer (property-based)', () => {
  it('string attributes, map values, map keys and block labels read back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(textArb, { minLength: 1, maxLength: 15, selector: readBackForm }), textArb, async (values, label) => {
        const entries = values.map((v): [string, ReturnType<typeof str>] => [`k ${v}`, str(v)]);
        const src = renderHcl([
          ...values.map((v, i) => attr(`a${i}`, str(v))),
          block('b', [label], [attr('m', map(entries))]),
        ]);
        const parsed = await readHcl('p.tf', src);
        const expected: Record<string, unknown> = Object.fromEntries(values.map((v, i) => [`a${i}`, readBackForm(v)]));
        const labelKey = label.replace(/\p{Cs}/gu, '\uFFFD').normalize('NFC');
        // Map keys are expressions, so hcl2json shows them in template form too.
        const m = Object.fromEntries(entries.map(([k, v]) => [readBackForm(k), readBackForm((v as { value: string }).value)]));
        expected.b = { [labelKey]: [{ m }] };
        expect(parsed).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('comments cannot add or change anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(textArb, { minLength: 1, maxLength: 5 }), async (texts) => {
        const body = [attr('x', str('y')), block('b', ['l'], [attr('z', str('w'))])];
        const src = renderHcl([...texts.map(comment), ...body, ...texts.map(comment)]);
        expect(await readHcl('c.tf', src)).toEqual({ x: 'y', b: { l: [{ z: 'w' }] } });
        expect(src.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(texts.length * 2);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
