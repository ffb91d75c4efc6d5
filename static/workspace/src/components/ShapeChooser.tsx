// The two Terraform shapes and their trade-off, in plain words.
import { token } from '@atlaskit/tokens';
import type { TerraformShape } from '@app/core/workspace';

const SHAPES: { value: TerraformShape; label: string; explanation: string }[] = [
  {
    value: 'per-repository',
    label: 'One identity per repository',
    explanation:
      'Each repository gets its own identity and role binding, trusted only by its own pipelines, and its own ID in its CHAINGUARD_IDENTITY repository variable. ' +
      'Least privilege: a leaked token of one repository cannot act as another. More to manage: one identity and one ID per repository.',
  },
  {
    value: 'single',
    label: 'One identity for the selected repositories',
    explanation:
      'One identity that trusts exactly the selected repositories, and one ID saved once as the CHAINGUARD_IDENTITY workspace variable. ' +
      'Fewer things to manage, but the repositories share the identity: its role and its audit trail are theirs together, and adding a repository means applying the Terraform again.',
  },
];

export function ShapeChooser({ shape, onChange }: { shape: TerraformShape; onChange: (shape: TerraformShape) => void }) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 600, fontSize: 12, color: token('color.text.subtle', '#44546F'), marginBottom: 4 }}>Shape</legend>
      {SHAPES.map((s) => (
        <label key={s.value} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', marginBottom: 8 }}>
          <input type="radio" name="terraform-shape" value={s.value} checked={shape === s.value} onChange={() => onChange(s.value)} style={{ marginTop: 4 }} />
          <span>
            <strong>{s.label}</strong>
            <span style={{ display: 'block', color: token('color.text.subtle', '#44546F') }}>{s.explanation}</span>
          </span>
        </label>
      ))}
      <p style={{ color: token('color.text.subtle', '#44546F') }}>
        A repository variable overrides the workspace variable: a repository that already sets its own CHAINGUARD_IDENTITY keeps using its own identity.
      </p>
    </fieldset>
  );
}
