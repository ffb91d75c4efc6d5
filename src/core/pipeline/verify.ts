// The safety net of every edit: the spliced text is parsed again and its data
// must equal the original data with the intended change applied to the tree.
// Anything else (a key swallowed by a block scalar, an indentation that
// re-parents lines, a parse error) makes the plan refuse instead of guessing.
import { sameData } from './data';
import type { Edit } from './edit';
import { duplicateKey, parseYaml, toData, type ParsedPipeline } from './parse';
import { LineIndex } from './text';

export type Verified = { ok: true; data: unknown } | { ok: false; problem: string };

/** The data of `content` when it means exactly `parsed` plus `edits`; otherwise what is wrong. Mutates parsed.doc. */
export function verifyEdits(parsed: ParsedPipeline, edits: Edit[], content: string): Verified {
  const after = parseYaml(content);
  if (after.errors.length > 0) return { ok: false, problem: `the edited file does not parse (${after.errors[0]?.message.split('\n')[0]})` };
  if (duplicateKey(after, new LineIndex(content))) return { ok: false, problem: 'the edited file would repeat a key' };
  let afterData: unknown;
  try {
    afterData = toData(after);
  } catch (e) {
    return { ok: false, problem: `the edited file cannot be read (${e instanceof Error ? e.message : String(e)})` };
  }
  for (const edit of edits) edit.apply(parsed.doc);
  return sameData(toData(parsed.doc), afterData)
    ? { ok: true, data: afterData }
    : { ok: false, problem: 'the edited file would change more than the intended keys' };
}
