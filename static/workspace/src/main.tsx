// Entry point of the workspace page (bitbucket:workspaceSettingsMenuPage).
import '@atlaskit/css-reset';
import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Follow Bitbucket's light or dark theme; the local preview's host may not support it.
void view.theme.enable().catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(<App />);
