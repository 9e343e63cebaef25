import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  DeploymentsResponse,
  EntityHealthResponse,
  SloAdjustmentsResponse,
  AlertsResponse,
  EntitySlosResponse,
  RedBreakdownResponse,
  RedResponse,
} from '@sightline/plugin-observability-common';
import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { ObservabilityApi, observabilityApiRef } from './api/ObservabilityApi';
import { checkoutRed } from './components/OverviewSection/__fixtures__/red';
import {
  EntityObservabilityContent,
  EntityRedSummaryCard,
  legacyObservabilityPlugin,
} from './legacy';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
};

/** A client answering what the Overview, its tabs and the RED card ask. */
function mockClient() {
  const client = {
    // The tabs' badges and the Overview's status strip: nothing firing.
    getAlerts: jest.fn(
      async (): Promise<AlertsResponse> => ({
        entityRef: 'component:default/checkout',
        matchers: [],
        alerts: [],
        rules: [],
        errors: [],
      }),
    ),
    getSlos: jest.fn(
      async (): Promise<EntitySlosResponse> => ({
        entityRef: 'component:default/checkout',
        at: '2026-11-22T02:00:00.000Z',
        slos: [],
        problems: [],
      }),
    ),
    getRed: jest.fn<
      Promise<RedResponse>,
      Parameters<ObservabilityApi['getRed']>
    >(async () => checkoutRed),
    // The charts' rollout markers: none in the range.
    getDeployments: jest.fn(
      async (): Promise<DeploymentsResponse> => ({
        entityRef: 'component:default/checkout',
        workload: 'shop/checkout',
        range: { start: 0, end: 1 },
        rollouts: [],
        sources: [{ source: 'kube-state-metrics', status: 'none' }],
      }),
    ),
    // The charts' shaded budget adjustments: none.
    getSloAdjustments: jest.fn(
      async (): Promise<SloAdjustmentsResponse> => ({
        entityRef: 'component:default/checkout',
        adjustments: [],
        periods: [],
        problems: [],
      }),
    ),
    // The Overview asks which engine answers (for what it lacks): Prometheus, up.
    getEntityHealth: jest.fn(
      async (): Promise<EntityHealthResponse> => ({
        entityRef: 'component:default/checkout',
        cluster: {
          cluster: 'local',
          upstreams: [
            {
              kind: 'prometheus',
              url: 'http://127.0.0.1:9090',
              status: 'up',
              latencyMs: 2,
            },
          ],
        },
      }),
    ),
    getRedBreakdown: jest.fn(
      async (): Promise<RedBreakdownResponse> => ({
        entityRef: 'component:default/checkout',
        by: 'route',
        label: 'route',
        breakdowns: ['route', 'status'],
        rows: [
          {
            key: '/api/checkout',
            requestRate: 1.674,
            errorRatio: 0.00033,
            latencyP95: 0.2469,
          },
        ],
      }),
    ),
  };
  // Only what these views call; any other method is missing, and fails.
  return {
    client,
    api: client as Partial<ObservabilityApi> as ObservabilityApi,
  };
}

/**
 * Renders `element` for checkout in a legacy (`createApp`) test app, at
 * `/observability` as `<EntityLayout.Route path="/observability">` mounts it.
 */
function renderLegacy(element: JSX.Element, api: ObservabilityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[observabilityApiRef, api]]}>
      <EntityProvider entity={checkout}>
        <Routes>
          <Route path="/observability" element={element} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: ['/observability?section=overview&range=1h'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

// The first render loads MUI, the table and recharts; slow on a busy machine.
jest.setTimeout(30_000);

describe('legacy frontend system exports', () => {
  it("is the 'observability' plugin and provides the API client", () => {
    expect(legacyObservabilityPlugin.getId()).toBe('observability');
    expect([...legacyObservabilityPlugin.getApis()].map(f => f.api.id)).toEqual(
      [observabilityApiRef.id],
    );
  });

  it("renders EntityObservabilityContent's Overview from the API", async () => {
    const { client, api } = mockClient();

    await renderLegacy(<EntityObservabilityContent />, api);

    expect(
      await screen.findByRole('tab', { name: 'Overview', selected: true }),
    ).toBeInTheDocument();
    expect(
      within(await screen.findByTestId('summary-Request rate')).getByText(
        '5.551 req/s',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('/api/checkout')).toBeInTheDocument();
    const [entityRef, range] = client.getRed.mock.calls[0];
    expect(entityRef).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout',
    });
    expect(Number(range?.to) - Number(range?.from)).toBe(3_600_000);
  });

  it('renders EntityRedSummaryCard with its figures and a link to the tab', async () => {
    const { api } = mockClient();

    await renderLegacy(<EntityRedSummaryCard />, api);

    expect(await screen.findByText('5.551 req/s')).toBeInTheDocument();
    expect(screen.getByText('217 ms')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open Observability/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability?section=overview',
    );
  });
});
