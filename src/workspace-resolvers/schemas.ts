// Payload schemas of the workspace page's resolvers. Top-level objects strip
// unknown keys (a workspace ID slipped into a payload is dropped: IDs come from
// the Forge context); nested objects are strict.
import { z } from 'zod';
import { WORKSPACE_LIMITS } from '../api/workspace-contract';

const uuid = z
  .string({ error: 'A repository UUID must be text.' })
  .regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/, {
    error: 'Not a repository UUID: expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.',
  });
const runId = z.string().regex(/^[a-zA-Z0-9-]{1,64}$/, { error: 'Not a run id.' });
// eslint-disable-next-line no-control-regex
const line = (what: string, max: number) => z.string().max(max, { error: `${what} is too long: at most ${max} characters.` }).regex(/^[^\u0000-\u001f\u007f]*$/, { error: `${what} must be one line.` });
const allowAccess = z.boolean().optional();
const statuses = z.enum(['set-up', 'pull-request-merged', 'pull-request-open', 'needs-setup', 'pipelines-off', 'invalid-pipeline', 'unreadable']);

const settings = z.strictObject({
  organization: line('The organization', 253).min(1, { error: 'Enter your Chainguard organization.' }),
  role: line('The role', 128).optional(),
  trust: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('main-branch') }),
    z.strictObject({ kind: z.literal('repository') }),
    z.strictObject({ kind: z.literal('environment'), environmentName: line('The environment name', 255).min(1) }),
  ]),
  steps: z.enum(['suggested', 'custom-pipeline-only']),
  image: z.strictObject({ name: line('The image name', 255), tag: line('The image tag', 128) }).optional(),
});

const repositoryList = z
  .array(uuid)
  .min(1, { error: 'Select at least one repository.' })
  .max(WORKSPACE_LIMITS.maxBulkRepositories, { error: `At most ${WORKSPACE_LIMITS.maxBulkRepositories} repositories per run.` });

export const workspacePayloadSchemas = {
  loadWorkspacePage: z.object({}),
  startScan: z.object({ kind: z.enum(['full', 'rescan'], { error: 'kind must be "full" or "rescan".' }) }),
  scanStatus: z.object({}),
  cancelScan: z.object({}),
  listInventory: z.object({
    filter: z
      .strictObject({
        projects: z.array(line('A project key', 64)).max(200).optional(),
        statuses: z.array(statuses).max(10).optional(),
        text: line('The filter text', 200).optional(),
      })
      .optional(),
    sort: z.strictObject({ by: z.enum(['project', 'name', 'status']), direction: z.enum(['asc', 'desc']) }).optional(),
    cursor: z.string().regex(/^\d{1,6}$/, { error: 'Not a cursor from listInventory.' }).optional(),
    limit: z.number().int().min(1).max(WORKSPACE_LIMITS.inventoryPageSize).optional(),
  }),
  // Forge's KVS cursor, passed back as it came: opaque, so only its size and characters are checked.
  inventoryRows: z.object({
    cursor: z.string().min(1).max(2_000).regex(/^[\x21-\x7e]+$/, { error: 'Not a cursor from inventoryRows.' }).optional(),
  }),
  startBulk: z.discriminatedUnion('action', [
    z.object({ action: z.literal('open-pull-requests'), repositoryUuids: repositoryList, settings }),
    z.object({
      action: z.literal('save-identity-ids'),
      identityIds: z
        .array(z.strictObject({ repositoryUuid: uuid, identityId: line('An identity ID', 512).min(1) }))
        .min(1)
        .max(WORKSPACE_LIMITS.maxBulkRepositories),
    }),
  ]),
  bulkStep: z.object({ runId, repositoryUuid: uuid, allowAccess }),
  bulkStatus: z.object({ runId: runId.optional() }),
  retryFailed: z.object({ runId }),
  parseIdentityIds: z.object({
    shape: z.enum(['per-repository', 'single']),
    terraformOutputJson: z
      .string()
      .max(WORKSPACE_LIMITS.maxTerraformOutputBytes, {
        error: `The pasted output is too long: at most ${WORKSPACE_LIMITS.maxTerraformOutputBytes / 1024} KB.`,
      }),
  }),
  saveWorkspaceIdentity: z.object({ identityId: line('The identity ID', 512).min(1), allowAccess }),
  readEnvironments: z.object({
    repositoryUuids: z
      .array(uuid)
      .min(1, { error: 'Select at least one repository.' })
      .max(WORKSPACE_LIMITS.maxEnvironmentRepositories, {
        error: `At most ${WORKSPACE_LIMITS.maxEnvironmentRepositories} repositories per call: read their deployment environments in batches.`,
      }),
  }),
} as const;
