// A private copy of the settings page's production build (built first when
// missing or stale), so a rebuild during the run cannot pull files from under a page.
import { snapshotUiBuild } from '../../../preview/ui-build';
import { REPO_ROOT } from '../../../preview/preview-server';

export function builtUiSnapshot(): Promise<string> {
  return snapshotUiBuild(REPO_ROOT);
}
