import { beforeAll, describe, expect, it } from 'vitest';
import { attr, block, comment, commentText, forObject, hclString, map, ref, renderHcl, str } from '../../src/core/hcl';
import { asJsonString, readHcl } from './hcl2json';

beforeAll(async () => {
  await readHcl('warm.tf', 'a = 1\n'); // the WASM module loads on first use
}, 60_000);

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['${var.x}', '"$${var.x}"'],
    ['%{ if x }', '"%%{ if x }"'],
    ['$$${x}', '"$$$${x}"'],
    ['$ {} % {}', '"$ {} % {}"'],
    ['a\nb\rc\td', '"a\\nb\\rc\\td"'],
    ['nul\u0000 esc\u001b del\u007f', '"nul\\u0000 esc\\u001B del\\u007F"'],
    ['line\u2028sep', '"line\\u2028sep"'],
    ['bidi\u202eevil', '"bidi\\u202Eevil"'],
    ['tag\u{e0041}', '"tag\\U000E0041"'],
    ['é 日本 😀', '"é 日本 😀"'],
    ['half\ud800', '"half\\uFFFD"'],
  ])('writes %j as %s', (input, expected) => {
    expect(hclString(input)).toBe(expected);
  });

  it('reads back as exactly the input for hostile strings', async () => {
    const inputs = ['"}\nresource "x" "y" {', '${file("/etc/passwd")}', '%{for x in y}${x}%{endfor}', '\\"', 'a\\', '$${x}', '%%{x}', '\u0085\u2029\t', '😀\u200d😀'];
    const src = renderHcl(inputs.map((s, i) => attr(`a${i}`, str(s))));
    const parsed = await readHcl('t.tf', src);
    expect(parsed).toEqual(Object.fromEntries(inputs.map((s, i) => [`a${i}`, asJsonString(s)])));
  });
});

describe('commentText', () => {
  it('cannot be broken out of: line ends and invisible characters become spaces', () => {
    expect(commentText('a\nresource "x" "y" {}\r\u2028b\u202e')).toBe('a resource "x" "y" {}  b');
  });
});

describe('renderHcl layout (terraform fmt rules)', () => {
  it('aligns = within runs of single-line attributes, broken by multi-line values and blocks', () => {
    const text = renderHcl([
      comment('header one'),
      comment('header two'),
      block('resource', ['kind', 'name'], [
        attr('a', str('1')),
        attr('long_name', ref('data.x.y.id')),
        attr('m', map([
          ['k', str('v')],
          ['longer_key', str('w')],
          ['needs quote', str('q')],
        ])),
        attr('after', str('2')),
        attr('z', str('3')),
        block('inner', [], [attr('x', str('y'))]),
        attr('tail', str('t')),
      ]),
      block('empty', ['e'], []),
    ]);
    expect(text).toBe(
      [
        '# header one',
        '# header two',
        '',
        'resource "kind" "name" {',
        '  a         = "1"',
        '  long_name = data.x.y.id',
        '  m = {',
        '    k             = "v"',
        '    longer_key    = "w"',
        '    "needs quote" = "q"',
        '  }',
        '  after = "2"',
        '  z     = "3"',
        '',
        '  inner {',
        '    x = "y"',
        '  }',
        '',
        '  tail = "t"',
        '}',
        '',
        'empty "e" {}',
        '',
      ].join('\n'),
    );
  });

  it('quotes map keys that HCL would read as keywords', async () => {
    const keys = ['for', 'null', 'true', 'false', 'in', 'if', 'plain'];
    const text = renderHcl([attr('m', map(keys.map((k) => [k, str(k)])))]);
    expect(text).toContain('  "for"   = "for"\n');
    expect(text).toContain('  plain   = "plain"\n');
    expect(await readHcl('k.tf', text)).toEqual({ m: Object.fromEntries(keys.map((k) => [k, k])) });
  });

  it('escapes block labels', async () => {
    const text = renderHcl([block('output', ['a"b${c}'], [attr('value', str('v'))])]);
    expect(text).toBe('output "a\\"b$${c}" {\n  value = "v"\n}\n');
    expect(await readHcl('o.tf', text)).toEqual({ output: { 'a"b${c}': [{ value: 'v' }] } });
  });

  it('refuses non-identifiers as attribute or block names, and non-references', () => {
    expect(() => renderHcl([attr('a = 1\nb', str('x'))])).toThrow(/not an identifier/);
    expect(() => renderHcl([block('x {', [], [])])).toThrow(/not an identifier/);
    expect(() => ref('a.b; c')).toThrow(/not a reference/);
    expect(() => ref('plain')).toThrow(/not a reference/);
  });
});

describe('forObject', () => {
  it('writes a projection of a collection that HCL reads back as a for expression', async () => {
    const src = renderHcl([
      block('output', ['ids'], [attr('value', forObject('chainguard_identity.bitbucket', 'slug', 'identity', 'identity.id'))]),
    ]);
    expect(src).toBe('output "ids" {\n  value = { for slug, identity in chainguard_identity.bitbucket : slug => identity.id }\n}\n');
    const parsed = await readHcl('o.tf', src);
    expect(parsed).toEqual({ output: { ids: [{ value: '${{ for slug, identity in chainguard_identity.bitbucket : slug => identity.id }}' }] } });
  });

  it.each([
    ['not a reference', ['x"', 'k', 'v', 'v.id']],
    ['a keyword as a name', ['a.b', 'for', 'v', 'v.id']],
    ['the same name twice', ['a.b', 'v', 'v', 'v.id']],
    ['a result not taken from the item', ['a.b', 'k', 'v', 'other.id']],
    ['a result that only starts like the item', ['a.b', 'k', 'v', 'vv.id']],
  ])('refuses %s', (_why, [collection, key, item, result]) => {
    expect(() => forObject(collection!, key!, item!, result!)).toThrow(/HCL writer/);
  });
});
