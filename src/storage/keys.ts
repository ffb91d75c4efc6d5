// KVS keys per repository. Forge KVS keys may not contain `{` or `}`, while
// Bitbucket UUIDs come braced, so keys use the bare, lower-case UUID.
import { bareUuid, normalizeUuid } from '../core/uuid';

/** The key part for one repository; throws on anything that is not a UUID (it would make a wrong key). */
function repositoryKeyPart(repositoryUuid: string): string {
  const canonical = normalizeUuid(repositoryUuid);
  if (canonical === null) {
    throw new Error(
      `Not a repository UUID: ${JSON.stringify(repositoryUuid)}. Expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.`,
    );
  }
  return bareUuid(canonical);
}

/** Key of the admin's saved choices for one repository. */
export function choicesKey(repositoryUuid: string): string {
  return `choices:${repositoryKeyPart(repositoryUuid)}`;
}

/** Key of the last main branch name seen for one repository (a hint that saves a round trip). */
export function mainBranchKey(repositoryUuid: string): string {
  return `main-branch:${repositoryKeyPart(repositoryUuid)}`;
}
