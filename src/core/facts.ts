// RepositoryFacts come from Bitbucket, but they end up inside URLs, regexes
// and HCL, so they are checked like any other input before use.
import { branchNameProblem } from './names';
import type { FieldError, RepositoryFacts } from './types';
import { quoteForMessage } from './quote';
import { normalizeUuid } from './uuid';

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Everything wrong with the facts (field names are dotted paths under "facts"). */
export function factsErrors(facts: RepositoryFacts): FieldError[] {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ field: `facts.${field}`, message });
  if (!SLUG.test(facts.workspace.slug)) {
    bad('workspace.slug', `${quoteForMessage(facts.workspace.slug)} is not a Bitbucket workspace ID (letters, digits, . _ -). Reload the page.`);
  }
  if (!normalizeUuid(facts.workspace.uuid)) {
    bad('workspace.uuid', `${quoteForMessage(facts.workspace.uuid)} is not a UUID. Reload the page; Bitbucket gives it as {xxxxxxxx-...}.`);
  }
  if (!SLUG.test(facts.repository.slug)) {
    bad('repository.slug', `${quoteForMessage(facts.repository.slug)} is not a Bitbucket repository slug (letters, digits, . _ -). Reload the page.`);
  }
  if (!normalizeUuid(facts.repository.uuid)) {
    bad('repository.uuid', `${quoteForMessage(facts.repository.uuid)} is not a UUID. Reload the page; Bitbucket gives it as {xxxxxxxx-...}.`);
  }
  const branchProblem = branchNameProblem(facts.repository.mainBranch);
  if (branchProblem) bad('repository.mainBranch', branchProblem);
  facts.environments.forEach((env, i) => {
    if (!normalizeUuid(env.uuid)) bad(`environments.${i}.uuid`, `${quoteForMessage(env.uuid)} is not a UUID. Reload the page.`);
  });
  return errors;
}

/** Facts with every UUID in canonical braced lowercase form; throws on invalid facts. */
export function normalizeFacts(facts: RepositoryFacts): RepositoryFacts {
  const errors = factsErrors(facts);
  if (errors.length > 0) {
    throw new Error(`Invalid repository facts: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
  const uuid = (s: string) => normalizeUuid(s) as string;
  return {
    workspace: { slug: facts.workspace.slug, uuid: uuid(facts.workspace.uuid) },
    repository: { ...facts.repository, uuid: uuid(facts.repository.uuid) },
    environments: facts.environments.map((env) => ({ uuid: uuid(env.uuid), name: env.name })),
  };
}
