// Loads the page data once, showing a skeleton meanwhile and the failure in words.
import { useCallback, useEffect, useState } from 'react';
import type { LoadPageData } from '@app/api/contract';
import type { UseCaseError } from '@app/usecases/types';
import { call } from './bridge-call';
import { ErrorNotice } from './components/ErrorNotice';
import { LoadingSkeleton } from './components/LoadingSkeleton';
import { SettingsPage } from './components/SettingsPage';

type PageState = { kind: 'loading' } | { kind: 'failed'; error: UseCaseError } | { kind: 'ready'; data: LoadPageData };

export const DEFAULT_SAVE_DELAY_MS = 800;

export function App({ saveDelayMs = DEFAULT_SAVE_DELAY_MS }: { saveDelayMs?: number }) {
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    const result = await call('loadPage', {});
    setState(result.ok ? { kind: 'ready', data: result.data } : { kind: 'failed', error: result.error });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (state.kind === 'loading') return <LoadingSkeleton />;
  if (state.kind === 'failed') {
    return (
      <main style={{ padding: '16px 24px' }}>
        <ErrorNotice error={state.error} onRetry={() => void load()} />
      </main>
    );
  }
  return <SettingsPage data={state.data} saveDelayMs={saveDelayMs} />;
}
