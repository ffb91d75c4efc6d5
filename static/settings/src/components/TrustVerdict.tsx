// Whether one OIDC step's token will be accepted, as a coloured word plus the reason in plain words.
import type { TrustFinding } from '@app/core/types';
import { StatusTag } from './StatusTag';
import { isolated } from '../lib/isolate';

const tone = { accepted: 'success', partly: 'warning', refused: 'danger' } as const;
const words = { accepted: 'Accepted', partly: 'Partly accepted', refused: 'Refused' } as const;

/** `label`: how to name the step, when its line must refer to another version of the file. */
export function TrustVerdict({ finding, label }: { finding: TrustFinding; label?: string }) {
  const verdict = finding.verdict;
  return (
    <li>
      <strong>{label ?? stepLabel(finding.step)}</strong> <StatusTag tone={tone[verdict]}>{words[verdict]}</StatusTag> <span>{finding.reason}</span>
    </li>
  );
}

/** A step in a few words; where it runs tells apart steps that share a name. */
export function stepLabel(step: TrustFinding['step']): string {
  // Names come from the repository: isolated, so they cannot reorder the sentence around them.
  const name = step.name ? `"${isolated(step.name)}"` : isolated(step.id);
  return `${name} (line ${step.line}, ${isolated(runsOn(step.trigger))})`;
}

function runsOn(trigger: TrustFinding['step']['trigger']): string {
  switch (trigger.kind) {
    case 'default':
      return 'default pipeline';
    case 'branch':
      return `branch ${trigger.pattern}`;
    case 'pull-request':
      return `pull requests ${trigger.pattern}`;
    case 'tag':
      return `tags ${trigger.pattern}`;
    case 'custom':
      return `custom ${trigger.name}`;
  }
}
