// What a resolver answers when something throws instead of returning a result.
// The UI gets a code and plain words, never a stack or an internal message;
// the details go to the Forge log (console.error) for whoever runs the app.
import { expectedError, isNeedsAuthentication } from '../usecases/errors';
import type { UseCaseError } from '../usecases/types';

export function errorFromThrown(resolverKey: string, err: unknown): UseCaseError {
  if (isNeedsAuthentication(err)) {
    return {
      code: 'needs-authentication',
      message:
        'This app writes to Bitbucket as you, and you have not allowed it yet. ' +
        'Choose "Allow access", approve the request, then try again.',
    };
  }
  // The use cases turn Bitbucket failures into results; one that still escapes
  // carries words meant for people (operation, Bitbucket's message, a hint).
  const expected = expectedError(err);
  if (expected) return expected;
  console.error(`Resolver "${resolverKey}" failed unexpectedly:`, err);
  return {
    code: 'internal',
    message:
      'Something went wrong inside the app (a bug, not a problem with your input or Bitbucket). ' +
      'Try again; if it keeps happening, report it with the time it happened.',
  };
}
