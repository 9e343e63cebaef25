import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DashboardsResponse } from '@sightline/plugin-observability-common';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { failOnRowIdWarnings } from '../../__testUtils__/failOnRowIdWarnings';
import { TimeRangeProvider } from '../shared';
import { DashboardsSection } from './DashboardsSection';

// Shaped like the local stack's answer for checkout (Grafana stand-in).
const dashboards: DashboardsResponse = {
  entityRef: 'component:default/checkout',
  cluster: 'local',
  grafanaUrl: 'http://localhost:3030',
  dashboards: [
    {
      uid: 'checkout-red',
      title: 'Checkout / RED',
      url: 'http://localhost:3030/d/checkout-red/checkout-red',
      tags: ['checkout', 'shop', 'red'],
      folderTitle: 'Shop',
      matchedBy: ['tag:checkout'],
    },
  ],
  missing: ['gone-uid'],
  explore: [
    {
      signal: 'metrics',
      title: 'Request rate',
      language: 'promql',
      query:
        'sum by (status, code) (rate(http_requests_total{namespace="shop", service="checkout"}[5m]))',
      url: 'http://localhost:3030/explore?schemaVersion=1&panes=%7B%7D',
      datasourceUid: 'prometheus',
    },
  ],
  problems: ['No Explore link for traces: no Tempo data source is configured.'],
};

function renderDashboards() {
  return renderForEntity(
    <TimeRangeProvider>
      <DashboardsSection />
    </TimeRangeProvider>,
  );
}

// The first render loads MUI, the table and recharts; slow on a busy machine.
jest.setTimeout(30_000);

describe('DashboardsSection', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  failOnRowIdWarnings();

  it('links each dashboard and Explore query into Grafana, and names missing uids', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/dashboards`, () =>
        HttpResponse.json(dashboards),
      ),
    );

    await renderDashboards();

    const dashboard = await screen.findByRole('link', {
      name: /Checkout \/ RED/,
    });
    expect(dashboard).toHaveAttribute(
      'href',
      'http://localhost:3030/d/checkout-red/checkout-red',
    );
    expect(screen.getByText('tag:checkout')).toBeInTheDocument();
    expect(
      screen.getByText(/no dashboard with uid gone-uid/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Metrics: Request rate/ }),
    ).toHaveAttribute('href', dashboards.explore[0].url);
    expect(screen.getByText(dashboards.explore[0].query)).toBeInTheDocument();
    expect(screen.getByText(/no Tempo data source/)).toBeInTheDocument();
  });

  it('says how to get a dashboard listed when Grafana has none', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/dashboards`, () =>
        HttpResponse.json({ ...dashboards, dashboards: [], missing: [] }),
      ),
    );

    await renderDashboards();

    expect(await screen.findByText('No dashboards found')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open Setup' })).toHaveAttribute(
      'href',
      '/?section=setup',
    );
  });

  it('shows which upstream failed when Grafana cannot be reached', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/dashboards`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: "Grafana of cluster 'local' refused the connection",
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );

    await renderDashboards();

    expect(
      await screen.findByText('An upstream did not answer'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Grafana of cluster 'local'/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=config$/),
    );
  });
});
