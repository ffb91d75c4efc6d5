// Binds the platform-free resolver functions to @forge/resolver: one
// definition per key of the ResolverContract.
import Resolver from '@forge/resolver';
import type { ResolverKey } from '../api/contract';
import type { ResolverHandlers } from '../resolvers/create-resolvers';

// A record rather than a list, so a key added to the contract fails to compile here until it is defined.
const KEYS: Record<ResolverKey, true> = { loadPage: true, saveChoices: true, openPullRequest: true, saveIdentity: true };
export const RESOLVER_KEYS = Object.keys(KEYS) as ResolverKey[];

export function forgeDefinitions(handlers: ResolverHandlers) {
  const resolver = new Resolver();
  for (const key of RESOLVER_KEYS) {
    resolver.define(key, (request) => handlers[key](request));
  }
  return resolver.getDefinitions();
}
