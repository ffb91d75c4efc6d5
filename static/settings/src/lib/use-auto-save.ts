// Saves the admin's choices a moment after they stop typing, so a reload restores them.
// Until that save is done the status says "Not saved yet", and leaving the page
// (pagehide: reload, close, navigate) sends the pending save at once, so a
// choice typed just before a reload is not lost silently.
import { useEffect, useRef, useState } from 'react';
import type { IdentityChoices, PipelineSelection } from '@app/core/types';
import type { SaveState } from '../components/SaveStatus';
import { call } from '../bridge-call';

/**
 * `valid` false skips saving (the resolver would refuse invalid choices) and says
 * the changes wait for valid choices. The
 * first render is what was loaded, so nothing is saved until something changes.
 */
export function useAutoSave(choices: IdentityChoices, selection: PipelineSelection, valid: boolean, delayMs: number): SaveState {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const key = JSON.stringify({ choices, selection });
  const lastSaved = useRef(key);
  /** The save waiting for its delay, if any: pagehide runs it at once. */
  const pending = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (key === lastSaved.current) return;
    if (!valid) {
      // Say so instead of leaving an earlier "Saved" up: a reload would bring back the last valid choices.
      setState({ kind: 'waiting' });
      return;
    }
    let current = true;
    setState({ kind: 'pending' });
    const save = () => {
      pending.current = null;
      clearTimeout(timer);
      setState({ kind: 'saving' });
      void call('saveChoices', { choices, selection }).then((result) => {
        if (result.ok) lastSaved.current = key;
        if (!current) return;
        setState(result.ok ? { kind: 'saved' } : { kind: 'failed', message: result.error.message });
      });
    };
    const timer = setTimeout(save, delayMs);
    pending.current = save;
    return () => {
      current = false;
      clearTimeout(timer);
      if (pending.current === save) pending.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the content
  }, [key, valid, delayMs]);
  useEffect(() => {
    const flush = () => pending.current?.();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);
  return state;
}
