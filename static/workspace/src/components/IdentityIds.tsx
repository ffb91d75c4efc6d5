// Part 4's "Save identity IDs": the pasted `terraform output -json` is read
// on the page first (the same parser the server uses, so mistakes show at
// once), then saved: each repository's variable for the per-repository
// shape, the workspace variable for the single identity.
import Button from '@atlaskit/button/new';
import { Stack } from '@atlaskit/primitives/compiled';
import TextArea from '@atlaskit/textarea';
import { useMemo, useState } from 'react';
import type { InventoryRow, WorkspaceVariableData } from '@app/api/workspace-contract';
import { parseIdentityOutput, type TerraformShape } from '@app/core/workspace';
import type { UseCaseError } from '@app/usecases/types';
import { ErrorNotice } from '../../../settings/src/components/ErrorNotice';
import { FieldError, FieldHelp, FieldLabel } from '../../../settings/src/components/FieldMessage';
import { Notice } from '../../../settings/src/components/Notice';
import { call } from '../workspace-call';

export interface IdentityIdsProps {
  shape: TerraformShape;
  rows: readonly InventoryRow[];
  maxBytes: number;
  busy: boolean;
  /** Per-repository: starts the bulk run that sets each repository's variable. */
  onSaveEach: (identityIds: { repositoryUuid: string; identityId: string }[]) => Promise<void>;
}

export default function IdentityIds({ shape, rows, maxBytes, busy, onSaveEach }: IdentityIdsProps) {
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<UseCaseError | null>(null);
  const [workspaceOutcome, setWorkspaceOutcome] = useState<WorkspaceVariableData | null>(null);
  const known = useMemo(() => rows.map((r) => ({ slug: r.slug, repositoryUuid: r.repositoryUuid })), [rows]);
  const tooBig = text.length > maxBytes;
  // Over the stated size nothing is parsed: the field says so instead.
  const parsed = useMemo(() => (text.trim() === '' || tooBig ? null : parseIdentityOutput(text, shape, known)), [text, shape, known, tooBig]);
  const fieldProblem = tooBig
    ? `The pasted text is larger than ${Math.round(maxBytes / 1024)} KB. Paste only what terraform output -json prints.`
    : parsed && !parsed.ok
      ? parsed.error.message
      : undefined;

  async function save(allowAccess = false) {
    if (!parsed?.ok) return;
    setSaving(true);
    setError(null);
    setWorkspaceOutcome(null);
    if (parsed.value.shape === 'single') {
      const result = await call('saveWorkspaceIdentity', { identityId: parsed.value.identityId, ...(allowAccess ? { allowAccess: true } : {}) });
      if (result.ok) setWorkspaceOutcome(result.data);
      else setError(result.error);
    } else {
      // The server reads the output again against its inventory: the page's reading is only a preview.
      const result = await call('parseIdentityIds', { shape, terraformOutputJson: text });
      if (!result.ok) setError(result.error);
      else await onSaveEach(result.data.identityIds.map(({ repositoryUuid, identityId }) => ({ repositoryUuid, identityId })));
    }
    setSaving(false);
  }

  const summary = parsed?.ok
    ? parsed.value.shape === 'single'
      ? `Identity ${parsed.value.identityId}: it will be saved as the CHAINGUARD_IDENTITY workspace variable.`
      : `${parsed.value.identityIds.length} identity IDs for repositories of this workspace${parsed.value.unknownSlugs.length > 0 ? `; ${parsed.value.unknownSlugs.length} not in the inventory will be skipped (${parsed.value.unknownSlugs.slice(0, 5).join(', ')}${parsed.value.unknownSlugs.length > 5 ? ', …' : ''})` : ''}.`
    : null;

  return (
    <Stack space="space.150">
      <div>
        <FieldLabel htmlFor="terraform-output">Output of terraform output -json</FieldLabel>
        <TextArea
          id="terraform-output"
          name="terraform-output"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          minimumRows={6}
          maxHeight="40vh"
          isMonospaced
          spellCheck={false}
          isInvalid={Boolean(parsed && !parsed.ok)}
          aria-describedby="terraform-output-help terraform-output-error"
        />
        <FieldHelp id="terraform-output-help">
          {shape === 'single'
            ? 'Paste the output of terraform output -json (or just the ID). It is saved as the CHAINGUARD_IDENTITY workspace variable; a repository variable overrides it.'
            : 'Paste the output of terraform output -json. Each ID is saved as the CHAINGUARD_IDENTITY variable of its repository.'}
          {` At most ${Math.round(maxBytes / 1024)} KB.`}
        </FieldHelp>
        <FieldError id="terraform-output-error" message={fieldProblem} />
      </div>
      {summary ? <p role="status">{summary}</p> : null}
      <div>
        <Button appearance="primary" onClick={() => void save()} isDisabled={!parsed?.ok || tooBig || saving || busy}>
          Save identity IDs
        </Button>
      </div>
      {error ? <ErrorNotice error={error} onAllowAccess={() => void save(true)} /> : null}
      {workspaceOutcome ? (
        <Notice appearance="success" title={`Workspace variable ${workspaceOutcome.key} ${workspaceOutcome.outcome}`}>
          {workspaceOutcome.overriddenIn.length > 0 ? (
            <p>
              {`${workspaceOutcome.overriddenIn.length} repositories set their own ${workspaceOutcome.key}, which overrides the workspace variable: ${workspaceOutcome.overriddenIn.join(', ')}.`}
            </p>
          ) : (
            <p>Every repository without its own CHAINGUARD_IDENTITY now uses this identity.</p>
          )}
        </Notice>
      ) : null}
    </Stack>
  );
}
