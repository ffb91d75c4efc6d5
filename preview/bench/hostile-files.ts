// bitbucket-pipelines.yml files an adversary would put on the main branch, one
// per class of attack on the parser and planner, and one honest file at the
// size limit. Shared by the hostile-files tests (each class refused with its
// own code) and the bench (time and peak memory of each, in a child process).
import { PIPELINE_LIMITS } from '../../src/core/pipeline';
import type { PlanErrorCode } from '../../src/core/types';

const STEP = ['pipelines:', '  default:', '    - step:', '        name: Build', '        script:', '          - echo build'];

/** Anchors nine levels deep, each aliasing the one before ten times: 10^9 nodes once expanded, 600-odd bytes written. */
export function billionLaughs(where: 'definitions' | 'after-script'): string {
  const levels = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) levels.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  if (where === 'definitions') {
    return ['definitions:', ...levels.map((l) => `  ${l}`), ...STEP, '        after-script:', '          - *l9', ''].join('\n');
  }
  // The whole chain written inside the step's after-script, as the issue found it.
  return [...STEP, '        after-script:', ...levels.map((l) => `          - ${l.replace(/^l\d+: /, '')}`), ''].join('\n');
}

/** A branch pattern of twenty `{a,b}` groups: a million names if expanded, one automaton if not. */
export function braceBomb(): string {
  const pattern = '{a,b}'.repeat(20);
  return ['pipelines:', '  branches:', `    '${pattern}':`, '      - step:', '          name: Bomb', '          script:', '            - echo hi', ''].join('\n');
}

/** A branch pattern longer than the matcher's bound. */
export function longPattern(): string {
  const pattern = `release/${'{a,b}'.repeat(Math.ceil(PIPELINE_LIMITS.maxPatternLength / 5) + 1)}`;
  return ['pipelines:', '  branches:', `    '${pattern}':`, '      - step:', '          script:', '            - echo hi', ''].join('\n');
}

/** A mapping of 40,000 keys (about 590 KB in the issue; shorter keys here keep it under the byte limit). */
export function manyKeys(count = 40_000): string {
  const keys = Array.from({ length: count }, (_, i) => `    k${i.toString(36)}: 1`);
  return [...STEP, 'definitions:', '  big:', ...keys, ''].join('\n');
}

/** 16,000 aliases of one small anchor. */
export function manyAliases(count = 16_000): string {
  const aliases = Array.from({ length: count }, () => '*a').join(', ');
  return [...STEP, '        after-script:', '          - echo done', 'definitions:', '  base: &a x', `  uses: [${aliases}]`, ''].join('\n');
}

/** Nesting `depth` levels deep, in the three ways YAML allows it. */
export function deepNesting(depth: number, style: 'flow' | 'block-seq' | 'block-map'): string {
  const head = [...STEP, 'definitions:'];
  if (style === 'flow') return [...head, `  deep: ${'['.repeat(depth)}${']'.repeat(depth)}`, ''].join('\n');
  if (style === 'block-seq') return [...head, `  deep:`, `    ${'- '.repeat(depth)}x`, ''].join('\n');
  const lines = Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 2)}k${i}:`);
  return [...head, ...lines.slice(0, -1), `${lines[lines.length - 1] as string} x`, ''].join('\n');
}

/** A valid file of about `bytes` (default 5 MB): many ordinary steps with long scripts. */
export function bigFile(bytes = 5 * 1024 * 1024): string {
  return honestFile(bytes);
}

/**
 * An ordinary file just under the byte limit and well inside the others:
 * steps with scripts, caches, a shared anchor and deployments, as large
 * repositories write them. This is the "file at the size limit" of the bench.
 */
export function honestFile(bytes = PIPELINE_LIMITS.maxBytes - 2_048): string {
  const head = [
    'image: atlassian/default-image:4',
    'definitions:',
    '  steps:',
    '    - step: &lint',
    '        name: Lint',
    '        script:',
    '          - npm ci',
    '          - npm run lint',
    'pipelines:',
    '  default:',
    '    - step: *lint',
  ];
  const out = [...head];
  let size = out.join('\n').length;
  for (let i = 0; size < bytes - 600; i++) {
    const step = [
      '    - step:',
      `        name: Build part ${i}`,
      '        caches: [node]',
      '        script:',
      ...Array.from({ length: 5 }, (_, j) => `          - ./scripts/build.sh --part ${i} --shard ${j} --retries 3 --verbose --output dist/part-${i}-${j}`),
    ];
    out.push(...step);
    size += step.join('\n').length + 1;
  }
  out.push('');
  return out.join('\n');
}

export interface HostileCase {
  name: string;
  text: () => string;
  /** The refusal code; null when the file is planned (quickly) instead. */
  code: PlanErrorCode | null;
  /** Words the refusal must contain. */
  says: RegExp | null;
}

export const HOSTILE_CASES: HostileCase[] = [
  { name: 'alias chain (billion laughs) under definitions', text: () => billionLaughs('definitions'), code: 'alias-expansion-too-large', says: /billion laughs/ },
  { name: 'alias chain (billion laughs) under after-script', text: () => billionLaughs('after-script'), code: 'alias-expansion-too-large', says: /billion laughs/ },
  { name: 'brace bomb: twenty {a,b} groups in a branch pattern', text: braceBomb, code: null, says: null },
  { name: 'branch pattern over 1,000 characters', text: longPattern, code: 'pattern-too-long', says: /at most|up to 1,000 characters/ },
  { name: '40,000 keys', text: () => manyKeys(), code: 'too-many-nodes', says: /more than 20,000 keys and list items/ },
  { name: '16,000 aliases', text: () => manyAliases(), code: 'too-many-aliases', says: /16,000 aliases/ },
  { name: '10,000-deep flow nesting', text: () => deepNesting(10_000, 'flow'), code: 'nests-too-deeply', says: /nests too deeply/ },
  { name: '10,000-deep block list nesting', text: () => deepNesting(10_000, 'block-seq'), code: 'nests-too-deeply', says: /nests too deeply/ },
  { name: '700-deep block mapping nesting', text: () => deepNesting(700, 'block-map'), code: 'nests-too-deeply', says: /nests too deeply/ },
  { name: '5 MB file', text: () => bigFile(), code: 'file-too-large', says: /up to 512 KiB/ },
];
