// Whether one OIDC step's token will be accepted, as a coloured word plus the reason in plain words.
import type { TrustFinding } from '../../../../src/core/types';
import { StatusTag } from './StatusTag';

const tone = { accepted: 'success', partly: 'warning', refused: 'danger' } as const;
const words = { accepted: 'Accepted', partly: 'Partly accepted', refused: 'Refused' } as const;

export function TrustVerdict({ finding }: { finding: TrustFinding }) {
  const verdict = finding.verdict;
  return (
    <li>
      <strong>{stepLabel(finding.step)}</strong> <StatusTag tone={tone[verdict]}>{words[verdict]}</StatusTag> <span>{finding.reason}</span>
    </li>
  );
}

export function stepLabel(step: TrustFinding['step']): string {
  const name = step.name ? `"${step.name}"` : step.id;
  return `${name} (line ${step.line})`;
}
