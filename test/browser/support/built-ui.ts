// The settings page's production build, made (under ensureUiBuilt's lock) when missing or stale.
import { ensureUiBuilt } from '../../../preview/ui-build';
import { REPO_ROOT } from '../../../preview/preview-server';

export function ensureUiBuiltOnce(): Promise<void> {
  return ensureUiBuilt(REPO_ROOT, () => {});
}
