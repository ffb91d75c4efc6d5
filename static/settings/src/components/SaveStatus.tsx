// The small "Saved" line next to the form.
import { token } from '@atlaskit/tokens';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

export function SaveStatus({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saving' ? 'Saving…' : state.kind === 'saved' ? 'Saved' : state.kind === 'failed' ? `Not saved: ${state.message}` : '';
  const color = state.kind === 'failed' ? token('color.text.danger', '#AE2E24') : token('color.text.subtle', '#44546F');
  return (
    <div role="status" aria-live="polite" style={{ fontSize: 12, minHeight: 16, color }}>
      {text}
    </div>
  );
}
