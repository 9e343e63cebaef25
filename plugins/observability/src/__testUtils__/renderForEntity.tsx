import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
  TestAppOptions,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { SWRConfig } from 'swr';
import { ObservabilityClient } from '../api/ObservabilityClient';
import { observabilityApiRef } from '../api/ObservabilityApi';

/** Where the client under test sends its requests; msw answers there. */
export const TEST_API_BASE = 'http://backstage.test/api/observability';

/** The demo checkout service, as examples/entities/shop.yaml declares it. */
const checkoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-namespace': 'shop',
      'sightline.dev/slo-availability': '99.9',
    },
  },
  spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
};

/** The checkout entity's routes, as the client calls them. */
export const CHECKOUT_API = `${TEST_API_BASE}/entities/Component/default/checkout`;

/**
 * Renders a section or card for an entity with the real ObservabilityClient
 * (so requests go through fetch to msw) at `url`, e.g. `/?section=setup`.
 * Each render has an SWR cache of its own: usePermission keeps its answers
 * there, and the global cache would carry one test's answer into the next.
 */
export function renderForEntity(
  element: JSX.Element,
  options: {
    entity?: Entity;
    url?: string;
    apis?: TestAppOptions['apis'];
  } = {},
) {
  const client = new ObservabilityClient({
    discoveryApi: { getBaseUrl: async () => TEST_API_BASE },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider apis={[[observabilityApiRef, client]]}>
        <EntityProvider entity={options.entity ?? checkoutEntity}>
          {element}
        </EntityProvider>
      </TestApiProvider>
    </SWRConfig>,
    {
      initialRouteEntries: options.url ? [options.url] : undefined,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: options.apis,
    },
  );
}
