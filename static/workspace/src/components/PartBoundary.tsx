// Keeps a failed part of the page from blanking the rest. The lazy parts
// (lazy-parts.tsx) arrive in their own files, so a dropped connection or a
// deploy that replaced the files can fail one of them after the page loaded;
// React would then unmount the whole page, which an error boundary prevents.
import { Component, type ReactNode } from 'react';
import { Notice } from '../../../settings/src/components/Notice';

export class PartBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Notice appearance="error" title="This part of the page did not load">
        {/* React keeps a failed lazy import failed, so only a reload fetches the file again. */}
        <p>{`${this.state.error.message.replace(/\.$/, '')}. Reload the page to try again; the other parts keep working.`}</p>
      </Notice>
    );
  }
}
