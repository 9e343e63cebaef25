import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { observabilityApiRef } from './api/ObservabilityApi';
import { ObservabilityClient } from './api/ObservabilityClient';

/** @public */
export const observabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ObservabilityClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Observability" tab on service pages. Defaults come from the entity's
 * Kubernetes annotations, so any Component may show it.
 *
 * @public
 */
export const observabilityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'observability',
    title: 'Observability',
    filter: 'kind:component',
    loader: () =>
      import('./components/ObservabilityContent').then(m => (
        <m.ObservabilityContent />
      )),
  },
});

/**
 * Sightline for Backstage's new frontend system.
 *
 * @public
 */
export const observabilityPlugin = createFrontendPlugin({
  pluginId: 'observability',
  extensions: [observabilityApi, observabilityEntityContent],
});
