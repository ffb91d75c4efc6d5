// Reads the pasted `terraform output -json`: an object of outputs, each
// `{ value, type, sensitive }`. The per-repository shape has one output whose
// value maps repository slug → identity ID; the single shape has one output
// whose value is the identity ID. The pasted text is bounded by the payload
// schema before this runs.
// TODO(issue 11): use the core's parser from the wsterraform work once it is on
// main, so the output names are checked against what the generator writes.
export type IdentityOutput =
  | { ok: true; perRepository: [string, string][]; single: string | null }
  | { ok: false; message: string };

const HINT = 'Paste the whole output of `terraform output -json` run where you applied the generated configuration.';

export function parseIdentityOutput(text: string, shape: 'per-repository' | 'single'): IdentityOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: `The pasted text is not JSON. ${HINT}` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, message: `The pasted JSON is not an object of outputs. ${HINT}` };
  }
  const values = Object.values(parsed as Record<string, unknown>).map((o) =>
    o && typeof o === 'object' && 'value' in o ? (o as { value: unknown }).value : undefined,
  );
  if (shape === 'single') {
    const ids = values.filter((v): v is string => typeof v === 'string' && v.trim().length > 0);
    if (ids.length !== 1) {
      return { ok: false, message: `Expected exactly one output holding the identity ID, found ${ids.length}. ${HINT}` };
    }
    return { ok: true, perRepository: [], single: (ids[0] as string).trim() };
  }
  const maps = values.filter(
    (v): v is Record<string, unknown> =>
      !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((id) => typeof id === 'string'),
  );
  if (maps.length !== 1) {
    return { ok: false, message: `Expected exactly one output mapping repository slugs to identity IDs, found ${maps.length}. ${HINT}` };
  }
  const entries = Object.entries(maps[0] as Record<string, string>).map(([slug, id]) => [slug, id.trim()] as [string, string]);
  if (entries.length === 0) return { ok: false, message: `The output maps no repository. ${HINT}` };
  return { ok: true, perRepository: entries, single: null };
}
