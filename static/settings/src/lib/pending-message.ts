// What the Terraform and pipeline sections say while the choices are not valid
// yet: they name the field to fix, so an admin whose organization is fine is not
// sent back to it when, say, the branch name is the problem.
import type { FieldError } from '@app/core/types';

/** The visible label of each form field the core can reject. */
export const FIELD_LABELS: Record<string, string> = {
  organization: 'Chainguard organization',
  identityName: 'Identity name',
  role: 'Role',
  'trust.branch': 'Branch name',
  'trust.environmentUuid': 'Deployment environment',
  'image.name': 'Image name',
  'image.tag': 'Image tag',
};

/** `subject` is what will appear, e.g. "The Terraform". */
export function pendingMessage(subject: string, errors: readonly FieldError[]): string {
  const base = `${subject} appears here once the choices above are valid`;
  const first = errors[0];
  if (!first) return `${base}.`;
  if (first.field === 'organization') return `${base}: start with your Chainguard organization.`;
  const label = FIELD_LABELS[first.field];
  return label ? `${base}: check ${label}.` : `${base}: ${first.message}`;
}

/** Step 1's checklist words while the choices are invalid: the first field to fix, and why. */
export function firstProblem(errors: readonly FieldError[], organization: string): string | null {
  const first = errors[0];
  if (!first) return null;
  if (first.field === 'organization' && organization.trim() === '') return 'Enter your Chainguard organization.';
  const label = FIELD_LABELS[first.field];
  return label ? `Check ${label}: ${first.message}` : first.message;
}
