// The stated bounds on a bitbucket-pipelines.yml this app reads, and the checks
// that enforce them before the expensive work. Real files are far inside them
// (the 20 public files in our corpus: at most 187 KiB, 1,100 values, 132
// aliases, 9 levels); a file outside them is refused with a code of its own and
// a message naming the limit, so no file can hang the resolver or the page.
//
// Two passes:
// 1. before parsing, on the text: the byte count (exact), and cheap estimates
//    of entries and nesting that can only over-count, refused at twice the
//    limit. yaml's parser costs grow with nesting and entry count, so a 10,000
//    deep or 40,000 key file never reaches it;
// 2. after parsing, before toJS() and every walk of ours: the exact counts of
//    entries, aliases and depth, refused at the limit.
// The alias expansion bound is yaml's own guard (toJS maxAliasCount), kept on.
import { isAlias, isCollection, isPair, type Document, type Node } from 'yaml';
import type { PipelineLimitCode } from '../types';
import { LineIndex } from './text';

export const PIPELINE_LIMITS = {
  /** UTF-8 bytes of the file. */
  maxBytes: 512 * 1024,
  /** Keys and list items, counted over the whole file (aliases not expanded). */
  maxNodes: 20_000,
  /** `*name` aliases in the file. */
  maxAliases: 1_000,
  /** Levels of nested mappings and lists. */
  maxDepth: 64,
  /**
   * yaml's `maxAliasCount`: how far aliases may multiply (uses of an anchor
   * times the aliases inside it). A chain of anchors each aliasing the previous
   * one ten times ("billion laughs") passes it at the fifth level.
   */
  maxAliasExpansion: 10_000,
  /** Characters of one branch, tag or pull-request pattern under `pipelines:`. */
  maxPatternLength: 1_000,
} as const;

export interface LimitBreach {
  code: PipelineLimitCode;
  message: string;
}

const FIX =
  'Nothing was changed. Simplify the file on the main branch, or add "oidc: true" and the login lines to your steps by hand ' +
  '(section 4 of this page shows them).';

const count = (n: number): string => n.toLocaleString('en-US');

function tooLarge(bytes: number | null): LimitBreach {
  const size = bytes === null ? `over ${count(PIPELINE_LIMITS.maxBytes / 1024)} KiB` : `${count(Math.ceil(bytes / 1024))} KiB`;
  return {
    code: 'file-too-large',
    message:
      `bitbucket-pipelines.yml is ${size}; this app reads files up to ${count(PIPELINE_LIMITS.maxBytes / 1024)} KiB. ` +
      `Move long scripts into files in the repository and call them from the steps. ${FIX}`,
  };
}

function tooManyNodes(atLeast: number): LimitBreach {
  return {
    code: 'too-many-nodes',
    message:
      `bitbucket-pipelines.yml has more than ${count(PIPELINE_LIMITS.maxNodes)} keys and list items (about ${count(atLeast)}); ` +
      `this app reads at most ${count(PIPELINE_LIMITS.maxNodes)}. ${FIX}`,
  };
}

/** For a reader that ran out of stack although the checks passed: the file still nests too deeply for it. */
export function nestsTooDeeplyToRead(): LimitBreach {
  return {
    code: 'nests-too-deeply',
    message: `bitbucket-pipelines.yml nests too deeply to be read (this app reads at most ${PIPELINE_LIMITS.maxDepth} levels). Flatten the deepest part of the file. ${FIX}`,
  };
}

function tooDeep(line: number, levels: number): LimitBreach {
  return {
    code: 'nests-too-deeply',
    message:
      `bitbucket-pipelines.yml nests too deeply: at line ${line} it is ${count(levels)} or more levels deep, and this app reads at most ` +
      `${PIPELINE_LIMITS.maxDepth} levels (a Bitbucket pipeline needs about 10). Flatten that part of the file. ${FIX}`,
  };
}

function tooManyAliases(found: number, estimated = false): LimitBreach {
  return {
    code: 'too-many-aliases',
    message:
      `bitbucket-pipelines.yml uses ${estimated ? 'about ' : ''}${count(found)} aliases (*name); this app reads at most ${count(PIPELINE_LIMITS.maxAliases)}. ` +
      `Write some of the repeated parts out, or merge steps that share an anchor. ${FIX}`,
  };
}

export function aliasExpansionTooLarge(): LimitBreach {
  return {
    code: 'alias-expansion-too-large',
    message:
      'bitbucket-pipelines.yml has anchors whose aliases multiply: an anchor that holds aliases of another anchor, used many times, ' +
      `expands past this app's bound (${count(PIPELINE_LIMITS.maxAliasExpansion)} uses counted through nested anchors, as in a "billion laughs"). ` +
      `Shorten the chain of anchors that alias each other. ${FIX}`,
  };
}

export function patternTooLong(line: number, length: number): LimitBreach {
  return {
    code: 'pattern-too-long',
    message:
      `The pipeline pattern at line ${line} is ${count(length)} characters long; this app matches patterns of up to ` +
      `${count(PIPELINE_LIMITS.maxPatternLength)} characters. Shorten it (a branch name is at most a few hundred). ${FIX}`,
  };
}

/** UTF-8 length of `text`, or null once it is past `limit` (a 5 MB file is not walked to the end). */
function utf8LengthUpTo(text: string, limit: number): number | null {
  // Every UTF-16 unit is at least one byte: a long string is over without counting.
  if (text.length > limit) return null;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return null;
  }
  return bytes;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const NL = 0x0a;
const code = (c: string): number => c.charCodeAt(0);
const [HASH, DASH, QUESTION, STAR, COMMA, COLON, DQUOTE, SQUOTE] = ['#', '-', '?', '*', ',', ':', '"', "'"].map(code) as number[];
const [OPEN_SEQ, OPEN_MAP, CLOSE_SEQ, CLOSE_MAP] = ['[', '{', ']', '}'].map(code) as number[];

const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === CR || c === NL;
/** Characters after which a quote or an alias starts a node. */
const startsNode = (c: number): boolean => isBlank(c) || c === OPEN_SEQ || c === OPEN_MAP || c === COMMA || c === COLON;

/**
 * Over-estimates of entries, aliases and depth, from the text alone, in one
 * pass. An entry is a line's content start, a ": " and a ","; an alias is a
 * "*" that starts a word; depth is the indentation levels open at a line, plus
 * its leading "- " / "? " indicators, plus open flow brackets (quoted text
 * skipped; an unclosed bracket in a plain scalar only counts until the
 * indentation falls back).
 */
function estimate(text: string): { entries: number; aliases: number; depth: number; depthAt: number } {
  let entries = 0;
  let aliases = 0;
  let depth = 0;
  let depthAt = 0;
  const indents: number[] = [];
  let flow = 0;
  let flowIndent = -1;
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = length;
    let i = pos;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    const indent = i - pos;
    const first = text.charCodeAt(i);
    if (i < end && first !== HASH && first !== CR) {
      entries++;
      if (flow > 0 && indent <= flowIndent) flow = 0;
      while (indents.length > 0 && (indents[indents.length - 1] as number) > indent) indents.pop();
      if (indents.length === 0 || (indents[indents.length - 1] as number) < indent) indents.push(indent);
      let compact = 0;
      for (let c = text.charCodeAt(i); i + 1 < end && (c === DASH || c === QUESTION) && text.charCodeAt(i + 1) === SPACE; c = text.charCodeAt(i)) {
        compact++;
        i += 2;
        while (i < end && text.charCodeAt(i) === SPACE) i++;
      }
      let deepest = flow;
      for (let quote = 0; i < end; i++) {
        const c = text.charCodeAt(i);
        if (quote !== 0) {
          if (c === quote) quote = 0;
          continue;
        }
        const before = i === pos ? SPACE : text.charCodeAt(i - 1);
        if ((c === DQUOTE || c === SQUOTE) && startsNode(before)) quote = c;
        else if (c === HASH && isBlank(before)) break;
        else if (c === OPEN_SEQ || c === OPEN_MAP) {
          if (flow === 0) flowIndent = indent;
          flow++;
          if (flow > deepest) deepest = flow;
        } else if (c === CLOSE_SEQ || c === CLOSE_MAP) flow = Math.max(0, flow - 1);
        else if (c === COMMA || (c === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE))) entries++;
        else if (c === STAR && before !== COLON && startsNode(before) && i + 1 < end && !isBlank(text.charCodeAt(i + 1)) && text.charCodeAt(i + 1) !== STAR) aliases++;
      }
      const here = indents.length + compact + deepest;
      if (here > depth) {
        depth = here;
        depthAt = pos;
      }
    }
    pos = end + 1;
  }
  return { entries, aliases, depth, depthAt };
}

/** The refusal of a file over maxBytes, or null. Cheap: callers check it before passing a file on. */
export function checkFileSize(text: string): LimitBreach | null {
  if (utf8LengthUpTo(text, PIPELINE_LIMITS.maxBytes) !== null) return null;
  return tooLarge(text.length > PIPELINE_LIMITS.maxBytes * 4 ? null : new TextEncoder().encode(text).length);
}

/** The first limit the text breaks before parsing, or null. */
export function checkSourceLimits(text: string): LimitBreach | null {
  const size = checkFileSize(text);
  if (size) return size;
  const guess = estimate(text);
  if (guess.depth > 2 * PIPELINE_LIMITS.maxDepth) return tooDeep(new LineIndex(text).line(guess.depthAt), guess.depth);
  if (guess.entries > 2 * PIPELINE_LIMITS.maxNodes) return tooManyNodes(guess.entries);
  if (guess.aliases > 2 * PIPELINE_LIMITS.maxAliases) return tooManyAliases(guess.aliases, true);
  return null;
}

/** The first limit the parsed tree breaks, or null. Iterative: the tree may be deep. */
export function checkTreeLimits(doc: Document.Parsed, lines: LineIndex): LimitBreach | null {
  let entries = 0;
  let aliases = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (isAlias(node)) {
      aliases++;
      continue;
    }
    if (!isCollection(node)) continue;
    const level = depth + 1;
    if (level > PIPELINE_LIMITS.maxDepth) return tooDeep(lines.line((node as Node).range?.[0] ?? 0), level);
    entries += node.items.length;
    if (entries > PIPELINE_LIMITS.maxNodes) return tooManyNodes(entries);
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: level });
        stack.push({ node: item.value, depth: level });
      } else stack.push({ node: item, depth: level });
    }
  }
  return aliases > PIPELINE_LIMITS.maxAliases ? tooManyAliases(aliases) : null;
}
