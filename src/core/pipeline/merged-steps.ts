// Steps that get their script from a mapping merged in with `<<:`, written
// `step: { <<: *build, deployment: production }` (or as a block). The login
// lines can only go where the script is written: the anchored &build. Editing
// it changes every step that merges it, so the plan accepts it only when each
// of those steps is chosen (hence judged trusted) and would end up with both
// `oidc: true` and the login lines. Then it is exactly as safe as `step: *build`.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { ParsedPipeline } from './parse';
import type { StepSite } from './steps';

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

function ownPair(map: YAMLMap, key: string) {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** The mapping whose `key:` the step sees: `map` itself, or the first merged mapping that has it (YAML's precedence). */
export function holderOf(parsed: ParsedPipeline, map: YAMLMap, key: string, seen = new Set<YAMLMap>()): YAMLMap | null {
  if (ownPair(map, key)) return map;
  seen.add(map);
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const v of sources) {
      const source = parsed.resolve(v);
      if (!isMap(source) || seen.has(source)) continue;
      const found = holderOf(parsed, source, key, seen);
      if (found) return found;
    }
  }
  return null;
}

/** The merged mapping that holds this step's script, when the step does not write its own; else null. */
export function mergedScriptHolder(parsed: ParsedPipeline, site: StepSite): YAMLMap | null {
  if (!site.map) return null;
  const holder = holderOf(parsed, site.map, 'script');
  return holder !== null && holder !== site.map ? holder : null;
}

function label(site: StepSite): string {
  return site.ref.name ? `"${site.ref.name}" (line ${site.ref.line})` : `at line ${site.ref.line}`;
}

/**
 * Why &holder cannot be edited for the chosen steps, or null. Every other step
 * that merges it must be chosen too, take its script from it, and not set
 * `oidc` to anything but true itself (else it would get the login without a
 * token, or a token without the login).
 */
export function mergedHolderProblem(parsed: ParsedPipeline, sites: StepSite[], holder: YAMLMap, chosen: Set<string>): string | null {
  const name = holder.anchor ? `&${holder.anchor}` : 'the mapping it merges';
  const mergers = sites.filter((s) => s.map !== null && s.map !== holder && s.mergedFrom.includes(holder));
  const ownScript = mergers.filter((s) => holderOf(parsed, s.map as YAMLMap, 'script') !== holder);
  if (ownScript.length > 0) {
    return (
      `its script comes from ${name}, which ${ownScript.map(label).join(', ')} also merge(s) while writing a script of their own, ` +
      'so "oidc: true" would reach them without the login lines; add the lines by hand'
    );
  }
  const ownOidc = mergers.filter((s) => {
    const oidc = ownPair(s.map as YAMLMap, 'oidc');
    return oidc !== undefined && !(isScalar(oidc.value) && oidc.value.value === true);
  });
  if (ownOidc.length > 0) {
    return `its script comes from ${name}, and ${ownOidc.map(label).join(', ')}, which also merge(s) it, set(s) "oidc" to something other than true; change that by hand`;
  }
  const missing = mergers.filter((s) => !chosen.has(s.ref.id) && s.data.oidc !== true);
  if (missing.length > 0) {
    return (
      `its script comes from ${name}, which ${missing.map(label).join(', ')} also merge(s), so editing it changes them too; ` +
      'choose them as well (each is in the list of steps), or add the lines by hand'
    );
  }
  return null;
}
