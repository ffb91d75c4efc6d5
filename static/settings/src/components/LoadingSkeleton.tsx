// Shown while loadPage runs: grey blocks in the page's shape (heading, sentence,
// the five-item checklist, then the first section), never a blank frame.
import { token } from '@atlaskit/tokens';

const grey = token('color.skeleton', '#091E420F');

function Block({ width, height = 16, margin = '12px 0' }: { width: string; height?: number; margin?: string }) {
  return <div aria-hidden="true" style={{ height, width, margin, borderRadius: 4, background: grey }} />;
}

export function LoadingSkeleton() {
  return (
    // Same frame as the loaded page (SettingsPage's <main>), so nothing jumps sideways when it arrives.
    <div role="status" aria-busy="true" aria-label="Loading settings" data-testid="loading-skeleton" style={{ maxWidth: 960, padding: '16px 24px' }}>
      <span style={{ position: 'absolute', left: -10000 }}>Loading the repository's settings…</span>
      <Block width="30%" height={28} margin="0 0 8px" />
      <Block width="80%" margin="0 0 16px" />
      <div aria-hidden="true" style={{ border: `1px solid ${grey}`, borderRadius: 4, padding: '4px 16px', marginBottom: 32 }}>
        {[55, 35, 40, 45, 35].map((width, index) => (
          <Block key={index} width={`${width}%`} margin="10px 0" />
        ))}
      </div>
      <Block width="50%" height={24} />
      {[70, 70, 40].map((width, index) => (
        <Block key={index} width={`${width}%`} height={36} />
      ))}
    </div>
  );
}
