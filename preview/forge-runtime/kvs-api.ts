// Answers the HTTP calls @forge/kvs makes (POST /api/v1/get, /set, ...) from a
// local KeyValueStore, with the platform's key and size limits, so a key the
// real Forge storage would refuse (e.g. one with curly braces) fails here too.
import type { KeyValueStore } from './key-value-store';

// Forge KVS key rule (developer.atlassian.com/platform/forge/limits-kvs-ce).
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const MAX_KEY_LENGTH = 500;
const MAX_VALUE_BYTES = 240 * 1024;

interface KvsRequestBody {
  key?: unknown;
  value?: unknown;
  entityName?: unknown;
  limit?: unknown;
  after?: unknown;
  where?: unknown;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function forgeError(status: number, code: string, message: string): Response {
  return json(status, { code, message });
}

function keyProblem(key: unknown): string | null {
  if (typeof key !== 'string') return 'key must be a string';
  if (key.length > MAX_KEY_LENGTH) return `key is ${key.length} characters; Forge allows at most ${MAX_KEY_LENGTH}`;
  if (!KEY_PATTERN.test(key)) {
    return `key ${JSON.stringify(key)} has characters Forge storage refuses (allowed: letters, digits, ":._-#" and spaces; strip "{}" from UUIDs)`;
  }
  return null;
}

/** "value", "secret" or "entity:<name>", from the operation path. */
function namespaceOf(kind: string, body: KvsRequestBody): string {
  if (kind === 'entity') return `entity:${String(body.entityName)}`;
  return kind;
}

function querySingleKeyPrefix(where: unknown): string | null | undefined {
  if (where === undefined) return null;
  if (!Array.isArray(where) || where.length !== 1) return undefined;
  const clause = where[0] as { property?: unknown; condition?: unknown; values?: unknown[] };
  if (clause.property !== 'key' || clause.condition !== 'BEGINS_WITH') return undefined;
  const prefix = clause.values?.[0];
  return typeof prefix === 'string' ? prefix : undefined;
}

function answerQuery(store: KeyValueStore, body: KvsRequestBody): Response {
  const prefix = querySingleKeyPrefix(body.where);
  if (prefix === undefined) {
    return forgeError(400, 'BAD_REQUEST', 'The preview emulates only kvs.query().where("key", WhereConditions.beginsWith(...)).');
  }
  const limit = typeof body.limit === 'number' && body.limit > 0 ? body.limit : 10;
  const after = typeof body.after === 'string' ? body.after : '';
  const matching = store
    .entries('value')
    .filter(([key]) => (prefix === null || key.startsWith(prefix)) && key > after);
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  const cursor = matching.length > limit && last ? last[0] : undefined;
  return json(200, { data: page.map(([key, entry]) => ({ key, value: entry.value })), cursor });
}

/** One @forge/kvs platform call: `path` like "/api/v1/secret/get", `init.body` the JSON request. */
export async function answerKvsCall(store: KeyValueStore, path: string, init: RequestInit | undefined): Promise<Response> {
  let body: KvsRequestBody;
  try {
    body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as KvsRequestBody;
  } catch {
    return forgeError(400, 'BAD_REQUEST', 'Request body is not JSON.');
  }
  const match = /^\/api\/v1\/(?:(secret|entity)\/)?(get|set|delete|query)$/.exec(path);
  if (!match) return forgeError(400, 'BAD_REQUEST', `The preview does not emulate Forge storage operation ${path}.`);
  const kind = match[1] ?? 'value';
  const operation = match[2];
  if (operation === 'query') {
    if (kind !== 'value') return forgeError(400, 'BAD_REQUEST', 'The preview emulates queries of plain keys only.');
    return answerQuery(store, body);
  }
  const problem = keyProblem(body.key);
  if (problem) return forgeError(400, 'INVALID_KEY', problem);
  const key = body.key as string;
  const namespace = namespaceOf(kind, body);

  if (operation === 'get') {
    const entry = store.get(namespace, key);
    if (!entry) return forgeError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
    return json(200, { key, value: entry.value, createdAt: entry.createdAt, updatedAt: entry.updatedAt });
  }
  if (operation === 'set') {
    const size = Buffer.byteLength(JSON.stringify(body.value ?? null));
    if (size > MAX_VALUE_BYTES) {
      return forgeError(400, 'VALUE_TOO_LARGE', `value is ${size} bytes; Forge storage allows at most ${MAX_VALUE_BYTES}`);
    }
    store.set(namespace, key, body.value);
    return new Response('', { status: 200 });
  }
  if (!store.delete(namespace, key)) return forgeError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
  return new Response(null, { status: 204 });
}
