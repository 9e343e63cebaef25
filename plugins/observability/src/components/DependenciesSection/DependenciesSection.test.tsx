import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DependenciesResponse } from '@sightline/plugin-observability-common';
import {
  CHECKOUT_API,
  renderForEntity,
  TEST_API_BASE,
} from '../../__testUtils__/renderForEntity';
import { TimeRangeProvider } from '../shared';
import { DependenciesSection } from './DependenciesSection';
import { SystemDependenciesCard } from './SystemDependenciesCard';

// Shaped like the backend's answer for the demo's checkout (see
// dependencies.integration.test.ts for the figures' origin).
const checkoutGraph: DependenciesResponse = {
  entityRef: 'component:default/checkout',
  from: '2026-12-07T03:00:00.000Z',
  to: '2026-12-07T04:00:00.000Z',
  source: 'tempo-servicegraph',
  focus: ['checkout'],
  nodes: [
    {
      id: 'checkout',
      entityRef: 'component:default/checkout',
      title: 'Checkout',
      external: false,
      health: 'healthy',
      requestRate: 2,
      errorRatio: 0.002,
    },
    {
      id: 'payments',
      entityRef: 'component:default/payments',
      title: 'Payments',
      external: false,
      health: 'failing',
      requestRate: 10,
      errorRatio: 0.1,
    },
    {
      id: 'inventory',
      entityRef: 'component:default/inventory',
      title: 'inventory',
      external: false,
      health: 'healthy',
      requestRate: 5,
      errorRatio: 0,
    },
    {
      id: 'frontend',
      title: 'frontend',
      external: true,
      health: 'unknown',
    },
  ],
  edges: [
    {
      client: 'checkout',
      server: 'inventory',
      requestRate: 5,
      errorRatio: 0,
      latencyP95: 0.095,
    },
    {
      client: 'checkout',
      server: 'payments',
      requestRate: 10,
      errorRatio: 0.1,
      latencyP95: 0.375,
    },
    { client: 'frontend', server: 'checkout', requestRate: 2, errorRatio: 0 },
  ],
  drift: [
    {
      kind: 'undeclared',
      clientRef: 'component:default/checkout',
      serverRef: 'component:default/inventory',
      yaml: 'spec:\n  dependsOn:\n    - component:default/inventory\n',
      message:
        'component:default/checkout calls component:default/inventory, but the catalog declares no dependsOn or consumed API of it.',
    },
  ],
  failures: [],
};

// The first render loads MUI; slow on a busy machine.
jest.setTimeout(30_000);

describe('DependenciesSection', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function renderSection() {
    return renderForEntity(
      <TimeRangeProvider>
        <DependenciesSection />
      </TimeRangeProvider>,
    );
  }

  it('draws callers and callees with each edge’s figures, links matched nodes, and lists the drift with its YAML', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(`${CHECKOUT_API}/dependencies`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json(checkoutGraph);
      }),
    );
    await renderSection();
    const graph = await screen.findByRole('group', {
      name: 'Callers and callees of checkout',
    });
    expect(query?.get('from')).toBeTruthy();
    expect(query?.get('to')).toBeTruthy();

    const payments = within(graph).getByTestId(
      'dependency-edge-checkout-payments',
    );
    expect(payments).toHaveTextContent('10 req/s · 10 % err');
    expect(payments).toHaveTextContent('p95 375 ms');
    expect(
      within(graph).getByTestId('dependency-edge-checkout-inventory'),
    ).toHaveTextContent('p95 95 ms');
    // No histogram: no made-up p95.
    expect(
      within(graph).getByTestId('dependency-edge-frontend-checkout'),
    ).toHaveTextContent('p95 –');

    expect(
      within(graph).getByRole('link', { name: /^Payments: failing/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments');
    // A peer the catalog does not know is drawn, not linked.
    expect(
      within(graph).getByTestId('dependency-node-frontend'),
    ).toHaveTextContent('not in the catalog');
    expect(within(graph).queryByRole('link', { name: /^frontend/ })).toBeNull();

    const drift = screen.getByRole('list', { name: 'Catalog drift' });
    expect(drift).toHaveTextContent('Called, not declared');
    expect(drift).toHaveTextContent('checkout → inventory');
    expect(drift).toHaveTextContent('component:default/inventory');
  });

  it('says when the cluster has no service graph, how to enable one, and opens the doctor’s check', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/dependencies`, () =>
        HttpResponse.json({
          ...checkoutGraph,
          source: undefined,
          nodes: [],
          edges: [],
          drift: [],
          missing: {
            message:
              "Prometheus of cluster 'local' has no service-graph metrics (traces_service_graph_request_total or istio_requests_total) over the range.",
            howToEnable: [
              "Tempo: enable the metrics-generator's service-graphs processor.",
              'OpenTelemetry Collector: add the servicegraph connector.',
              'Istio: scrape the sidecars.',
            ],
          },
        }),
      ),
    );
    await renderSection();
    expect(
      await screen.findByText('No service-graph metrics found'),
    ).toBeInTheDocument();
    expect(screen.getByText(/metrics-generator/)).toBeInTheDocument();
    expect(screen.getByText(/servicegraph connector/)).toBeInTheDocument();
    expect(screen.getByText(/Istio: scrape/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=service-graph$/),
    );
    expect(screen.queryByText('Catalog drift')).toBeNull();
  });

  it('names the failing upstream and offers the doctor when the backend cannot read the graph', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/dependencies`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message:
                "Prometheus of cluster 'local' did not answer within 30000 ms",
            },
          },
          { status: 503 },
        ),
      ),
    );
    await renderSection();
    expect(
      await screen.findByText(/Prometheus of cluster 'local' did not answer/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/diagnose=service-graph$/),
    );
  });
});

describe('SystemDependenciesCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('draws the whole system’s graph from the system route', async () => {
    server.use(
      http.get(`${TEST_API_BASE}/systems/default/shop/dependencies`, () =>
        HttpResponse.json({
          ...checkoutGraph,
          entityRef: 'system:default/shop',
          focus: ['checkout', 'payments', 'inventory'],
          failures: [
            {
              entityRef: 'component:default/kbot',
              message: "Cluster 'kind-dev' is not configured",
            },
          ],
        }),
      ),
    );
    await renderForEntity(<SystemDependenciesCard />, {
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'shop', namespace: 'default', title: 'Shop' },
        spec: { owner: 'team-shop' },
      },
    });
    const graph = await screen.findByRole('group', {
      name: 'Service map of Shop',
    });
    expect(
      within(graph).getByTestId('dependency-edge-checkout-payments'),
    ).toHaveTextContent('10 req/s');
    expect(
      screen.getByText(/component:default\/kbot could not be read/),
    ).toBeInTheDocument();
  });
});
