// KVS keys per repository. Forge KVS keys may not contain `{` or `}`, while
// Bitbucket UUIDs come braced, so keys use the bare, lower-case UUID.
const BRACED_OR_BARE_UUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** The UUID without braces, lower-cased; throws on anything that is not a UUID (it would make a wrong key). */
export function bareUuid(uuid: string): string {
  const match = BRACED_OR_BARE_UUID.exec(uuid);
  if (!match?.[1]) {
    throw new Error(`Not a repository UUID: ${JSON.stringify(uuid)}. Expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.`);
  }
  return match[1].toLowerCase();
}

/** Key of the admin's saved choices for one repository. */
export function choicesKey(repositoryUuid: string): string {
  return `choices:${bareUuid(repositoryUuid)}`;
}

/** Key of the last main branch name seen for one repository (a hint that saves a round trip). */
export function mainBranchKey(repositoryUuid: string): string {
  return `main-branch:${bareUuid(repositoryUuid)}`;
}
