// One hostile-files measurement, in a process of its own so that its peak
// memory is its own: generates the file, warms the core up on a small file,
// then times what loadPage (inspectPipeline: steps and trust report) and openPullRequest
// (planPipeline, every listed step chosen) do with it. Prints one JSON line.
// Run by preview/bench/hostile.ts: node --import tsx hostile-child.ts <case>.
import { inspectPipeline, planPipeline } from '../../src/core/pipeline';
import type { RepositoryFacts } from '../../src/core/types';
import { HOSTILE_CASES, honestFile } from './hostile-files';

const FACTS: RepositoryFacts = {
  workspace: { slug: 'bench', uuid: '{11111111-2222-4333-8444-555555555555}' },
  repository: { slug: 'hostile', uuid: '{66666666-7777-4888-8999-aaaaaaaaaaaa}', mainBranch: 'main' },
  environments: [],
};
const CHOICES = { organization: 'example.com', trust: { kind: 'repository' as const } };

export interface ChildResult {
  name: string;
  bytes: number;
  /** What loadPage does with the file: inspectPipeline (its steps and trust report, one parse). */
  loadMs: number;
  /** What openPullRequest does with it: planPipeline with every listed step chosen. */
  planMs: number;
  outcome: string;
  steps: number;
  baselineMb: number;
  peakMb: number;
}

function work(text: string): { outcome: string; steps: number; loadMs: number; planMs: number } {
  const started = performance.now();
  const listed = inspectPipeline(text, FACTS, CHOICES);
  const loaded = performance.now();
  const steps = listed.ok ? listed.steps.map((s) => s.id) : [];
  const plan = planPipeline(text, FACTS, CHOICES, { steps });
  const planned = performance.now();
  return {
    outcome: plan.ok ? `planned, ${plan.changes.oidcAddedTo.length} steps changed` : `refused: ${plan.error.code}`,
    steps: steps.length,
    loadMs: loaded - started,
    planMs: planned - loaded,
  };
}

const name = process.argv[2] ?? '';
const source = name === 'honest' ? honestFile : HOSTILE_CASES.find((c) => c.name === name)?.text;
if (!source) throw new Error(`No hostile case named ${JSON.stringify(name)}`);
work('pipelines:\n  default:\n    - step:\n        script:\n          - make\n'); // loads and warms the modules
const baselineMb = process.resourceUsage().maxRSS / 1024;
const text = source();
const { outcome, steps, loadMs, planMs } = work(text);
const result: ChildResult = {
  name,
  bytes: new TextEncoder().encode(text).length,
  loadMs,
  planMs,
  outcome,
  steps,
  baselineMb,
  peakMb: process.resourceUsage().maxRSS / 1024,
};
console.log(JSON.stringify(result));
