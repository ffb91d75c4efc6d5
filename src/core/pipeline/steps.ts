// Finds every step of a parsed bitbucket-pipelines.yml: where it is, when it
// runs, and which node holds its definition (aliases followed). Read-only.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { PipelineSelection, StepRef, Trigger } from '../types';
import { mentions } from './data';
import { isRecord, parsePipeline, type ParsedPipeline, type PipelineError } from './parse';

export interface StepSite {
  ref: StepRef;
  /** What follows `step:` (or `final:`) as written: a map, an alias, a scalar… */
  written: Node | null;
  /** The step mapping after following an alias; null when it is not a mapping. */
  map: YAMLMap | null;
  /**
   * Anchor through which this step's mapping is shared (edits there reach every
   * alias): its own, or that of the pipeline item it comes from by `- <<: *item`.
   */
  anchor: string | null;
  /** The step as Bitbucket sees it: aliases and merge keys applied. */
  data: Record<string, unknown>;
  /** `deployment:` of the enclosing stage, which applies to its steps. */
  stageDeployment: string | null;
  /** Anchor of the pipeline item this step is merged from (`- <<: *item`); null when written in the item itself. */
  throughItem: string | null;
  /** Mappings merged into this step with `<<:` (they reach it when edited). */
  mergedFrom: YAMLMap[];
  /**
   * Patterns under `pipelines: branches:`. Bitbucket runs the default pipeline
   * only for branches that match none of them, so they narrow a default step.
   */
  branchPatterns: string[];
}

type PathSeg = string | number;

/** Keys of `pipelines:` whose children are glob → pipeline maps, and what they mean. */
const PATTERN_SECTIONS: Record<string, (pattern: string) => Trigger> = {
  branches: (pattern) => ({ kind: 'branch', pattern }),
  bookmarks: (pattern) => ({ kind: 'branch', pattern }),
  'pull-requests': (pattern) => ({ kind: 'pull-request', pattern }),
  tags: (pattern) => ({ kind: 'tag', pattern }),
  custom: (name) => ({ kind: 'custom', name }),
};

function encodeKey(key: string): string {
  return key.replace(/[%./]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Path segments as text: keys joined by ".", list indexes as "/n". "." "/" "%" in keys are %-escaped. */
export function pathId(segments: PathSeg[]): string {
  return segments
    .map((seg, i) => {
      if (typeof seg === 'number') return `/${seg}`;
      const separator = i === 0 ? '' : typeof segments[i - 1] === 'number' ? '/' : '.';
      return separator + encodeKey(seg);
    })
    .join('');
}

/**
 * Stable id of a pipeline step: ["pipelines","branches","main",0,"step"] → "branches.main/0",
 * [..."default",0,"parallel",1,"step"] → "default/0/parallel/1".
 */
export function stepIdFromPath(path: PathSeg[]): string {
  const inner = path[0] === 'pipelines' ? path.slice(1) : [...path];
  if (inner[inner.length - 1] === 'step') inner.pop();
  return pathId(inner);
}

function keyText(key: unknown): string | null {
  if (!isScalar(key) || key.value === null) return null;
  // With merge keys on, yaml gives `<<` a symbol value.
  return typeof key.value === 'symbol' ? '<<' : String(key.value);
}

/** A key of a mapping as Bitbucket sees it, and the anchor of the merged mapping it came from, if any. */
interface EffectivePair {
  key: string;
  value: unknown;
  /** Set when the pair comes from a mapping merged in with `<<:`: that mapping's anchor. */
  mergedFrom: string | null;
}

class StepCollector {
  readonly sites: StepSite[] = [];
  private readonly branchPatterns: string[] = [];

  constructor(private readonly parsed: ParsedPipeline) {}

  private resolve(node: unknown): unknown {
    return this.parsed.resolve(node);
  }

  private dataAt(path: PathSeg[]): unknown {
    let value: unknown = this.parsed.data;
    for (const seg of path) {
      if (Array.isArray(value) && typeof seg === 'number') value = value[seg];
      else if (isRecord(value) && typeof seg === 'string') value = value[seg];
      else return undefined;
    }
    return value;
  }

  private lineOf(node: unknown, fallback: number): number {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.parsed.lines.line(range[0]) : fallback;
  }

  /** Mappings pulled into `map` through `<<: *x` or `<<: [*x, *y]`, at any depth, each once. */
  private mergeSources(map: YAMLMap, out: YAMLMap[] = [], seen = new Set<YAMLMap>([map])): YAMLMap[] {
    for (const pair of map.items) {
      if (keyText(pair.key) !== '<<') continue;
      const values = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const v of values) {
        const target = this.resolve(v);
        if (!isMap(target) || seen.has(target)) continue;
        seen.add(target);
        out.push(target);
        this.mergeSources(target, out, seen);
      }
    }
    return out;
  }

  /**
   * The pairs of `map` after its merge keys: its own first, then those of the
   * mappings it merges, earlier ones first (YAML's precedence). So a pipeline
   * item written `- <<: *lint` shows the `step:` of the anchored &lint.
   */
  private effectivePairs(map: YAMLMap, out: EffectivePair[] = [], seen = new Set<YAMLMap>(), via: string | null = null): EffectivePair[] {
    seen.add(map);
    const present = (key: string) => out.some((p) => p.key === key);
    for (const pair of map.items) {
      const key = keyText(pair.key);
      if (key !== null && key !== '<<' && !present(key)) out.push({ key, value: pair.value, mergedFrom: via });
    }
    for (const pair of map.items) {
      if (keyText(pair.key) !== '<<') continue;
      const values = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const v of values) {
        const target = this.resolve(v);
        if (isMap(target) && !seen.has(target)) this.effectivePairs(target, out, seen, via ?? target.anchor ?? null);
      }
    }
    return out;
  }

  collect(): StepSite[] {
    const pipelines = this.resolve(this.parsed.doc.get('pipelines', true));
    if (!isMap(pipelines)) return this.sites;
    const data = isRecord(this.parsed.data) ? this.parsed.data.pipelines : undefined;
    const branches = isRecord(data) ? data.branches : undefined;
    if (isRecord(branches)) this.branchPatterns.push(...Object.keys(branches));
    for (const pair of pipelines.items) {
      const section = keyText(pair.key);
      if (section === null) continue;
      const value = this.resolve(pair.value);
      if (section === 'default') {
        this.pipeline(value, ['pipelines', 'default'], { kind: 'default' }, pair.key);
        continue;
      }
      const trigger = PATTERN_SECTIONS[section];
      if (!trigger || !isMap(value)) continue;
      for (const entry of value.items) {
        const pattern = keyText(entry.key);
        if (pattern === null) continue;
        this.pipeline(this.resolve(entry.value), ['pipelines', section, pattern], trigger(pattern), entry.key);
      }
    }
    return this.sites;
  }

  private pipeline(node: unknown, path: PathSeg[], trigger: Trigger, at: unknown): void {
    if (!isSeq(node)) return; // e.g. an `import:` pipeline: no steps of ours to see
    node.items.forEach((raw, i) => {
      const item = this.resolve(raw);
      if (!isMap(item)) return;
      const itemPath = [...path, i];
      const line = this.lineOf(raw, this.lineOf(at, 1));
      for (const { key, value, mergedFrom } of this.effectivePairs(item)) {
        // A merged `step:` is listed at the item that merges it (that is where it runs), line included.
        const at = mergedFrom === null ? undefined : line;
        if (key === 'step' || key === 'final') this.step(value, [...itemPath, key], trigger, null, at ?? this.lineOfKey(item, key, line), mergedFrom);
        else if (key === 'parallel') this.parallel(value, [...itemPath, 'parallel'], trigger, line);
        else if (key === 'stage') this.stage(value, [...itemPath, 'stage'], trigger, line);
      }
    });
  }

  private parallel(raw: unknown, path: PathSeg[], trigger: Trigger, line: number): void {
    const node = this.resolve(raw);
    if (isSeq(node)) this.stepList(node.items, path, trigger, null, line);
    else if (isMap(node)) {
      const steps = this.resolve(node.get('steps', true));
      if (isSeq(steps)) this.stepList(steps.items, [...path, 'steps'], trigger, null, line);
    }
  }

  private stage(raw: unknown, path: PathSeg[], trigger: Trigger, line: number): void {
    const node = this.resolve(raw);
    if (!isMap(node)) return;
    const stageData = this.dataAt(path);
    const deployment = isRecord(stageData) && typeof stageData.deployment === 'string' ? stageData.deployment : null;
    // A stage with `trigger: manual` waits for someone to start it: so do all its steps.
    const manual = isRecord(stageData) && stageData.trigger === 'manual';
    const steps = this.resolve(node.get('steps', true));
    if (isSeq(steps)) this.stepList(steps.items, [...path, 'steps'], trigger, deployment, line, manual);
  }

  private stepList(items: unknown[], path: PathSeg[], trigger: Trigger, deployment: string | null, line: number, stageManual = false): void {
    items.forEach((raw, j) => {
      const item = this.resolve(raw);
      if (!isMap(item)) return;
      const pair = this.effectivePairs(item).find((p) => p.key === 'step');
      if (!pair) return;
      const at = pair.mergedFrom === null ? this.lineOfKey(item, 'step', line) : this.lineOf(raw, line);
      this.step(pair.value, [...path, j, 'step'], trigger, deployment, at, pair.mergedFrom, stageManual);
    });
  }

  /** Line of `key` written in `map` itself. */
  private lineOfKey(map: YAMLMap, key: string, fallback: number): number {
    const pair = map.items.find((p) => keyText(p.key) === key);
    return pair ? this.lineOf(pair.key, fallback) : fallback;
  }

  private step(
    written: unknown,
    path: PathSeg[],
    trigger: Trigger,
    stageDeployment: string | null,
    line: number,
    itemAnchor: string | null = null,
    stageManual = false,
  ): void {
    const target = this.resolve(written);
    const map = isMap(target) ? target : null;
    const data = this.dataAt(path);
    const stepData = isRecord(data) ? data : {};
    const ref: StepRef = { id: stepIdFromPath(path), path, trigger, line };
    if (typeof stepData.name === 'string') ref.name = stepData.name;
    if (mentions(stepData, 'cgr.dev')) ref.suggested = true;
    if (stepData.trigger === 'manual' || stageManual) ref.manual = true;
    this.sites.push({
      ref,
      written: (written as Node | null) ?? null,
      map,
      anchor: map?.anchor ?? itemAnchor,
      throughItem: itemAnchor,
      data: stepData,
      stageDeployment,
      mergedFrom: map ? this.mergeSources(map) : [],
      branchPatterns: this.branchPatterns,
    });
  }
}

/** Every step under `pipelines:` of an already parsed file. */
export function collectSteps(parsed: ParsedPipeline): StepSite[] {
  return new StepCollector(parsed).collect();
}

export type ListStepsResult = { ok: true; steps: StepRef[] } | { ok: false; error: PipelineError };

/** All steps of a bitbucket-pipelines.yml with their trigger, path and line, for the UI to offer. */
export function listSteps(text: string): ListStepsResult {
  const parsed = parsePipeline(text);
  if (!parsed.ok) return parsed;
  return { ok: true, steps: collectSteps(parsed.value).map((s) => s.ref) };
}

/** The deployment environment name a step's token is bound to (its own, else its stage's). */
export function deploymentOf(site: StepSite): string | null {
  const own = site.data.deployment;
  if (typeof own === 'string') return own;
  return site.stageDeployment;
}

/**
 * The steps that already pull from cgr.dev, chosen for `oidc: true`, plus the
 * check pipeline: what the workspace page's "suggested steps" means for one
 * file. Undefined when the file is absent or cannot be read (the plan then
 * adds only the check pipeline, or says why it cannot).
 */
export function suggestedSelection(text: string | null): PipelineSelection | undefined {
  if (text === null) return undefined;
  const listed = listSteps(text);
  if (!listed.ok) return undefined;
  return { steps: listed.steps.filter((s) => s.suggested).map((s) => s.id), addCustomPipeline: true };
}
