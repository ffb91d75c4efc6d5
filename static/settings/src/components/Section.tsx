// One numbered part of the page: a heading and its content, labelled for assistive tech.
import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 32 }}>
      <Stack space="space.150">
        <Heading size="medium" as="h2" id={headingId}>
          {title}
        </Heading>
        {children}
      </Stack>
    </section>
  );
}
