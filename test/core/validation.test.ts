import { describe, expect, it } from 'vitest';
import { isUidp, resolveChoices, validateIdentityId } from '../../src/core/validation';
import { BUILT_IN_ROLES } from '../../src/core/roles';
import type { FieldError, IdentityChoices } from '../../src/core/types';
import { facts, PROD_ENV_UUID } from './fixtures';

function errorsOf(choices: IdentityChoices, f = facts): FieldError[] {
  const result = resolveChoices(f, choices);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

function fieldsOf(choices: IdentityChoices): string[] {
  return errorsOf(choices).map((e) => e.field);
}

function resolved(choices: IdentityChoices) {
  const result = resolveChoices(facts, choices);
  if (!result.ok) throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('resolveChoices defaults', () => {
  it('fills every default from the repository', () => {
    expect(resolved({ organization: 'example.com' })).toEqual({
      organization: 'example.com',
      identityName: 'bitbucket-web-app',
      role: 'registry.pull',
      trust: { kind: 'branch', branch: 'main' },
      description: 'Bitbucket Pipelines of bbcitest/web-app (branch main), set up by Chainguard OIDC for Bitbucket',
      image: null,
    });
  });

  it('treats blank optional fields as "use the default" and trims what is given', () => {
    const v = resolved({ organization: '  example.com ', identityName: '  ', role: '', description: ' ', image: { name: ' python ', tag: '' } });
    expect(v.organization).toBe('example.com');
    expect(v.identityName).toBe('bitbucket-web-app');
    expect(v.role).toBe('registry.pull');
    expect(v.description).toMatch(/^Bitbucket Pipelines of bbcitest\/web-app/);
    expect(v.image).toEqual({ name: 'python', tag: 'latest' });
  });

  it('derives an identity name that satisfies the name rule from an odd slug', () => {
    const odd = { ...facts, repository: { ...facts.repository, slug: 'Web.App_2' } };
    const r = resolveChoices(odd, { organization: 'example.com' });
    expect(r.ok && r.value.identityName).toBe('bitbucket-web.app_2');
  });

  it('names the deployment environment in the default description and keeps it to one line', () => {
    const f = { ...facts, environments: [{ uuid: PROD_ENV_UUID, name: 'Prod\nuction\u2028"x"' }] };
    const r = resolveChoices(f, { organization: 'o', trust: { kind: 'environment', environmentUuid: PROD_ENV_UUID } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.description).toContain('deployment environment Prod uction "x"');
      expect(r.value.description).not.toMatch(/[\n\r\u2028]/);
    }
  });
});

describe('resolveChoices names', () => {
  it('accepts names matching ^[a-z0-9 ._-]{1,}$', () => {
    expect(resolved({ organization: 'my org_1.example-2', identityName: 'ci pull' }).identityName).toBe('ci pull');
  });

  it('refuses uppercase and suggests the lowercased value', () => {
    const [err] = errorsOf({ organization: 'Example.COM' });
    expect(err).toEqual({ field: 'organization', message: expect.stringContaining('"example.com"') });
    expect(err?.message).toMatch(/lowercase/);
    const [idErr] = errorsOf({ organization: 'example.com', identityName: 'CI-Pull' });
    expect(idErr?.field).toBe('identityName');
    expect(idErr?.message).toContain('"ci-pull"');
  });

  it('refuses an empty organization and says what to enter', () => {
    const [err] = errorsOf({ organization: '   ' });
    expect(err?.field).toBe('organization');
    expect(err?.message).toMatch(/empty/);
  });

  it.each([
    'ex"ample',
    'a${b}',
    'a%{b}',
    'back\\slash',
    'new\nline',
    'tab\there',
    'ünïcode',
    'a/b',
    'a=b',
    '日本',
    'x'.repeat(101),
  ])('refuses hostile or odd organization/identity name %j', (name) => {
    expect(fieldsOf({ organization: name })).toEqual(['organization']);
    expect(fieldsOf({ organization: 'ok', identityName: name })).toEqual(['identityName']);
  });

  it('reports every wrong field at once', () => {
    expect(fieldsOf({ organization: 'A"', identityName: 'B"', role: 'god', description: 'a\nb' })).toEqual([
      'organization',
      'identityName',
      'role',
      'description',
    ]);
  });

  it('refuses non-text values instead of crashing', () => {
    expect(fieldsOf({ organization: 42 as unknown as string })).toEqual(['organization']);
  });
});

describe('resolveChoices role', () => {
  it('accepts every built-in role', () => {
    for (const role of BUILT_IN_ROLES) expect(resolved({ organization: 'o', role: role.name }).role).toBe(role.name);
  });

  it('refuses unknown roles and lists the valid ones', () => {
    const [err] = errorsOf({ organization: 'o', role: 'registry.pul' });
    expect(err?.field).toBe('role');
    expect(err?.message).toContain('registry.pull');
    expect(err?.message).toContain('apk.pull');
  });

  it('suggests the lowercase role name', () => {
    expect(errorsOf({ organization: 'o', role: 'Registry.Pull' })[0]?.message).toContain('"registry.pull"');
  });

  it('lists every role from the notes with a one-line meaning', () => {
    const names = BUILT_IN_ROLES.map((r) => r.name).sort();
    expect(names).toEqual(
      [
        'apk.pull', 'console_viewer', 'editor', 'guardener.admin', 'guardener.user',
        'libraries.java.pull', 'libraries.java.pull_token_creator', 'libraries.javascript.pull',
        'libraries.javascript.pull_token_creator', 'libraries.python.pull', 'libraries.python.pull_token_creator',
        'limited_owner', 'owner', 'registry.pull', 'registry.pull_token_creator', 'registry.push', 'viewer',
      ].sort(),
    );
    for (const r of BUILT_IN_ROLES) expect(r.meaning).toMatch(/^[^\n]{5,120}$/);
  });
});

describe('resolveChoices trust', () => {
  it('accepts a valid branch', () => {
    expect(resolved({ organization: 'o', trust: { kind: 'branch', branch: 'release/1.x' } }).trust).toEqual({
      kind: 'branch',
      branch: 'release/1.x',
    });
  });

  it.each([
    '',
    'has space',
    'a..b',
    'a~1',
    'a^b',
    'a:b',
    'a?b',
    'a*b',
    'a[b',
    'a\\b',
    '-flag',
    '/lead',
    'trail/',
    'a//b',
    'dot.',
    '.hidden',
    'x/.hidden',
    'ref.lock',
    'a/b.lock/c',
    '@',
    'a@{1}',
    'new\nline',
    'nul\u0000',
    'del\u007f',
    'bidi\u202e',
    'nbsp\u00a0x',
    'x'.repeat(256),
  ])('refuses branch %j', (branch) => {
    const errs = errorsOf({ organization: 'o', trust: { kind: 'branch', branch } });
    expect(errs.map((e) => e.field)).toEqual(['trust.branch']);
  });

  it.each(['release/{a,b}', 'feature{x}', 'open{', 'close}', '{'])('refuses branch %j: braces are glob alternatives in a branches: key', (branch) => {
    const errs = errorsOf({ organization: 'o', trust: { kind: 'branch', branch } });
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ field: 'trust.branch', message: expect.stringContaining('cannot contain { or }') });
  });

  it('accepts an environment of the repository in any UUID spelling and stores the canonical form', () => {
    const bare = PROD_ENV_UUID.slice(1, -1).toUpperCase();
    expect(resolved({ organization: 'o', trust: { kind: 'environment', environmentUuid: bare } }).trust).toEqual({
      kind: 'environment',
      environmentUuid: PROD_ENV_UUID,
    });
  });

  it('refuses an environment that is not one of the repository', () => {
    const [err] = errorsOf({ organization: 'o', trust: { kind: 'environment', environmentUuid: '{00000000-0000-0000-0000-000000000000}' } });
    expect(err?.field).toBe('trust.environmentUuid');
    expect(err?.message).toContain('Production, Staging');
  });

  it('explains when the repository has no environments at all', () => {
    const [err] = errorsOf({ organization: 'o', trust: { kind: 'environment', environmentUuid: PROD_ENV_UUID } }, { ...facts, environments: [] });
    expect(err?.message).toMatch(/no deployment environments/);
  });

  it('refuses an unknown trust kind', () => {
    expect(fieldsOf({ organization: 'o', trust: { kind: 'everyone' } as unknown as IdentityChoices['trust'] })).toEqual(['trust']);
  });

  it('accepts repository trust', () => {
    expect(resolved({ organization: 'o', trust: { kind: 'repository' } }).trust).toEqual({ kind: 'repository' });
  });
});

describe('resolveChoices description', () => {
  it('allows quotes, template markers, backslashes and unicode on one line', () => {
    const text = 'He said "hi" ${x} %{y} C:\\path 日本 ✓';
    expect(resolved({ organization: 'o', description: text }).description).toBe(text);
  });

  it('allows exactly 512 characters (counted as characters, not UTF-16 units)', () => {
    expect(resolved({ organization: 'o', description: '😀'.repeat(512) }).description).toHaveLength(1024);
    expect(errorsOf({ organization: 'o', description: 'x'.repeat(513) })[0]?.message).toMatch(/513.*512/);
  });

  it.each(['a\nb', 'a\rb', 'a\tb', 'a\u2028b', 'a\u0085b', 'a\u001bb', 'a\u202eb'])('refuses %j (not one line)', (d) => {
    expect(fieldsOf({ organization: 'o', description: d })).toEqual(['description']);
  });
});

describe('resolveChoices image', () => {
  it('accepts sane names and tags', () => {
    expect(resolved({ organization: 'o', image: { name: 'tools/node-lts', tag: '20.1_a-b' } }).image).toEqual({ name: 'tools/node-lts', tag: '20.1_a-b' });
  });

  it.each(['', 'Python', 'a..b', '/a', 'a/', 'a//b', '-a', 'a b', 'a"b', 'cgr.dev/o/python', 'python:latest', 'a${b}'])(
    'refuses image name %j',
    (name) => {
      expect(fieldsOf({ organization: 'o', image: { name, tag: 'latest' } })).toEqual(['image.name']);
    },
  );

  it('refuses an over-long image name and says how to shorten it', () => {
    const [error] = errorsOf({ organization: 'o', image: { name: 'a'.repeat(256), tag: 'latest' } });
    expect(error?.field).toBe('image.name');
    expect(error?.message).toMatch(/longer than 255 characters; shorten it/);
  });

  it.each(['.x', '-x', 'a b', 'a/b', 'a:b', 'x'.repeat(129), 'a"b'])('refuses tag %j', (tag) => {
    expect(fieldsOf({ organization: 'o', image: { name: 'python', tag } })).toEqual(['image.tag']);
  });
});

describe('facts', () => {
  it('refuses invalid facts with a field under "facts."', () => {
    const errs = errorsOf({ organization: 'o' }, { ...facts, repository: { ...facts.repository, uuid: 'nope' } });
    expect(errs.map((e) => e.field)).toEqual(['facts.repository.uuid']);
  });
});

describe('identity ID', () => {
  const id = `${'a'.repeat(40)}/${'0123456789abcdef'}`;
  it('accepts an identity UIDP, trimmed', () => {
    expect(isUidp(id)).toBe(true);
    expect(isUidp(` ${id}\n`)).toBe(true);
    expect(validateIdentityId(` ${id} `)).toBeNull();
    expect(isUidp(`${id}/${'f'.repeat(16)}`)).toBe(true);
  });

  it.each(['', 'a'.repeat(40), `${'a'.repeat(39)}/${'0'.repeat(16)}`, `${'g'.repeat(40)}/${'0'.repeat(16)}`, `${id}x`, `${id}\n${id}`])(
    'refuses %j',
    (s) => {
      expect(isUidp(s)).toBe(false);
      expect(validateIdentityId(s)?.message).toMatch(/identity ID/);
    },
  );

  it('suggests the lowercase form', () => {
    expect(validateIdentityId(id.toUpperCase())?.message).toContain(id);
  });
});

describe('Unicode normalisation (HCL turns every string into NFC)', () => {
  it('refuses a branch name that is not NFC, since the exact claim could never match', () => {
    const [err] = errorsOf({ organization: 'o', trust: { kind: 'branch', branch: 'caf\u0065\u0301' } });
    expect(err?.field).toBe('trust.branch');
    expect(err?.message).toMatch(/NFC/);
    expect(resolved({ organization: 'o', trust: { kind: 'branch', branch: 'caf\u00e9' } }).trust).toEqual({ kind: 'branch', branch: 'café' });
  });

  it('normalises the description to NFC', () => {
    expect(resolved({ organization: 'o', description: 'caf\u0065\u0301 \uf900' }).description).toBe('caf\u00e9 \u8c48');
  });

  it('refuses a description with half of a surrogate pair', () => {
    expect(errorsOf({ organization: 'o', description: 'bad \ud83d text' })[0]?.message).toMatch(/broken character/);
  });
});

describe('malformed payloads', () => {
  it('refuses missing choices instead of crashing', () => {
    const r = resolveChoices(facts, null as unknown as IdentityChoices);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/No choices/);
  });

  it('refuses a branch trust without a branch', () => {
    expect(fieldsOf({ organization: 'o', trust: { kind: 'branch' } as unknown as IdentityChoices['trust'] })).toEqual(['trust.branch']);
  });
});
