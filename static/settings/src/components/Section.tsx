// One numbered part of the page: a heading and its content, labelled for assistive tech.
// A plain <h2> with the heading tokens: @atlaskit/heading would pull in the
// emotion runtime just for this.
import { Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const headingId = `${id}-heading`;
  return (
    // The checklist links here and moves focus to the heading (tabIndex -1: focusable, not in the tab order).
    <section id={id} aria-labelledby={headingId} style={{ marginBottom: 32, scrollMarginTop: 16 }}>
      <Stack space="space.150">
        <h2 id={headingId} tabIndex={-1} style={{ font: token('font.heading.medium', 'normal 500 20px/24px sans-serif'), color: token('color.text', '#172B4D'), margin: 0 }}>
          {title}
        </h2>
        {children}
      </Stack>
    </section>
  );
}
