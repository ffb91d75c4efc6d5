// Binds the platform-free resolver functions to @forge/resolver: one
// definition per key of the ResolverContract.
//
// `makeResolver` is a named export on purpose: @forge/resolver is CommonJS, and
// a default import of it is `module.exports` (not the Resolver class) under
// Node's ESM interop, which bundlers follow for "type": "module" packages.
import { makeResolver } from '@forge/resolver';
import type { ResolverKey, ResultOf } from '../api/contract';
import type { ResolverHandlers } from '../resolvers/create-resolvers';

// A mapped type over the contract's keys, so a key added to the contract fails to compile here until it is defined.
type Definitions = { [K in ResolverKey]: (payload: unknown) => ResultOf<K> };

export function forgeDefinitions(handlers: ResolverHandlers) {
  return makeResolver<Definitions>({
    loadPage: (request) => handlers.loadPage(request),
    saveChoices: (request) => handlers.saveChoices(request),
    openPullRequest: (request) => handlers.openPullRequest(request),
    saveIdentity: (request) => handlers.saveIdentity(request),
    startCheck: (request) => handlers.startCheck(request),
    readCheck: (request) => handlers.readCheck(request),
    lastCheck: (request) => handlers.lastCheck(request),
  });
}
