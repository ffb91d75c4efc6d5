// The kinds of failure every layer reports. The client maps HTTP answers onto
// them and the use cases and the page act on them, so they sit below both.
export type ErrorCode =
  | 'invalid-input' // payload or choices failed validation
  | 'invalid-pipeline' // the existing bitbucket-pipelines.yml cannot be edited safely
  | 'needs-authentication' // asUser has no grant yet: the UI shows "Allow access"
  | 'forbidden' // 403: missing permission or scope (message names it)
  | 'not-found' // 404
  | 'conflict' // 409 that survived the one re-plan
  | 'rate-limited' // 429 after retries
  | 'bitbucket-unavailable' // 5xx / network after retries
  | 'internal'; // a bug: message says so, no stack
