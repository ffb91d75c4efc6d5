// Where an edit made inside an anchored step also lands: every `*alias` of it
// and every step that merges it with `<<:`.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { StepRef } from '../types';
import type { ParsedPipeline } from './parse';
import { stepIdFromPath, type StepSite } from './steps';

/** Path from the root to `target` in the written tree (aliases not followed). */
function pathTo(node: unknown, target: Node): (string | number)[] | null {
  if (node === target) return [];
  if (isMap(node)) {
    for (const pair of node.items) {
      const sub = pathTo(pair.value, target);
      if (sub) return [isScalar(pair.key) ? String(pair.key.value) : String(pair.key), ...sub];
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const sub = pathTo(node.items[i], target);
      if (sub) return [i, ...sub];
    }
  }
  return null;
}

/**
 * Where an anchored step is defined: the pipeline step that writes it, or its
 * place outside the pipelines (e.g. definitions.steps), which then borrows the
 * trigger of `via`, the step it was reached from.
 */
function definitionRef(parsed: ParsedPipeline, sites: StepSite[], map: YAMLMap, via: StepRef): StepRef {
  // A step merged in from an item (`- <<: *item`) is a use of the mapping, not where it is written.
  const own = sites.find((s) => s.written === map && s.throughItem === null);
  if (own) return own.ref;
  const path = pathTo(parsed.doc.contents, map) ?? [];
  const ref: StepRef = { id: stepIdFromPath(path), path, trigger: via.trigger, line: parsed.lines.line(map.range?.[0] ?? 0) };
  const name = map.get('name');
  if (typeof name === 'string') ref.name = name;
  return ref;
}

/** The definition of an anchored step and every other pipeline step an edit of it reaches. */
export function aliasReach(
  parsed: ParsedPipeline,
  sites: StepSite[],
  map: YAMLMap,
  via: StepRef,
): { definedAt: StepRef; alsoChanges: StepRef[] } {
  const definedAt = definitionRef(parsed, sites, map, via);
  const alsoChanges = sites
    .filter((s) => s.ref.id !== definedAt.id && (s.map === map || s.mergedFrom.includes(map)))
    .map((s) => s.ref);
  return { definedAt, alsoChanges };
}
