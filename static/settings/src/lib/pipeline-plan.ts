// The pipeline half of the core (it carries the `yaml` library) is loaded on
// demand so the first screen stays small; the promise is shared by every caller.
type PipelineCore = typeof import('@app/core/pipeline');

let loading: Promise<PipelineCore> | null = null;

export function loadPipelineCore(): Promise<PipelineCore> {
  loading ??= import('@app/core/pipeline').catch((error: unknown) => {
    loading = null; // allow a retry after a failed chunk load
    throw error;
  });
  return loading;
}
