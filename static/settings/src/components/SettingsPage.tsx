// The page once loadPage has answered: the five sections, sharing one form state.
// Terraform and the pipeline plan are computed here from the pure core, so they
// follow every keystroke without a round trip.
import { useMemo, useState } from 'react';
import type { LoadPageData } from '@app/api/contract';
import { deriveIdentityName } from '@app/core/names';
import { generateTerraform } from '@app/core/terraform';
import { resolveChoices } from '@app/core/validation';
import { choicesFromForm, formFromSaved, selectionFromForm, type FormState } from '../lib/form-state';
import { useAutoSave } from '../lib/use-auto-save';
import { pendingMessage } from '../lib/pending-message';
import { usePipelinePlan } from '../lib/use-pipeline-plan';
import { DetectedSettings } from './DetectedSettings';
import { IdentityForm } from './IdentityForm';
import { IdentityIdSection } from './IdentityIdSection';
import { PipelineSection } from './PipelineSection';
import { SaveStatus } from './SaveStatus';
import { Section } from './Section';
import { TerraformSection } from './TerraformSection';

export function SettingsPage({ data, saveDelayMs }: { data: LoadPageData; saveDelayMs: number }) {
  const { setup } = data;
  const facts = setup.facts;
  const [form, setForm] = useState<FormState>(() => formFromSaved(facts, data.saved, setup.steps.map((step) => step.id)));
  const [organizationTouched, setOrganizationTouched] = useState(form.organization !== '');

  const choices = useMemo(() => choicesFromForm(form, facts), [form, facts]);
  const selection = useMemo(() => selectionFromForm(form), [form]);
  const resolved = useMemo(() => resolveChoices(facts, choices), [facts, choices]);
  const terraform = useMemo(() => (resolved.ok ? generateTerraform(facts, choices) : null), [resolved, facts, choices]);
  const files = terraform?.ok ? terraform.files : null;
  const errors = resolved.ok ? [] : resolved.errors;

  const saveState = useAutoSave(choices, selection, resolved.ok, saveDelayMs);
  const refused = setup.pipelineRefused;
  const planned = usePipelinePlan(resolved.ok && !refused ? { existing: setup.pipelineFile, facts, choices, selection } : null);
  // A file over the size limit never reaches the page: its refusal stands in for the plan.
  const plan: typeof planned = refused ? { status: 'ready', plan: { ok: false, error: refused }, findings: [] } : planned;

  function change(patch: Partial<FormState>) {
    if (patch.organization !== undefined) setOrganizationTouched(true);
    setForm((previous) => ({ ...previous, ...patch }));
  }

  return (
    <main style={{ maxWidth: 960, padding: '16px 24px' }}>
      <Section id="detected" title="1. Detected settings">
        <DetectedSettings setup={setup} />
      </Section>
      <Section id="identity" title="2. Your identity">
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
      <Section id="terraform" title="3. Terraform">
        <TerraformSection files={files} pending={pendingMessage('The Terraform', errors)} />
      </Section>
      <Section id="pipeline" title="4. Pipeline">
        <PipelineSection
          setup={setup}
          plan={plan}
          choices={choices}
          selection={selection}
          onSelectionChange={(patch) =>
            change({
              ...(patch.steps !== undefined ? { selectedSteps: patch.steps } : {}),
              ...(patch.addCustomPipeline !== undefined ? { addCustomPipeline: patch.addCustomPipeline } : {}),
            })
          }
        />
      </Section>
      <Section id="identity-id" title="5. Identity ID">
        <IdentityIdSection variable={setup.identityVariable} />
      </Section>
    </main>
  );
}
