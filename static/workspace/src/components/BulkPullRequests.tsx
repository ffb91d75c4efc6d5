// Part 4's "Open pull requests": the same pull request the repository page
// would open, in each selected repository, through the same use case on the
// server. The page drives the run one repository at a time (as the admin).
import Button from '@atlaskit/button/new';
import { Stack } from '@atlaskit/primitives/compiled';
import { NativeSelect } from '../../../settings/src/components/NativeSelect';
import type { WorkspaceChoices } from '../lib/settings';

const STEP_OPTIONS = [
  { value: 'suggested', label: 'Steps that already use cgr.dev images, plus a manual chainguard-oidc pipeline' },
  { value: 'custom-pipeline-only', label: 'Only a manual chainguard-oidc pipeline (no existing step changes)' },
];

export interface BulkPullRequestsProps {
  choices: WorkspaceChoices;
  onChange: (next: WorkspaceChoices) => void;
  selectedCount: number;
  maxRepositories: number;
  /** Why the pull requests cannot be opened yet, or null. */
  blocker: string | null;
  busy: boolean;
  onOpen: () => void;
  onStop: () => void;
}

export function BulkPullRequests({ choices, onChange, selectedCount, maxRepositories, blocker, busy, onOpen, onStop }: BulkPullRequestsProps) {
  const tooMany = selectedCount > maxRepositories;
  const reason = blocker ?? (selectedCount === 0 ? 'Select repositories in the table first.' : tooMany ? `At most ${maxRepositories} repositories at once; ${selectedCount} are selected. Select fewer.` : null);
  return (
    <Stack space="space.150">
      <p>
        Each selected repository gets the same pull request its own page would open: one fixed branch (chainguard-oidc-setup), never a duplicate, and a pull request
        someone has edited is left alone. Repositories whose pipeline file cannot be edited safely are refused with the reason.
      </p>
      <NativeSelect
        id="bulk-steps"
        label="Which steps get oidc: true"
        value={choices.steps}
        options={STEP_OPTIONS}
        onChange={(v) => onChange({ ...choices, steps: v as WorkspaceChoices['steps'] })}
      />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button appearance="primary" onClick={onOpen} isDisabled={reason !== null || busy}>
          {`Open pull requests (${selectedCount})`}
        </Button>
        {busy ? <Button onClick={onStop}>Stop</Button> : null}
        {reason ? <span>{reason}</span> : null}
      </div>
    </Stack>
  );
}
