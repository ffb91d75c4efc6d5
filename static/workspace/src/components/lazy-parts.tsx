// The parts of the workspace page that its first paint does not need, each
// loaded from its own file so the first screen stays under its budget
// (test/ui/bundle-size.test.ts keeps each of them out of it):
// - the inventory and the outcomes tables: @atlaskit/dynamic-table brings
//   pagination, the older button, emotion, tooltip and popper (~55 KB gzip);
// - the Terraform: the workspace generator, the file tabs, the highlighter and the zip writer;
// - the identity IDs: the paste box and the parser of `terraform output -json`.
// Each shows a small fallback while it loads and a notice if it cannot load.
import { lazy, Suspense, type ComponentPropsWithRef, type ComponentType, type ReactNode } from 'react';
import { PartBoundary } from './PartBoundary';

interface LazyPart<P> {
  (props: P): ReactNode;
  /** Starts fetching the part's file now, e.g. while the data it shows is still on its way. */
  preload: () => void;
}

// C has the same bound as in React's own lazy().
export function lazyPart<C extends ComponentType<any>>(load: () => Promise<C>, fallback: ReactNode): LazyPart<ComponentPropsWithRef<C>> {
  // One fetch however often it is asked for: preload and the first render share it.
  let fetching: Promise<{ default: C }> | undefined;
  const start = () => (fetching ??= load().then((component) => ({ default: component })));
  const Loaded = lazy(start);
  const Part = (props: ComponentPropsWithRef<C>) => (
    <PartBoundary>
      <Suspense fallback={fallback}>
        <Loaded {...props} />
      </Suspense>
    </PartBoundary>
  );
  // A failed preload is reported by the render that needs the part, not here.
  Part.preload = () => void start().catch(() => undefined);
  return Part;
}

const status = (what: string) => <p role="status">{what}</p>;

// Same words as while the rows load, so the two waits read as one.
export const InventoryTable = lazyPart(() => import('./InventoryTable').then((m) => m.InventoryTable), status('Loading the inventory…'));
export const BulkOutcomes = lazyPart(() => import('./BulkOutcomes').then((m) => m.BulkOutcomes), status('Loading the outcomes…'));
export const WorkspaceTerraformPanel = lazyPart(() => import('./WorkspaceTerraform').then((m) => m.default), status('Loading…'));
export const IdentityIds = lazyPart(() => import('./IdentityIds').then((m) => m.default), status('Loading…'));
