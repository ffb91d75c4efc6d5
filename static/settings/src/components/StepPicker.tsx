// Existing steps that may receive `oidc: true` and the login lines; steps that
// already pull from cgr.dev are marked as suggested, steps that already have
// `oidc: true` are shown ticked and fixed (an unticked box would say they lose it).
import type { StepRef, Trigger } from '@app/core/types';
import { StatusTag, type StatusTone } from './StatusTag';
import { isolated } from '../lib/isolate';

export interface StepPickerProps {
  steps: StepRef[];
  /** Ids of steps that have `oidc: true` already: shown ticked and fixed, the plan leaves them alone. */
  alreadyOidc?: readonly string[];
  selected: string[];
  onChange: (selected: string[]) => void;
  addCustomPipeline: boolean;
  onAddCustomPipelineChange: (value: boolean) => void;
  /** False when the repository has no bitbucket-pipelines.yml: a new file has no steps to pick. */
  hasExistingFile: boolean;
}

export function StepPicker({ steps, alreadyOidc = [], selected, onChange, addCustomPipeline, onAddCustomPipelineChange, hasExistingFile }: StepPickerProps) {
  if (!hasExistingFile) return null;
  function toggle(id: string, on: boolean) {
    onChange(on ? [...selected, id] : selected.filter((value) => value !== id));
  }
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 600, marginBottom: 4, padding: 0 }}>Steps that get oidc: true</legend>
      <Checkbox
        id="add-custom-pipeline"
        checked={addCustomPipeline}
        onChange={onAddCustomPipelineChange}
        label="Add a manual custom pipeline chainguard-oidc that checks the identity (leaves existing builds untouched)"
      />
      {steps.length === 0 ? <p>The file has no steps that can be selected.</p> : null}
      {steps.map((step) => {
        const already = alreadyOidc.includes(step.id);
        return (
          <Checkbox
            key={step.id}
            id={`step-${step.id}`}
            checked={already || selected.includes(step.id)}
            disabled={already}
            onChange={(on) => toggle(step.id, on)}
            label={`${isolated(step.name ?? step.id)} (line ${step.line}, ${isolated(describeTrigger(step.trigger))})`}
            tag={already ? { tone: 'success', text: 'Already oidc: true' } : step.suggested === true ? { tone: 'discovery', text: 'Suggested: pulls from cgr.dev' } : undefined}
          />
        );
      })}
    </fieldset>
  );
}

interface CheckboxProps {
  id: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (on: boolean) => void;
  label: string;
  tag?: { tone: StatusTone; text: string };
}

function Checkbox({ id, checked, disabled, onChange, label, tag }: CheckboxProps) {
  return (
    // The box lines up with the label's first line, and the tag flows after the label's
    // text, so a label that wraps in a narrow settings frame stays readable.
    <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8, margin: '4px 0' }}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.currentTarget.checked)}
        style={{ margin: '3px 0 0', flexShrink: 0 }}
      />
      <span>
        <label htmlFor={id}>{label}</label>
        {tag ? (
          <>
            {' '}
            <StatusTag tone={tag.tone}>{tag.text}</StatusTag>
          </>
        ) : null}
      </span>
    </div>
  );
}

export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'default':
      return 'runs on every push without a more specific pipeline';
    case 'branch':
      return `runs on branches matching ${trigger.pattern}`;
    case 'pull-request':
      return `runs on pull requests from ${trigger.pattern}`;
    case 'tag':
      return `runs on tags matching ${trigger.pattern}`;
    case 'custom':
      return `custom pipeline ${trigger.name}, run by hand`;
  }
}
