// Entry point of the Custom UI page.
import '@atlaskit/css-reset';
import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';
import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Follow Bitbucket's light or dark theme; the local preview's host may not support it.
void view.theme.enable().catch(() => undefined);

// Atlaskit asks a feature-gate client for its flags on every render. Outside
// Atlassian's own products there is none: each question throws and is caught as
// "off", which cost ~40 ms per keystroke in Chromium. Answer "off" directly.
setBooleanFeatureFlagResolver(() => false);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(<App />);
