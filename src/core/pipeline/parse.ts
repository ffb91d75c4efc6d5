// Parsing a bitbucket-pipelines.yml into both views we need: the node tree
// (with source ranges, for splicing) and the plain data (aliases and merge keys
// resolved, for checking what an edit means).
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { PipelineLimitCode } from '../types';
import { aliasExpansionTooLarge, checkSourceLimits, checkTreeLimits, nestsTooDeeplyToRead, patternTooLong, PIPELINE_LIMITS } from './limits';
import { LineIndex } from './text';

export interface ParsedPipeline {
  text: string;
  doc: Document.Parsed;
  /** doc.toJS() with merge keys applied. */
  data: unknown;
  lines: LineIndex;
  /** Follows an alias to its anchored node in O(log n) (yaml's own resolve() scans the whole document). */
  resolve: (node: unknown) => unknown;
}

export type PipelineError = { code: 'yaml-parse-error' | 'no-pipelines-root' | PipelineLimitCode; message: string };

export type ParseOutcome = { ok: true; value: ParsedPipeline } | { ok: false; error: PipelineError };

/**
 * Same options everywhere, so the original and the edited text are read alike.
 * Duplicate keys are found by duplicateKey() below: yaml's uniqueKeys compares
 * each key with every earlier one (40,000 keys took 24 s).
 */
export function parseYaml(text: string): Document.Parsed {
  return parseDocument(text, { merge: true, keepSourceTokens: true, uniqueKeys: false, prettyErrors: true });
}

/**
 * Plain data of a parsed document. Aliases share one object per anchor (never
 * copied), and yaml's guard against multiplying aliases stays on with our bound.
 */
export function toData(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: PIPELINE_LIMITS.maxAliasExpansion });
}

/** yaml's words when its alias guard trips. */
const ALIAS_GUARD = /Excessive alias count/;

function parseError(line: number | undefined, col: number | undefined, what: string): PipelineError {
  const where = line !== undefined ? `line ${line}${col !== undefined ? `, column ${col}` : ''}: ` : '';
  return {
    code: 'yaml-parse-error',
    message:
      `bitbucket-pipelines.yml is not valid YAML (${where}${what}). ` +
      'Fix the file on the main branch (Bitbucket\'s pipeline editor shows the error), then try again.',
  };
}

/** First line of a yaml error message (the rest is a source excerpt). */
function headline(message: string): string {
  const first = message.split('\n')[0]?.trim() ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** Finds an alias with no anchor before it, which toJS() refuses. */
function unresolvedAlias(doc: Document.Parsed, lines: LineIndex): PipelineError | null {
  let found: PipelineError | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        const line = node.range ? lines.line(node.range[0]) : undefined;
        found = parseError(line, undefined, `the alias *${node.source} has no anchor &${node.source} before it; if a value starts with "*", quote it`);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Resolver for aliases: an alias means the closest anchor of that name before
 * it (anchors may be redefined), found by binary search over anchor offsets.
 */
export function aliasResolver(doc: Document.Parsed): (node: unknown) => unknown {
  const anchors = new Map<string, { at: number; node: Node }[]>();
  // A plain walk: yaml's visit() builds a path for every node, which costs more than the parse of a big file.
  const walk = (node: unknown): void => {
    if (!isNode(node) || isAlias(node)) return;
    if (node.anchor && node.range) {
      const list = anchors.get(node.anchor) ?? [];
      list.push({ at: node.range[0], node });
      anchors.set(node.anchor, list);
    }
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    }
  };
  walk(doc.contents);
  return (node: unknown) => {
    if (!isAlias(node)) return node;
    const alias = node as Alias;
    const list = anchors.get(alias.source);
    const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    if (!list) return undefined;
    let found: Node | undefined;
    for (let lo = 0, hi = list.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      const entry = list[mid] as { at: number; node: Node };
      if (entry.at < at) {
        found = entry.node;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first repeated scalar key of any mapping (merge keys may repeat), in one pass per mapping. */
export function duplicateKey(doc: Document.Parsed, lines: LineIndex): PipelineError | null {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isCollection(node)) continue;
    const seen = new Set<unknown>();
    for (const item of node.items) {
      if (!isPair(item)) {
        stack.push(item);
        continue;
      }
      stack.push(item.key, item.value);
      if (!isMap(node) || !isScalar(item.key) || typeof item.key.value === 'symbol') continue;
      const key = item.key.value;
      if (seen.has(key)) {
        const line = item.key.range ? lines.line(item.key.range[0]) : undefined;
        return parseError(line, undefined, `the key "${String(key)}" appears twice in the same mapping, which YAML does not allow; remove one`);
      }
      seen.add(key);
    }
  }
  return null;
}

/** Keys under `pipelines:` that Bitbucket reads as patterns. */
const PATTERN_SECTIONS = ['branches', 'bookmarks', 'pull-requests', 'tags'];

/** A pattern key longer than the matcher's bound, if any. */
function longPattern(doc: Document.Parsed, lines: LineIndex): PipelineError | null {
  const pipelines = doc.get('pipelines', true);
  if (!isMap(pipelines)) return null;
  for (const section of PATTERN_SECTIONS) {
    const patterns = pipelines.get(section, true);
    if (!isMap(patterns)) continue;
    for (const pair of patterns.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key.length > PIPELINE_LIMITS.maxPatternLength) {
        return patternTooLong(lines.line((pair.key as Node).range?.[0] ?? 0), key.length);
      }
    }
  }
  return null;
}

/**
 * yaml's tree, once the text is inside every stated limit (limits.ts): the
 * checks on the text run before the parser, those on the tree before toJS().
 */
export function parseWithinLimits(text: string): { ok: true; doc: Document.Parsed; lines: LineIndex } | { ok: false; error: PipelineError } {
  const early = checkSourceLimits(text);
  if (early) return { ok: false, error: early };
  let doc: Document.Parsed;
  try {
    doc = parseYaml(text);
  } catch (e) {
    // The text checks over-estimate depth, so this should not happen; if it does, say what it means.
    if (e instanceof RangeError) return { ok: false, error: nestsTooDeeplyToRead() };
    throw e;
  }
  const lines = new LineIndex(text);
  const tree = checkTreeLimits(doc, lines);
  if (tree) return { ok: false, error: tree };
  return { ok: true, doc, lines };
}

/** Parses the file and checks it has a `pipelines:` mapping at its root. */
export function parsePipeline(text: string): ParseOutcome {
  const bounded = parseWithinLimits(text);
  if (!bounded.ok) return bounded;
  const { doc, lines } = bounded;
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    // yaml's own wording for this one names its API, which means nothing to the admin.
    const what =
      first.code === 'MULTIPLE_DOCS'
        ? 'a second YAML document starts here, after a "---" line; bitbucket-pipelines.yml must be one document, so remove the "---" line or what follows it'
        : headline(first.message);
    return { ok: false, error: parseError(pos?.line, pos?.col, what) };
  }
  const repeated = duplicateKey(doc, lines) ?? longPattern(doc, lines);
  if (repeated) return { ok: false, error: repeated };
  let data: unknown;
  try {
    data = toData(doc);
  } catch (e) {
    if (e instanceof Error && ALIAS_GUARD.test(e.message)) return { ok: false, error: aliasExpansionTooLarge() };
    if (e instanceof RangeError) return { ok: false, error: nestsTooDeeplyToRead() };
    const located = unresolvedAlias(doc, lines);
    return { ok: false, error: located ?? parseError(undefined, undefined, e instanceof Error ? e.message : String(e)) };
  }
  if (!isRecord(data) || !('pipelines' in data)) {
    const sharedOnly = isRecord(data) && isRecord(data.definitions) && 'pipelines' in data.definitions;
    if (sharedOnly) {
      return {
        ok: false,
        error: {
          code: 'no-pipelines-root',
          message:
            'bitbucket-pipelines.yml only defines shared pipelines (definitions: pipelines:) for other repositories and has no ' +
            'top-level "pipelines:" section of its own. Add the Chainguard step to the repository that runs these pipelines, ' +
            'or add a "pipelines:" section here first.',
        },
      };
    }
    return {
      ok: false,
      error: {
        code: 'no-pipelines-root',
        message:
          'bitbucket-pipelines.yml has no top-level "pipelines:" section, so Bitbucket runs nothing from it. ' +
          'Add a "pipelines:" section (or remove the file to let this app create one), then try again.',
      },
    };
  }
  if (!isRecord(data.pipelines)) {
    return {
      ok: false,
      error: {
        code: 'no-pipelines-root',
        message: 'The top-level "pipelines:" in bitbucket-pipelines.yml is empty or not a mapping of pipelines. Fix it, then try again.',
      },
    };
  }
  return { ok: true, value: { text, doc, data, lines, resolve: aliasResolver(doc) } };
}

