// Shown while loadPage runs: grey blocks shaped like the page, never a blank frame.
import { token } from '@atlaskit/tokens';

const rows = [40, 70, 55, 85, 60, 75];

export function LoadingSkeleton() {
  return (
    // Same frame as the loaded page (SettingsPage's <main>), so nothing jumps sideways when it arrives.
    <div role="status" aria-busy="true" aria-label="Loading settings" data-testid="loading-skeleton" style={{ maxWidth: 960, padding: '16px 24px' }}>
      <span style={{ position: 'absolute', left: -10000 }}>Loading the repository's settings…</span>
      {rows.map((width, index) => (
        <div
          key={index}
          aria-hidden="true"
          style={{
            height: index % 3 === 0 ? 24 : 16,
            width: `${width}%`,
            margin: '12px 0',
            borderRadius: 4,
            background: token('color.skeleton', '#091E420F'),
          }}
        />
      ))}
    </div>
  );
}
