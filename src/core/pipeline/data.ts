// Comparing plain YAML data (what toJS() gives): mapping key order does not
// matter to Bitbucket, sequence order does.
//
// toJS() gives every alias of an anchor the same object, so a 643-byte file can
// describe a tree of a billion nodes that is only a few hundred objects. Every
// walk here therefore goes by identity: a pair of objects is compared once, an
// object is searched once, and nothing is expanded into copies.
import { isRecord } from './parse';

/** Pairs of objects already compared (or being compared: a recursive anchor compares equal to itself). */
export class DataComparer {
  private readonly verdicts = new Map<object, Map<object, boolean>>();

  same(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
    let known = this.verdicts.get(a);
    const verdict = known?.get(b);
    if (verdict !== undefined) return verdict;
    if (!known) this.verdicts.set(a, (known = new Map()));
    known.set(b, true);
    const answer = this.compare(a, b);
    known.set(b, answer);
    return answer;
  }

  private compare(a: object, b: object): boolean {
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      return a.every((item, i) => this.same(item, b[i]));
    }
    if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
    if (isRecord(a) && isRecord(b)) {
      const keys = Object.keys(a);
      if (keys.length !== Object.keys(b).length) return false;
      return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && this.same(a[k], b[k]));
    }
    return false;
  }
}

export function sameData(a: unknown, b: unknown): boolean {
  return new DataComparer().same(a, b);
}

/** True when some string in `value` contains `needle`; each shared object is searched once. */
export function mentions(value: unknown, needle: string): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') {
      if (next.includes(needle)) return true;
    } else if (typeof next === 'object' && next !== null && !seen.has(next)) {
      seen.add(next);
      if (Array.isArray(next)) stack.push(...next);
      else if (isRecord(next)) for (const [key, child] of Object.entries(next)) stack.push(key, child);
    }
  }
  return false;
}

/** A short description of a value for a message: scalars as written, collections by kind (never serialised whole). */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
