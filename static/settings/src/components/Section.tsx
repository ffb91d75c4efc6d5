// One numbered part of the page: a heading and its content, labelled for assistive tech.
// A plain <h2> with the heading tokens: @atlaskit/heading would pull in the
// emotion runtime just for this.
import { Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 32 }}>
      <Stack space="space.150">
        <h2 id={headingId} style={{ font: token('font.heading.medium', 'normal 500 20px/24px sans-serif'), color: token('color.text', '#172B4D'), margin: 0 }}>
          {title}
        </h2>
        {children}
      </Stack>
    </section>
  );
}
