// Loads the workspace page's data and context once, showing progress meanwhile and the failure in words.
import { view } from '@forge/bridge';
import { useCallback, useEffect, useState } from 'react';
import type { WorkspacePageData } from '@app/api/workspace-contract';
import type { UseCaseError } from '@app/usecases/types';
import { ErrorNotice } from '../../settings/src/components/ErrorNotice';
import { InventoryTable } from './components/lazy-parts';
import { WorkspacePage } from './components/WorkspacePage';
import { forgeAppIdFrom } from './lib/repository-link';
import type { PollTiming } from './lib/use-scan';
import { call } from './workspace-call';

type PageState = { kind: 'loading' } | { kind: 'failed'; error: UseCaseError } | { kind: 'ready'; data: WorkspacePageData; appId: string | null };

async function appIdFromContext(): Promise<string | null> {
  try {
    const context = (await view.getContext()) as { localId?: string };
    return forgeAppIdFrom(context.localId);
  } catch {
    return null; // links then go to the repository's settings instead
  }
}

export function App({ poll }: { poll?: PollTiming }) {
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    // The inventory table is the first thing shown after the data: fetch its file during the same wait.
    InventoryTable.preload();
    const [result, appId] = await Promise.all([call('loadWorkspacePage', {}), appIdFromContext()]);
    setState(result.ok ? { kind: 'ready', data: result.data, appId } : { kind: 'failed', error: result.error });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (state.kind === 'loading') {
    return (
      <main style={{ padding: '16px 24px' }} aria-busy="true">
        <p role="status">Loading the workspace…</p>
      </main>
    );
  }
  if (state.kind === 'failed') {
    return (
      <main style={{ padding: '16px 24px' }}>
        <ErrorNotice error={state.error} onRetry={() => void load()} />
      </main>
    );
  }
  return <WorkspacePage data={state.data} appId={state.appId} {...(poll ? { poll } : {})} />;
}
