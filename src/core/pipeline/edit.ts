// The two edits we make to an existing file, each as (a) whole lines spliced
// into the text and (b) the same change applied to the parsed tree. plan.ts
// re-parses the spliced text and insists its data equals (b): the text edit
// must mean exactly what we intended, or we refuse.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { sameData } from './data';
import { renderYamlLines } from './generate';
import { isRecord, type ParsedPipeline } from './parse';
import type { StepSite } from './steps';
import {
  columnOf,
  indentLines,
  lineEnd,
  lineStart,
  linesAfter,
  linesBefore,
  onlySpacesBefore,
  type LineEnding,
  type Splice,
} from './text';

export interface Edit {
  splices: Splice[];
  /** What the admin should know about this edit beyond the added lines. */
  note?: string;
  /** Applies the same change to the original tree (used to verify the splices). */
  apply: (doc: Document.Parsed) => void;
}

export type EditOutcome = { ok: true; edit: Edit } | { ok: false; reason: string };

export interface EditContext {
  parsed: ParsedPipeline;
  eol: LineEnding;
  /** Spaces per nesting level, as the file uses under `pipelines:`. */
  indentStep: number;
  /** Rendered login lines by content: every chosen step gets the same few variants, and rendering is costly. */
  rendered?: Map<string, string[]>;
}

/** The YAML list lines for `lines`, rendered once per plan. */
function renderedScript(ctx: EditContext, lines: string[]): string[] {
  const key = JSON.stringify(lines);
  const cached = ctx.rendered?.get(key);
  if (cached) return cached;
  const fresh = renderYamlLines(lines, ctx.indentStep);
  ctx.rendered?.set(key, fresh);
  return fresh;
}

type Ranged = { range?: [number, number, number] | null };

function rangeOf(node: unknown): [number, number, number] | null {
  return (node as Ranged | null)?.range ?? null;
}

function keyText(key: unknown): string | null {
  return isScalar(key) && key.value !== null ? String(key.value) : null;
}

function ownPair(map: YAMLMap, key: string) {
  return map.items.find((p) => keyText(p.key) === key);
}

/** Offset just past the last character that belongs to `node` itself (not trailing comments or blank lines). */
function contentEnd(node: unknown): number | null {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1];
    if (last === undefined) return rangeOf(node)?.[1] ?? null;
    if (isMap(node)) {
      const pair = last as { key: unknown; value: unknown };
      return contentEnd(pair.value ?? pair.key) ?? contentEnd(pair.key);
    }
    return contentEnd(last);
  }
  return rangeOf(node)?.[1] ?? null;
}

/**
 * Where lines go so they follow `node` inside its parent: the end of the node's
 * last line, moved past comment lines indented deeper than `column` (they belong
 * to the node, not to what follows).
 */
function insertionAfter(text: string, node: unknown, column: number): number | null {
  const end = contentEnd(node);
  if (end === null) return null;
  let at = lineEnd(text, Math.max(end - 1, 0));
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return at;
    const next = text.slice(nl + 1, lineEnd(text, nl + 1));
    const comment = /^( *)#/.exec(next);
    if (!comment || (comment[1] ?? '').length <= column) return at;
    at = lineEnd(text, nl + 1);
  }
}

/** Column of the first key of a block mapping, if it starts its own line. */
function firstKeyColumn(text: string, map: YAMLMap): number | null {
  const start = rangeOf(map.items[0]?.key)?.[0];
  if (start === undefined || !onlySpacesBefore(text, start)) return null;
  return columnOf(text, start);
}

/** Spaces per level under `pipelines:`; 2 when it cannot be told. */
export function detectIndentStep(parsed: ParsedPipeline): number {
  const root = parsed.doc.contents;
  if (!isMap(root)) return 2;
  const pair = ownPair(root, 'pipelines');
  const keyStart = rangeOf(pair?.key)?.[0];
  if (!pair || keyStart === undefined || !isMap(pair.value)) return 2;
  const child = firstKeyColumn(parsed.text, pair.value);
  const step = child === null ? 0 : child - columnOf(parsed.text, keyStart);
  return step > 0 ? step : 2;
}

function describeShape(node: Node | null): string {
  if (node === null) return 'empty';
  if (isAlias(node)) return `an alias (*${node.source}) to something that is not a mapping`;
  if (isScalar(node)) return 'a single value, not a mapping';
  if (isSeq(node)) return 'a list, not a mapping';
  return 'not a mapping';
}

/** Adds `oidc: true` and `lines` at the top of the step's script. */
export function enableOidcEdit(ctx: EditContext, site: StepSite, lines: string[]): EditOutcome {
  const { text } = ctx.parsed;
  const map = site.map;
  if (!map) return { ok: false, reason: `its "step:" is ${describeShape(site.written)}` };
  if (map.flow) {
    return {
      ok: false,
      reason: 'it is written in flow style ("step: { … }"); rewrite it as an indented block, or add "oidc: true" and the login lines by hand',
    };
  }
  const oidc = ownPair(map, 'oidc');
  const flip = oidc ? plainFalse(text, oidc.value) : null;
  if (oidc && !flip) {
    return { ok: false, reason: 'it already sets "oidc" to something other than true or a plain false; change that line by hand' };
  }
  const script = ownPair(map, 'script');
  if (!script) {
    const inherited = Array.isArray(site.data.script);
    return {
      ok: false,
      reason: inherited
        ? 'its "script:" comes from a merge key (<<:) that the app cannot follow; add the lines by hand'
        : 'it has no "script:" to add the login lines to',
    };
  }
  const seq = script.value;
  if (isAlias(seq)) return { ok: false, reason: `its "script:" is an alias (*${seq.source}); add the lines by hand` };
  if (!isSeq(seq) || seq.flow || seq.items.length === 0) {
    return { ok: false, reason: 'its "script:" is not an indented list ("- command" lines); add the lines by hand' };
  }
  const keyCol = firstKeyColumn(text, map);
  const dash = rangeOf(seq)?.[0];
  if (keyCol === null || dash === undefined || text[dash] !== '-' || !onlySpacesBefore(text, dash)) {
    return { ok: false, reason: 'its layout is unusual (keys or list items do not start their own lines); add the lines by hand' };
  }
  const firstKeyStart = rangeOf(map.items[0]?.key)?.[0] as number;
  const scriptLines = indentLines(renderedScript(ctx, lines), columnOf(text, dash));
  const oidcSplice: Splice = flip
    ? { at: flip.at, text: 'true', replaces: flip.length }
    : { at: lineStart(text, firstKeyStart), text: linesBefore([`${' '.repeat(keyCol)}oidc: true`], ctx.eol) };
  return {
    ok: true,
    edit: {
      splices: [oidcSplice, { at: lineStart(text, dash), text: linesBefore(scriptLines, ctx.eol) }],
      ...(flip ? { note: `its "oidc: false" (line ${ctx.parsed.lines.line(flip.at)}) now says "oidc: true"` } : {}),
      apply: (doc) => {
        if (oidc) oidc.value = doc.createNode(true);
        else map.items.unshift(doc.createPair('oidc', true));
        (seq as YAMLSeq).items.unshift(...lines.map((l) => doc.createNode(l)));
      },
    },
  };
}

/** Where a plain, untagged, unanchored `false` is written (the only oidc value we overwrite). */
function plainFalse(text: string, node: unknown): { at: number; length: number } | null {
  if (!isScalar(node) || node.value !== false || node.type !== 'PLAIN' || node.tag || node.anchor) return null;
  const range = rangeOf(node);
  if (!range) return null;
  const written = text.slice(range[0], range[1]);
  return /^(?:false|False|FALSE)$/.test(written) ? { at: range[0], length: written.length } : null;
}

export type CustomPipelineOutcome =
  | { ok: true; kind: 'present'; name: string }
  | { ok: true; kind: 'add'; name: string; edit: Edit }
  | { ok: false; reason: string };

/** Why we cannot add a pipeline to what `custom:` holds. */
function customShape(node: unknown): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'empty (give it a pipeline or remove the line "custom:")';
  if (isAlias(node)) return `an alias (*${node.source}), and adding to it would change every place that uses &${node.source}`;
  if ((isMap(node) || isSeq(node)) && node.flow) return 'written in flow style ("{ … }"), which we do not rewrite';
  return 'not a mapping of pipeline names';
}

/** First name, from `base`, `base-2`, …, that is free or already holds exactly `pipeline`. */
function chooseName(existing: Record<string, unknown>, base: string, pipeline: unknown): { name: string; present: boolean } {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(name in existing)) return { name, present: false };
    if (sameData(existing[name], pipeline)) return { name, present: true };
  }
}

/** Adds `custom: <name>: <pipeline>` under `pipelines:`, creating `custom:` when absent. */
export function addCustomPipelineEdit(ctx: EditContext, baseName: string, pipeline: unknown[]): CustomPipelineOutcome {
  const { text, doc, data } = ctx.parsed;
  const root = doc.contents;
  const pipelinesPair = isMap(root) ? ownPair(root, 'pipelines') : undefined;
  const pipelines = pipelinesPair?.value;
  if (!isMap(pipelines) || pipelines.flow) {
    return { ok: false, reason: '"pipelines:" is not an indented mapping (it is an alias or written in flow style)' };
  }
  const customData = isRecord(data) && isRecord(data.pipelines) ? data.pipelines.custom : undefined;
  const { name, present } = chooseName(isRecord(customData) ? customData : {}, baseName, pipeline);
  if (present) return { ok: true, kind: 'present', name };

  const customPair = ownPair(pipelines, 'custom');
  if (customPair) {
    const custom = customPair.value;
    if (!isMap(custom) || custom.flow || custom.items.length === 0) {
      return { ok: false, reason: `"custom:" under "pipelines:" is ${customShape(custom)}` };
    }
    const column = firstKeyColumn(text, custom);
    const at = column === null ? null : insertionAfter(text, custom, column);
    if (column === null || at === null) return { ok: false, reason: 'the layout of "custom:" is unusual' };
    const lines = indentLines(renderYamlLines({ [name]: pipeline }, ctx.indentStep), column);
    return {
      ok: true,
      kind: 'add',
      name,
      edit: { splices: [{ at, text: linesAfter(lines, ctx.eol) }], apply: (d) => custom.add(d.createPair(name, pipeline)) },
    };
  }
  if (customData !== undefined) return { ok: false, reason: '"custom:" reaches "pipelines:" through a merge key (<<:)' };
  const column = firstKeyColumn(text, pipelines);
  const at = column === null ? null : insertionAfter(text, pipelines, column);
  if (column === null || at === null) return { ok: false, reason: 'the layout of "pipelines:" is unusual' };
  const lines = indentLines(renderYamlLines({ custom: { [name]: pipeline } }, ctx.indentStep), column);
  return {
    ok: true,
    kind: 'add',
    name,
    edit: {
      splices: [{ at, text: linesAfter(lines, ctx.eol) }],
      apply: (d) => pipelines.add(d.createPair('custom', { [name]: pipeline })),
    },
  };
}
