// Forge entry point (manifest: handler index.handler): the resolver behind the
// repository settings page.
import { createResolvers } from './resolvers/create-resolvers';
import { productionDeps } from './forge/production-deps';
import { forgeDefinitions } from './forge/resolver-definitions';

export const handler = forgeDefinitions(createResolvers(productionDeps()));
