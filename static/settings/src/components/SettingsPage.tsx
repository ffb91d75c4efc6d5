// The page once loadPage has answered: a heading, the setup checklist, and the
// five numbered sections in the checklist's order, sharing one form state.
// Terraform and the pipeline plan are computed here from the pure core, so they
// follow every keystroke without a round trip; the checklist is derived from
// the same state on every render.
import { token } from '@atlaskit/tokens';
import { useCallback, useMemo, useState } from 'react';
import type { LoadPageData } from '@app/api/contract';
import { deriveIdentityName } from '@app/core/names';
import { generateTerraform } from '@app/core/terraform';
import { resolveChoices } from '@app/core/validation';
import type { Degradable, OpenPullRequestData, PullRequestRef } from '@app/usecases/types';
import { choicesFromForm, formFromSaved, selectionFromForm, type FormState } from '../lib/form-state';
import { useAutoSave } from '../lib/use-auto-save';
import { firstProblem, pendingMessage } from '../lib/pending-message';
import { SECTION_IDS, setupChecklist, type CheckProgress } from '../lib/setup-checklist';
import { usePipelinePlan } from '../lib/use-pipeline-plan';
import { BlockingNotices } from './BlockingNotices';
import { CheckStep } from './CheckStep';
import { DetectedSettings } from './DetectedSettings';
import { IdentityForm } from './IdentityForm';
import { IdentityIdSection } from './IdentityIdSection';
import { PipelineSection } from './PipelineSection';
import { SaveStatus } from './SaveStatus';
import { Section } from './Section';
import { SetupChecklist } from './SetupChecklist';
import { TerraformSection } from './TerraformSection';

export const PAGE_TITLE = 'Chainguard OIDC';

export function SettingsPage({ data, saveDelayMs }: { data: LoadPageData; saveDelayMs: number }) {
  const { setup } = data;
  const facts = setup.facts;
  const [form, setForm] = useState<FormState>(() => formFromSaved(facts, data.saved, setup.steps.map((step) => step.id)));
  const [organizationTouched, setOrganizationTouched] = useState(form.organization !== '');
  // What the page has learnt since loading: the saved identity ID and the pull request it opened.
  const [identity, setIdentity] = useState<Degradable<string | null>>(setup.identityVariable);
  const [pullRequest, setPullRequest] = useState<Degradable<PullRequestRef | null>>(setup.openPullRequest);
  // The slot for the "Run check" feature's state; null: the checklist says where to run it.
  const check: CheckProgress | null = null;

  const choices = useMemo(() => choicesFromForm(form, facts), [form, facts]);
  const selection = useMemo(() => selectionFromForm(form), [form]);
  const resolved = useMemo(() => resolveChoices(facts, choices), [facts, choices]);
  const terraform = useMemo(() => (resolved.ok ? generateTerraform(facts, choices) : null), [resolved, facts, choices]);
  const files = terraform?.ok ? terraform.files : null;
  const errors = resolved.ok ? [] : resolved.errors;

  const saveState = useAutoSave(choices, selection, resolved.ok, saveDelayMs);
  const plan = usePipelinePlan(resolved.ok && !setup.pipelineFileProblem ? { existing: setup.pipelineFile, facts, choices, selection } : null);
  const trust = resolved.ok ? resolved.value.trust : null;

  const checklist = setupChecklist({
    setup,
    choicesValid: resolved.ok,
    firstProblem: firstProblem(errors, form.organization),
    trust,
    identity,
    pullRequest,
    selection,
    check,
  });

  const onIdentitySaved = useCallback((value: string) => setIdentity({ available: true, value }), []);
  const onPullRequestOutcome = useCallback((outcome: OpenPullRequestData) => {
    if (outcome.pullRequest) setPullRequest({ available: true, value: outcome.pullRequest });
  }, []);

  function change(patch: Partial<FormState>) {
    if (patch.organization !== undefined) setOrganizationTouched(true);
    setForm((previous) => ({ ...previous, ...patch }));
  }

  return (
    <main style={{ maxWidth: 960, padding: '16px 24px' }}>
      <h1 style={{ font: token('font.heading.large', 'normal 500 24px/28px sans-serif'), color: token('color.text', '#172B4D'), margin: '0 0 8px' }}>{PAGE_TITLE}</h1>
      <p style={{ margin: '0 0 16px' }}>
        Lets Bitbucket Pipelines in {setup.oidc.workspaceSlug}/{setup.oidc.repositorySlug} log in to Chainguard with short-lived OpenID Connect tokens instead of
        stored secrets. Follow the steps in order.
      </p>
      <BlockingNotices setup={setup} />
      <SetupChecklist items={checklist} />
      <Section id={SECTION_IDS.choose} title="1. Choose the organization and who may use the identity">
        <IdentityForm
          facts={facts}
          form={form}
          onChange={change}
          errors={errors}
          defaultIdentityName={deriveIdentityName(facts.repository.slug)}
          showOrganizationError={organizationTouched}
          onOrganizationBlur={() => setOrganizationTouched(true)}
        />
        <SaveStatus state={saveState} />
      </Section>
      <Section id={SECTION_IDS.terraform} title="2. Apply the Terraform">
        <TerraformSection files={files} pending={pendingMessage('The Terraform', errors)} />
      </Section>
      <Section id={SECTION_IDS.identityId} title="3. Save the identity ID">
        <IdentityIdSection variable={setup.identityVariable} current={identity.available ? identity.value : null} onSaved={onIdentitySaved} />
      </Section>
      <Section id={SECTION_IDS.pullRequest} title="4. Merge the pull request">
        <PipelineSection
          setup={setup}
          plan={plan}
          choices={choices}
          selection={selection}
          pullRequest={pullRequest}
          onPullRequestOutcome={onPullRequestOutcome}
          onSelectionChange={(patch) =>
            change({
              ...(patch.steps !== undefined ? { selectedSteps: patch.steps } : {}),
              ...(patch.addCustomPipeline !== undefined ? { addCustomPipeline: patch.addCustomPipeline } : {}),
            })
          }
        />
      </Section>
      <Section id={SECTION_IDS.check} title="5. Run the check">
        <CheckStep setup={setup} trust={trust} selection={selection} />
      </Section>
      <Section id="bitbucket-settings" title="Bitbucket's OIDC settings for this repository">
        <DetectedSettings setup={setup} />
      </Section>
    </main>
  );
}
