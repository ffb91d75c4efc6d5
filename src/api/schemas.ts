// Runtime shapes of the resolver payloads (and of what we keep in storage).
// The resolvers accept nothing these schemas do not describe: the top level of a
// payload is stripped of unknown keys (so a workspace or repository ID slipped in
// by a caller is simply dropped: IDs come only from the Forge context), while
// nested objects are strict, so a misspelt field is reported instead of ignored.
// Content rules (Chainguard's name rule, UIDP format, …) belong to the core and
// are applied by the use cases; here we check types, sizes and control characters.
import { z } from 'zod';

/** One line of printable text: no control characters (they would break YAML/HCL/logs). */
const oneLine = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text.` })
    .max(max, { error: `${field} is too long: at most ${max} characters.` })
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, { error: `${field} must be one line without control characters.` });

const trustSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('branch'), branch: oneLine('The trusted branch', 255) }),
    z.strictObject({ kind: z.literal('environment'), environmentUuid: oneLine('The environment', 64) }),
    z.strictObject({ kind: z.literal('repository') }),
  ],
  { error: 'Trust must be one of: a branch, a deployment environment, or the whole repository.' },
);

/** A clearer message than zod's default when a whole object is missing or of the wrong type. */
const objectExpected = (what: string) => ({
  error: (issue: { code: string }) => (issue.code === 'invalid_type' ? `${what}.` : undefined),
});

const imageSchema = z.strictObject(
  {
    name: oneLine('The image name', 255),
    tag: oneLine('The image tag', 128),
  },
  objectExpected('image must be {name, tag}, e.g. {name: "node", tag: "latest"}'),
);

export const identityChoicesSchema = z.strictObject(
  {
    organization: oneLine('The Chainguard organization', 253).min(1, {
      error: 'Enter your Chainguard organization, e.g. example.com.',
    }),
    identityName: oneLine('The identity name', 253).optional(),
    role: oneLine('The role', 128).optional(),
    trust: trustSchema.optional(),
    description: oneLine('The description', 512).optional(),
    image: imageSchema.optional(),
  },
  objectExpected('choices must be an object with at least the organization, e.g. {organization: "example.com"}'),
);

export const pipelineSelectionSchema = z.strictObject(
  {
    steps: z
      .array(oneLine('A step id', 512), { error: 'selection.steps must be a list of step ids.' })
      .max(500, { error: 'Too many steps selected: at most 500.' }),
    addCustomPipeline: z.boolean({ error: 'addCustomPipeline must be true or false.' }).optional(),
  },
  objectExpected('selection must be {steps: [step ids], addCustomPipeline?: true|false}'),
);

/** Forge storage (KVS) refuses a value over 240 KiB (notes/forge.md). */
export const FORGE_KVS_MAX_VALUE_BYTES = 240 * 1024;
/** The largest choices we accept, below the storage limit with room for what is stored beside them (savedAt). */
export const MAX_SAVED_CHOICES_BYTES = 200 * 1024;

function utf8Bytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** saveChoices and openPullRequest take the same choices; both are saved, so both must fit in storage. */
const choicesFields = {
  choices: identityChoicesSchema,
  selection: pipelineSelectionSchema.optional(),
};

function fitsInStorage(value: { choices: unknown; selection?: unknown }, ctx: z.RefinementCtx): void {
  const bytes = utf8Bytes({ choices: value.choices, selection: value.selection });
  if (bytes <= MAX_SAVED_CHOICES_BYTES) return;
  ctx.addIssue({
    code: 'custom',
    path: ['selection'],
    message:
      `These choices take ${Math.ceil(bytes / 1024)} KiB, more than the ${MAX_SAVED_CHOICES_BYTES / 1024} KiB this app saves ` +
      `(Forge storage holds at most ${FORGE_KVS_MAX_VALUE_BYTES / 1024} KiB per value). Select fewer steps.`,
  });
}

/** See ConsentOption in contract.ts: lets Forge's consent screen appear. */
const allowAccess = z.boolean({ error: 'allowAccess must be true or false.' }).optional();

export const payloadSchemas = {
  loadPage: z.object({}),
  saveChoices: z.object(choicesFields).superRefine(fitsInStorage),
  openPullRequest: z.object({ ...choicesFields, allowAccess }).superRefine(fitsInStorage),
  saveIdentity: z.object({
    identityId: oneLine('The identity ID', 512).min(1, {
      error: 'Paste the identity ID (the bitbucket-identity output of terraform apply).',
    }),
    allowAccess,
  }),
} as const;

/** What storage holds per repository; read back through this schema so an old or corrupt value cannot crash the page. */
export const savedChoicesSchema = z.object({
  choices: identityChoicesSchema,
  selection: pipelineSelectionSchema.optional(),
  savedAt: z.iso.datetime(),
});
