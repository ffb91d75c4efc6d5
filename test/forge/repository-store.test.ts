import { beforeEach, describe, expect, it, vi } from 'vitest';

// @forge/kvs is replaced at the module boundary by an in-memory map, so the
// production adapter (src/storage/forge-kvs.ts) is what these tests exercise.
const memory = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@forge/kvs', () => {
  const kvs = {
    get: async (key: string) => structuredClone(memory.get(key)),
    set: async (key: string, value: unknown) => {
      // Forge rejects keys outside this pattern; fail the same way.
      if (!/^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/.test(key) || key.length > 500) throw new Error(`invalid key ${key}`);
      memory.set(key, structuredClone(value));
    },
  };
  return { kvs, default: kvs };
});

import { forgeKeyValueStore } from '../../src/storage/forge-kvs';
import { choicesKey, mainBranchKey } from '../../src/storage/keys';
import { createRepositoryStore } from '../../src/storage/repository-store';

const REPO = '{5D1E6F3A-0B2C-4D5E-8F90-1A2B3C4D5E6F}';
const saved = {
  choices: { organization: 'example.com', role: 'registry.pull', trust: { kind: 'branch' as const, branch: 'main' } },
  selection: { steps: ['branches.main/0'], addCustomPipeline: true },
  savedAt: '2026-11-25T22:00:00.000Z',
};

describe('storage keys', () => {
  it('strip braces and lower-case the UUID (KVS keys cannot hold braces)', () => {
    expect(choicesKey(REPO)).toBe('choices:5d1e6f3a-0b2c-4d5e-8f90-1a2b3c4d5e6f');
    expect(mainBranchKey(REPO)).toBe('main-branch:5d1e6f3a-0b2c-4d5e-8f90-1a2b3c4d5e6f');
    expect(choicesKey(REPO)).toBe(choicesKey('5d1e6f3a-0b2c-4d5e-8f90-1a2b3c4d5e6f'));
  });

  it.each(['', 'web-app', '{5d1e6f3a}', '5d1e6f3a-0b2c-4d5e-8f90-1a2b3c4d5e6f:x', '{5d1e6f3a-0b2c-4d5e-8f90-1a2b3c4d5e6g}'])(
    'refuse %j, which is not a UUID',
    (value) => {
      expect(() => choicesKey(value)).toThrow(/Not a repository UUID/);
    },
  );
});

describe('repository store over @forge/kvs', () => {
  const store = createRepositoryStore(forgeKeyValueStore);
  beforeEach(() => memory.clear());

  it('returns null when nothing was saved', async () => {
    expect(await store.loadChoices(REPO)).toBeNull();
    expect(await store.loadMainBranch(REPO)).toBeNull();
  });

  it('round-trips the saved choices under the brace-free key', async () => {
    await store.saveChoices(REPO, saved);
    expect([...memory.keys()]).toEqual(['choices:5d1e6f3a-0b2c-4d5e-8f90-1a2b3c4d5e6f']);
    expect(await store.loadChoices(REPO)).toEqual(saved);
  });

  it('keeps repositories apart', async () => {
    await store.saveChoices(REPO, saved);
    expect(await store.loadChoices('{00000000-0000-4000-8000-000000000001}')).toBeNull();
  });

  it('round-trips the main branch', async () => {
    await store.saveMainBranch(REPO, 'release/1.x');
    expect(await store.loadMainBranch(REPO)).toBe('release/1.x');
  });

  it.each([
    ['a string', 'example.com'],
    ['an array', [saved]],
    ['choices without an organization', { ...saved, choices: { role: 'registry.pull' } }],
    ['a wrong trust kind', { ...saved, choices: { organization: 'x', trust: { kind: 'anyone' } } }],
    ['a missing savedAt', { choices: saved.choices }],
    ['a savedAt that is not a time', { ...saved, savedAt: 'yesterday' }],
    ['steps that are not a list', { ...saved, selection: { steps: 'all' } }],
  ])('reads %s back as "nothing saved" instead of failing', async (_what, value) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    memory.set(choicesKey(REPO), value);
    expect(await store.loadChoices(REPO)).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it.each([42, '', { name: 'main' }, 'x'.repeat(256)])('ignores a stored main branch of %j', async (value) => {
    memory.set(mainBranchKey(REPO), value);
    expect(await store.loadMainBranch(REPO)).toBeNull();
  });
});
