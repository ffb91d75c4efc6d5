// Binds the platform-free resolver functions to @forge/resolver: one
// definition per key of the ResolverContract.
//
// `makeResolver` is a named export on purpose: @forge/resolver is CommonJS, and
// a default import of it is `module.exports` (not the Resolver class) under
// Node's ESM interop, which bundlers follow for "type": "module" packages.
import { makeResolver, type Handlers } from '@forge/resolver';
import type { ResolverKey, ResultOf } from '../api/contract';
import type { ResolverHandlers } from '../resolvers/create-resolvers';

// A mapped type over the contract's keys, so a key added to the contract fails to compile here until it is defined.
type Definitions = { [K in ResolverKey]: (payload: unknown) => ResultOf<K> };

export function forgeDefinitions(handlers: ResolverHandlers) {
  const definitions: Handlers<Definitions> = {
    loadPage: (request) => handlers.loadPage(request),
    saveChoices: (request) => handlers.saveChoices(request),
    openPullRequest: (request) => handlers.openPullRequest(request),
    saveIdentity: (request) => handlers.saveIdentity(request),
  };
  return onlyOwnKeys(definitions, makeResolver<Definitions>(definitions));
}

type ForgeHandler = ReturnType<typeof makeResolver>;

/**
 * @forge/resolver looks a key up with `in`, so "constructor", "toString",
 * "valueOf" or "__proto__" reach Object's built-ins ("constructor" echoes the
 * whole invocation context back to the page). Only a key defined above is
 * called; any other gets "no such function", before @forge/resolver sees it.
 */
export function onlyOwnKeys(definitions: object, handler: ForgeHandler): ForgeHandler {
  return async (event, runtime) => {
    const key: unknown = (event as { call?: { functionKey?: unknown } } | undefined)?.call?.functionKey;
    if (typeof key !== 'string' || !Object.hasOwn(definitions, key)) {
      const shown = typeof key === 'string' ? JSON.stringify(key.slice(0, 60)) : 'without a name';
      throw new Error(`No such function ${shown}: this app defines ${Object.keys(definitions).join(', ')}.`);
    }
    return handler(event, runtime);
  };
}
