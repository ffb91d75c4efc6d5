import { route } from '@forge/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBitbucketClient } from '../../src/bitbucket/client';
import {
  InvalidRequestValueError,
  bbqlString,
  buildPath,
  encodePathSegment,
  formBody,
} from '../../src/bitbucket/encoding';
import { encodedPath } from '../../src/bitbucket/transport';
import { REPO, fakeClock, recordingTransport } from './fakes';

/** Values our encoder accepts: non-empty, no "..", not ".". */
const acceptedValue = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
  .filter((v) => !v.includes('..') && v !== '.');

const TEMPLATE = '/repositories/{workspace}/{repo_slug}/refs/branches/{name}';

describe('encodePathSegment', () => {
  it('keeps any accepted value in one segment that decodes back to it', () => {
    fc.assert(
      fc.property(acceptedValue, (value) => {
        const encoded = encodePathSegment('branch name', value);
        expect(encoded).not.toMatch(/[/?#\\]/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
    );
  });

  it('produces values that Forge route accepts as path parameters, unchanged', () => {
    fc.assert(
      fc.property(acceptedValue, (value) => {
        const encoded = encodePathSegment('branch name', value);
        expect(route`/2.0/x/${encoded}`.value).toBe(`/2.0/x/${encoded}`);
      }),
    );
  });

  it('never changes the number or order of path segments a URL parser sees', () => {
    fc.assert(
      fc.property(acceptedValue, acceptedValue, (workspace, name) => {
        const built = buildPath(TEMPLATE, { workspace, repo_slug: '{r}', name });
        const url = new URL(`https://api.bitbucket.org${encodedPath(built)}`);
        const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
        expect(segments).toEqual(['2.0', 'repositories', workspace, '{r}', 'refs', 'branches', name]);
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
      }),
    );
  });

  it('encodes braced UUIDs', () => {
    expect(encodePathSegment('workspace', '{1d39-aa}')).toBe('%7B1d39-aa%7D');
  });

  it.each(['../admin', '..', 'a/../b', 'v1..v2'])('refuses "%s" with a message naming the value', (value) => {
    expect(() => encodePathSegment('branch name', value)).toThrow(InvalidRequestValueError);
    expect(() => encodePathSegment('branch name', value)).toThrow(/contains "\.\."/);
  });

  it('refuses empty and "." values, which would address another resource', () => {
    expect(() => encodePathSegment('branch name', '')).toThrow(/branch name is empty/);
    expect(() => encodePathSegment('branch name', '.')).toThrow(InvalidRequestValueError);
  });

  it('refuses lone surrogates instead of throwing a URIError', () => {
    expect(() => encodePathSegment('branch name', 'a\uD800')).toThrow(InvalidRequestValueError);
  });

  it.each([
    ['?', 'feature?x=1', 'feature%3Fx%3D1'],
    ['#', 'feature#frag', 'feature%23frag'],
    ['/', 'a/b', 'a%2Fb'],
    ['\\', 'a\\b', 'a%5Cb'],
    ['%', '100%', '100%25'],
    ['space', 'a b', 'a%20b'],
  ])('a hostile "%s" stays inside the segment', (_label, value, expected) => {
    expect(encodePathSegment('branch name', value)).toBe(expected);
  });
});

describe('buildPath', () => {
  it('splits a multi-segment value into encoded segments joined by literal "/"', () => {
    const built = buildPath('/repositories/{workspace}/{repo_slug}/src/{commit}/{path}', {
      workspace: '{w}',
      repo_slug: '{r}',
      commit: 'abc',
      path: { segments: ['dir a', 'b?.yml'] },
    });
    expect(built.literals).toEqual(['/2.0/repositories/', '/', '/src/', '/', '/', '']);
    expect(built.values).toEqual(['%7Bw%7D', '%7Br%7D', 'abc', 'dir%20a', 'b%3F.yml']);
  });

  it('refuses a path segment "..", an empty segment, and a missing value', () => {
    const template = '/repositories/{workspace}/{repo_slug}/src/{commit}/{path}';
    const base = { workspace: '{w}', repo_slug: '{r}', commit: 'abc' };
    expect(() => buildPath(template, { ...base, path: { segments: ['..', 'x'] } })).toThrow(InvalidRequestValueError);
    expect(() => buildPath(template, { ...base, path: { segments: ['a', '', 'x'] } })).toThrow(/path is empty/);
    expect(() => buildPath(template, base)).toThrow(/No value for \{path\}/);
  });
});

describe('the client with hostile values', () => {
  function client() {
    const recording = recordingTransport(() => ({ status: 404 }));
    return {
      ...recording,
      client: createBitbucketClient({ transport: recording.transport, clock: fakeClock(), random: () => 0 }),
    };
  }

  it('a branch name cannot change the path or add a query', async () => {
    const { client: c, requests } = client();
    // ".." is refused before any request is sent
    await expect(c.getBranch(REPO, 'x/../../../../user?admin=1#top')).rejects.toThrow(/branch name .* contains "\.\."/);
    expect(requests).toHaveLength(0);
    await c.getBranch(REPO, 'x/y?admin=1#top');
    expect(requests[0]?.values.at(-1)).toBe('x%2Fy%3Fadmin%3D1%23top');
    expect(requests[0]?.query).toEqual([]);
  });

  it('a file path cannot climb out of /src/{commit}', async () => {
    const { client: c, requests } = client();
    await expect(c.readFile(REPO, 'abc', '../../pullrequests')).rejects.toThrow(InvalidRequestValueError);
    await expect(c.readFile(REPO, '../x', 'a.yml')).rejects.toThrow(InvalidRequestValueError);
    expect(requests).toHaveLength(0);
  });

  it('a workspace or repository id cannot add segments', async () => {
    const { client: c, requests } = client();
    await c.getBranch({ workspaceUuid: '{w}/repositories', repositoryUuid: '{r}?x' }, 'main');
    expect(encodedPath(requests[0]!)).toBe('/2.0/repositories/%7Bw%7D%2Frepositories/%7Br%7D%3Fx/refs/branches/main');
  });
});

/** Reads a BBQL string literal the way Bitbucket does: `\x` stands for x. */
function readBbqlString(text: string): { value: string; rest: string } {
  expect(text[0]).toBe('"');
  let value = '';
  for (let i = 1; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '\\') {
      value += text[i + 1] ?? '';
      i += 1;
    } else if (ch === '"') {
      return { value, rest: text.slice(i + 1) };
    } else value += ch;
  }
  throw new Error(`unterminated BBQL string: ${text}`);
}

describe('bbqlString', () => {
  it('quotes and escapes so any value reads back whole and nothing follows it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
        const literal = bbqlString(value);
        expect(readBbqlString(literal)).toEqual({ value, rest: '' });
      }),
    );
  });

  it('escapes " and \\', () => {
    expect(bbqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('formBody', () => {
  it('round-trips any text through a form decoder, byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }), (name, value) => {
        const body = formBody([[name, value], ['message', 'm']]);
        const decoded = new URLSearchParams(body);
        expect(decoded.get(name)).toBe(value);
        expect([...decoded.keys()]).toHaveLength(2);
      }),
    );
  });
});
