// Test-only access to Atlassian's Bitbucket Cloud OpenAPI spec
// (/work/shared/reference/bitbucket-cloud-openapi.v3.json): operations,
// path matching, and the OAuth scopes an operation list needs.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SPEC_PATH = path.resolve(process.cwd(), '../shared/reference/bitbucket-cloud-openapi.v3.json');

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
}

export interface SpecOperation {
  description?: string;
  parameters?: SpecParameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, unknown>;
  'x-atlassian-oauth2-scopes'?: { state: string; scheme: string; scopes: string[] }[];
}

export interface BitbucketSpec {
  servers: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
  'x-atlassian-narrative'?: { documents: { title?: string; body?: string }[] };
}

let cached: BitbucketSpec | undefined;

export function loadBitbucketSpec(): BitbucketSpec {
  cached ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as BitbucketSpec;
  return cached;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** The operation for `METHOD /path/template`, or undefined when the spec has none. */
export function specOperation(spec: BitbucketSpec, method: string, pathTemplate: string): SpecOperation | undefined {
  const item = spec.paths[pathTemplate];
  const op = item?.[method.toLowerCase()] as (SpecOperation & { requestBody?: { $ref?: string } }) | undefined;
  // Some operations (the workspace variables) name a shared request body: resolve it.
  const ref = op?.requestBody?.$ref;
  if (op && ref?.startsWith('#/components/requestBodies/')) {
    const bodies = spec.components.requestBodies as Record<string, SpecOperation['requestBody']>;
    return { ...op, requestBody: bodies[ref.slice('#/components/requestBodies/'.length)] };
  }
  return op;
}

/** Path-level and operation-level parameters together (operation wins on a name clash). */
export function specParameters(spec: BitbucketSpec, method: string, pathTemplate: string): SpecParameter[] {
  const item = spec.paths[pathTemplate] ?? {};
  const shared = (item.parameters as SpecParameter[] | undefined) ?? [];
  const own = specOperation(spec, method, pathTemplate)?.parameters ?? [];
  const byKey = new Map<string, SpecParameter>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
  return [...byKey.values()];
}

/**
 * Spec path templates (with their parameter values) matching a concrete,
 * still percent-encoded path relative to the server URL. A parameter matches
 * one segment, except a trailing `{path}` which matches the rest (as /src does).
 */
export function matchSpecPaths(
  spec: BitbucketSpec,
  method: string,
  encodedPath: string,
): { template: string; params: Record<string, string> }[] {
  const matches: { template: string; params: Record<string, string> }[] = [];
  for (const template of Object.keys(spec.paths)) {
    if (!specOperation(spec, method, template)) continue;
    const names: string[] = [];
    const pattern = template
      .split(/(\{[A-Za-z_]+\})/)
      .map((piece, index, all) => {
        const name = /^\{([A-Za-z_]+)\}$/.exec(piece)?.[1];
        if (!name) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        const last = all.slice(index + 1).join('') === '';
        return name === 'path' && last ? '(.+)' : '([^/]+)';
      })
      .join('');
    const m = new RegExp(`^${pattern}$`).exec(encodedPath);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = m[i + 1] ?? '';
    });
    matches.push({ template, params });
  }
  return matches;
}

/** Every METHOD + template in the spec, e.g. for sanity checks. */
export function allSpecOperations(spec: BitbucketSpec): { method: string; pathTemplate: string }[] {
  return Object.entries(spec.paths).flatMap(([pathTemplate, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => ({ method: m.toUpperCase(), pathTemplate })),
  );
}

/**
 * The OAuth scopes (Forge `permissions.scopes`) a list of operations needs,
 * read from each operation's current `x-atlassian-oauth2-scopes`, sorted and unique.
 * Throws when an operation is not in the spec or declares no scopes, because
 * then the manifest cannot be right.
 */
export function scopesFor(
  operations: readonly { method: string; pathTemplate: string }[],
  spec: BitbucketSpec = loadBitbucketSpec(),
): string[] {
  const scopes = new Set<string>();
  for (const { method, pathTemplate } of operations) {
    const op = specOperation(spec, method, pathTemplate);
    if (!op) throw new Error(`${method} ${pathTemplate} is not an operation of the Bitbucket spec.`);
    // Only the "Current" entries: others describe scopes being phased in or out.
    const declared = (op['x-atlassian-oauth2-scopes'] ?? []).filter((s) => s.state === 'Current').flatMap((s) => s.scopes);
    if (declared.length === 0) {
      throw new Error(`${method} ${pathTemplate} declares no x-atlassian-oauth2-scopes, so Forge apps cannot call it.`);
    }
    declared.forEach((s) => scopes.add(s));
  }
  return [...scopes].sort();
}
