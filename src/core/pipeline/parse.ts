// Parsing a bitbucket-pipelines.yml into both views we need: the node tree
// (with source ranges, for splicing) and the plain data (aliases and merge keys
// resolved, for checking what an edit means).
import { isAlias, isCollection, isNode, isPair, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
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

export type PipelineError = { code: 'yaml-parse-error' | 'no-pipelines-root'; message: string };

export type ParseOutcome = { ok: true; value: ParsedPipeline } | { ok: false; error: PipelineError };

/** Same options everywhere, so the original and the edited text are read alike. */
export function parseYaml(text: string): Document.Parsed {
  return parseDocument(text, { merge: true, keepSourceTokens: true, uniqueKeys: true, prettyErrors: true });
}

/** Plain data of a parsed document; aliases may repeat freely (big files reuse anchors a lot). */
export function toData(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: -1 });
}

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

/** Parses the file and checks it has a `pipelines:` mapping at its root. */
export function parsePipeline(text: string): ParseOutcome {
  const doc = parseYaml(text);
  const lines = new LineIndex(text);
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
  let data: unknown;
  try {
    data = toData(doc);
  } catch (e) {
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

