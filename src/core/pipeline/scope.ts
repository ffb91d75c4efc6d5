// The second half of the safety net: verify.ts proves the text means what the
// tree edit means, but a tree edit reaches every alias of what it touches. This
// check proves the data changed only at the places the plan reports (chosen
// steps, steps reached through a reported anchor, our custom pipeline), so a
// shared `script: &s`, an aliased pipeline or an aliased `custom:` cannot carry
// our lines somewhere unannounced.
import { isAlias, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { PipelineChanges } from '../types';
import { isRecord, type ParsedPipeline } from './parse';
import { DataComparer } from './data';

type Path = (string | number)[];

const keyOf = (path: Path): string => path.map(String).join('\u0000');

/**
 * First path where `a` and `b` differ, not looking inside `allowed` paths; null
 * when they agree everywhere else. Equal parts are skipped by identity-memoised
 * comparison, so a shared anchor is compared once however often it is used; the
 * walk only descends into parts that differ, and stops at the first that is
 * not allowed.
 */
function firstDifference(a: unknown, b: unknown, path: Path, allowed: Set<string>, comparer: DataComparer): Path | null {
  if (allowed.has(keyOf(path)) || comparer.same(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const found = firstDifference(a[i], b[i], [...path, i], allowed, comparer);
      if (found) return found;
    }
    return null;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const inner = [...path, key];
      if (!(key in a) || !(key in b)) {
        if (!allowed.has(keyOf(inner))) return inner;
        continue;
      }
      const found = firstDifference(a[key], b[key], inner, allowed, comparer);
      if (found) return found;
    }
    return null;
  }
  return path;
}

/** True when `map` is one of `edited` or merges one of them (through `<<:`, at any depth). */
function carries(parsed: ParsedPipeline, map: YAMLMap, edited: Set<unknown>, seen = new Set<unknown>()): boolean {
  if (edited.has(map)) return true;
  if (seen.has(map)) return false;
  seen.add(map);
  return map.items.some((pair) => {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') return false; // only `<<` has a symbol key
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    return sources.some((v) => {
      const source = parsed.resolve(v);
      return isMap(source) && carries(parsed, source, edited, seen);
    });
  });
}

/**
 * Every place in the written tree that holds an edited step mapping, as itself,
 * through an alias, or merged: the same step written once and used many times
 * (in `definitions:` too), so the edit is meant to show there.
 */
export function placesOf(parsed: ParsedPipeline, edited: Set<unknown>): Path[] {
  const found: Path[] = [];
  if (edited.size === 0) return found;
  const known = new Map<YAMLMap, boolean>();
  const carriesEdit = (map: YAMLMap): boolean => {
    let answer = known.get(map);
    if (answer === undefined) known.set(map, (answer = carries(parsed, map, edited)));
    return answer;
  };
  const walk = (node: unknown, path: Path): void => {
    const target = parsed.resolve(node);
    if (isMap(target) && carriesEdit(target)) found.push(path);
    if (isAlias(node)) return;
    if (isMap(node)) {
      // A `<<:` value is no place of its own: what it merges shows in this map, found above.
      for (const pair of node.items) if (isScalar(pair.key) && typeof pair.key.value !== 'symbol') walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(parsed.doc.contents, []);
  return found;
}

/**
 * Null when `after` differs from `before` only where `changes` says, or at
 * `sharedPlaces` (see placesOf); otherwise the first other place that differs.
 */
export function outsideChanges(before: unknown, after: unknown, changes: PipelineChanges, sharedPlaces: Path[] = []): string | null {
  const paths: Path[] = [
    ...changes.oidcAddedTo.map((s) => s.path),
    ...changes.reachedThroughAliases.flatMap((r) => [r.definedAt.path, ...r.alsoChanges.map((s) => s.path)]),
    ...sharedPlaces,
  ];
  if (changes.addedCustomPipeline !== null) {
    const pipelines = isRecord(before) ? before.pipelines : undefined;
    // A custom: section we create is ours as a whole; in an existing one, only our pipeline is.
    paths.push(isRecord(pipelines) && pipelines.custom !== undefined ? ['pipelines', 'custom', changes.addedCustomPipeline] : ['pipelines', 'custom']);
  }
  const where = firstDifference(before, after, [], new Set(paths.map(keyOf)), new DataComparer());
  return where === null ? null : where.map(String).join('.');
}
