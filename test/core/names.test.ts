import { describe, expect, it } from 'vitest';
import { CHAINGUARD_NAME_RULE, deriveIdentityName, MAX_NAME_LENGTH } from '../../src/core/names';
import { bareUuid, normalizeUuid } from '../../src/core/uuid';

describe('deriveIdentityName', () => {
  it.each([
    ['web-app', 'bitbucket-web-app'],
    ['Web App', 'bitbucket-web-app'],
    ['--x--', 'bitbucket-x'],
    ['日本', 'bitbucket-pipelines'],
    ['', 'bitbucket-pipelines'],
    ['a"${b}', 'bitbucket-a-b'],
  ])('%j → %j', (slug, name) => {
    expect(deriveIdentityName(slug)).toBe(name);
    expect(CHAINGUARD_NAME_RULE.test(name)).toBe(true);
  });

  it('stays within the length limit and ends cleanly', () => {
    const name = deriveIdentityName(`${'a'.repeat(89)}-${'b'.repeat(50)}`);
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name).toBe(`bitbucket-${'a'.repeat(89)}`);
  });
});

describe('UUIDs', () => {
  it('normalises to lowercase braced form and refuses non-UUIDs', () => {
    expect(normalizeUuid(' 1DE489BE-CE6A-42A0-A8C8-EADBF1174AC7 ')).toBe('{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}');
    expect(normalizeUuid('{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}')).toBe('{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}');
    for (const bad of ['{1de489be-ce6a-42a0-a8c8-eadbf1174ac7', '1de489bece6a42a0a8c8eadbf1174ac7', '{x}', '', '{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}}']) {
      expect(normalizeUuid(bad)).toBeNull();
    }
    expect(bareUuid('{abc}')).toBe('abc');
  });
});
