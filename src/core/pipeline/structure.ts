// Our own checks of a pipeline file, beyond Atlassian's schema (which accepts
// `oidcc: true`, `oidc` on the wrong object and steps that never log in).
import { describeValue } from './data';
import { parsePipeline } from './parse';
import { CONFIGURE_DOCKER_LINE, IDENTITY_VARIABLE_NAME, identityVariableCheckLine, LOGIN_LINE } from './script';
import { collectSteps } from './steps';

export interface StructureProblem {
  /** Dotted path of the offending key, or the step id. */
  where: string;
  message: string;
}

/** Keys that look like a typo of `oidc` (the schema lets them through silently). */
function looksLikeOidcTypo(key: string): boolean {
  if (key === 'oidc' || key === 'oidc-role') return false;
  const k = key.toLowerCase();
  if (k.replace(/[^a-z]/g, '') === 'oidc') return true;
  return editDistanceAtMostOne(k, 'oidc') || (k.length === 4 && [...k].sort().join('') === 'cdio');
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Walks plain data; `seen` stops at objects reached again through aliases. */
function walkKeys(value: unknown, path: string[], seen: Set<object>, visit: (key: string, value: unknown, path: string[]) => void): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkKeys(item, [...path, String(i)], seen, visit));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    visit(key, child, path);
    walkKeys(child, [...path, key], seen, visit);
  }
}

function scriptText(script: unknown): string[] {
  return Array.isArray(script) ? script.filter((l): l is string => typeof l === 'string') : [];
}

/** The test both identity checks (an existing step's and the check step's) start with. */
const IDENTITY_TEST = `if [ -z "\${${IDENTITY_VARIABLE_NAME}:-}" ]; then`;

/** Problems found in the file; empty when none. A file that does not parse is one problem. */
export function checkPipelineStructure(text: string): StructureProblem[] {
  const parsed = parsePipeline(text);
  if (!parsed.ok) return [{ where: '(file)', message: parsed.error.message }];
  const problems: StructureProblem[] = [];

  walkKeys(parsed.value.data, [], new Set(), (key, value, path) => {
    const where = [...path, key].join('.');
    if (looksLikeOidcTypo(key)) problems.push({ where, message: `"${key}" looks like a misspelling of "oidc"; Bitbucket ignores it.` });
    if (key !== 'oidc') return;
    const parent = path[path.length - 1];
    if (parent !== 'step' && parent !== 'final') {
      problems.push({ where, message: '"oidc" belongs on a step; here Bitbucket does not issue a token.' });
    } else if (value !== true) {
      problems.push({ where, message: `"oidc" is ${describeValue(value)}; it must be the boolean true for the step to get a token.` });
    }
  });

  for (const site of collectSteps(parsed.value)) {
    const where = site.ref.id;
    const lines = scriptText(site.data.script);
    // The check step runs the login inside its stage wrapper, so look for the command within a line.
    const loginAt = lines.findIndex((l) => l.includes(LOGIN_LINE));
    const usesToken = lines.some((l) => l.includes('BITBUCKET_STEP_OIDC_TOKEN'));
    if (site.data.oidc === true && loginAt < 0) {
      problems.push({ where, message: 'This oidc step has no chainctl login line.' });
    }
    if (site.data.oidc !== true && usesToken) {
      problems.push({ where, message: 'The script uses $BITBUCKET_STEP_OIDC_TOKEN but the step has no "oidc: true", so the token is empty.' });
    }
    if (loginAt >= 0) {
      const installAt = lines.findIndex((l) => l.includes('/usr/local/bin/chainctl'));
      const checkAt = lines.findIndex((l) => l === identityVariableCheckLine() || l.includes(IDENTITY_TEST));
      if (installAt < 0 || installAt > loginAt) problems.push({ where, message: 'chainctl is used before it is installed.' });
      if (checkAt < 0 || checkAt > loginAt) problems.push({ where, message: 'The login runs without first checking that CHAINGUARD_IDENTITY is set.' });
    }
    const needsDocker = lines.some((l) => l === CONFIGURE_DOCKER_LINE || /docker pull .*cgr\.dev\//.test(l));
    const services = Array.isArray(site.data.services) ? site.data.services : [];
    if (needsDocker && !services.includes('docker')) {
      problems.push({ where, message: 'The script uses docker but the step has no "services: [docker]".' });
    }
  }
  return problems;
}
