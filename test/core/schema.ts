// Checks a parsed Terraform file (hcl2json form) against the Chainguard
// provider schema in shared/reference: every resource/data source type,
// attribute and nested block must exist; required attributes must be set;
// computed-only attributes must not be.
import fs from 'node:fs';
import path from 'node:path';

interface SchemaAttribute {
  mode: 'required' | 'optional' | 'computed';
}
interface SchemaEntry {
  attributes: Record<string, SchemaAttribute>;
  blocks?: Record<string, { attributes: Record<string, SchemaAttribute> }>;
}
interface ProviderSchema {
  resources: Record<string, SchemaEntry>;
  data_sources: Record<string, SchemaEntry>;
}

export const providerSchema: ProviderSchema = JSON.parse(
  fs.readFileSync(path.resolve(process.cwd(), '../shared/reference/chainguard-provider-schema.json'), 'utf8'),
);

function checkAttributes(where: string, body: Record<string, unknown>, attrs: Record<string, SchemaAttribute>, problems: string[]) {
  for (const [name, attr] of Object.entries(attrs)) {
    if (attr.mode === 'required' && !(name in body)) problems.push(`${where}: required attribute ${name} missing`);
  }
  for (const name of Object.keys(body)) {
    const attr = attrs[name];
    if (!attr) problems.push(`${where}: unknown attribute ${name}`);
    else if (attr.mode === 'computed') problems.push(`${where}: computed attribute ${name} set`);
  }
}

/** Terraform's own arguments, valid on every resource and data source (not in a provider schema). */
const META_ARGUMENTS = new Set(['for_each', 'count', 'depends_on', 'provider', 'lifecycle']);

/** Problems found; empty when the file fits the schema. */
export function schemaProblems(parsed: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const sections: [string, Record<string, SchemaEntry>][] = [
    ['resource', providerSchema.resources],
    ['data', providerSchema.data_sources],
  ];
  for (const [section, entries] of sections) {
    const byType = (parsed[section] ?? {}) as Record<string, Record<string, Record<string, unknown>[]>>;
    for (const [type, byName] of Object.entries(byType)) {
      const entry = entries[type];
      if (!entry) {
        problems.push(`${section} type ${type} is not in the provider schema`);
        continue;
      }
      for (const [name, bodies] of Object.entries(byName)) {
        for (const body of bodies) {
          const where = `${section}.${type}.${name}`;
          const plain: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(body)) {
            if (META_ARGUMENTS.has(key)) continue;
            const nested = entry.blocks?.[key];
            if (nested) {
              for (const inner of value as Record<string, unknown>[]) checkAttributes(`${where}.${key}`, inner, nested.attributes, problems);
            } else plain[key] = value;
          }
          checkAttributes(where, plain, entry.attributes, problems);
        }
      }
    }
  }
  return problems;
}
