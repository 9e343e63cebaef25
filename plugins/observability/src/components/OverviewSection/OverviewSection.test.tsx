import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { failOnRowIdWarnings } from '../../__testUtils__/failOnRowIdWarnings';
import { TimeRangeProvider } from '../shared';
import { checkoutRed, idleRed } from './__fixtures__/red';
import { OverviewSection } from './OverviewSection';

const breakdown = {
  entityRef: 'component:default/checkout',
  by: 'route',
  label: 'route',
  breakdowns: ['route', 'status'],
  rows: [
    {
      key: '/api/cart',
      requestRate: 3.8766,
      errorRatio: 0,
      latencyP95: 0.0713,
    },
    {
      key: '/api/checkout',
      requestRate: 1.674,
      errorRatio: 0.00033,
      latencyP95: 0.2469,
    },
  ],
};

function renderOverview() {
  return renderForEntity(
    <TimeRangeProvider>
      <OverviewSection />
    </TimeRangeProvider>,
    { url: '/?section=overview&range=1h' },
  );
}

// The first render loads MUI, the table and recharts; slow on a busy machine.
jest.setTimeout(30_000);

describe('OverviewSection', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  failOnRowIdWarnings();

  it('shows the summary with its change, the exemplar trace link and the top routes', async () => {
    const redRequests: URL[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/red`, ({ request }) => {
        redRequests.push(new URL(request.url));
        return HttpResponse.json(checkoutRed);
      }),
      http.get(`${CHECKOUT_API}/red/breakdown`, () =>
        HttpResponse.json(breakdown),
      ),
    );

    await renderOverview();

    const errors = await screen.findByTestId('summary-Error ratio');
    expect(within(errors).getByText('0.01 %')).toBeInTheDocument();
    expect(
      within(errors).getByText('-67 % vs the period before'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('summary-Request rate')).getByText(
        '5.551 req/s',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('summary-Latency p95')).getByText('217 ms'),
    ).toBeInTheDocument();

    // The last hour, in seconds, as the backend takes it.
    const params = redRequests[0].searchParams;
    expect(Number(params.get('to')) - Number(params.get('from'))).toBe(3600);

    // The latency panel draws in a task after the summary's.
    const trace = await screen.findByRole('link', {
      name: 'trace 4bf92f3577b34da6',
    });
    expect(trace.getAttribute('href')).toContain('section=traces');
    expect(trace.getAttribute('href')).toContain(
      'traceId=4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(trace.getAttribute('href')).toContain('range=1h');

    expect(await screen.findByText('/api/checkout')).toBeInTheDocument();
    expect(screen.getByText('3.877 req/s')).toBeInTheDocument();
    expect(screen.getByText('247 ms')).toBeInTheDocument();
  });

  it('lets the reader hide the sampled requests', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/red`, () => HttpResponse.json(checkoutRed)),
      http.get(`${CHECKOUT_API}/red/breakdown`, () =>
        HttpResponse.json(breakdown),
      ),
    );

    await renderOverview();

    const toggle = await screen.findByRole('checkbox', {
      name: 'Show sampled requests',
    });
    expect(toggle).toBeChecked();
    expect(
      screen.getByRole('link', { name: 'trace 4bf92f3577b34da6' }),
    ).toBeInTheDocument();

    await userEvent.click(toggle);

    expect(toggle).not.toBeChecked();
    expect(
      screen.queryByRole('link', { name: 'trace 4bf92f3577b34da6' }),
    ).not.toBeInTheDocument();
  });

  it('says why there are no sampled requests when the engine stores no exemplars', async () => {
    const reason =
      'VictoriaMetrics stores no exemplars, so charts link no traces; query a Prometheus with --enable-feature=exemplar-storage (or Mimir, Thanos) for them.';
    server.use(
      http.get(`${CHECKOUT_API}/red`, () =>
        HttpResponse.json({ ...checkoutRed, exemplars: [] }),
      ),
      http.get(`${CHECKOUT_API}/red/breakdown`, () =>
        HttpResponse.json(breakdown),
      ),
      http.get(`${CHECKOUT_API}/health`, () =>
        HttpResponse.json({
          entityRef: 'component:default/checkout',
          cluster: {
            cluster: 'local-vm',
            upstreams: [
              {
                kind: 'prometheus',
                url: 'http://127.0.0.1:8428',
                status: 'up',
                latencyMs: 2,
                engine: {
                  kind: 'victoriametrics',
                  capabilities: {
                    rules: { available: true },
                    exemplars: { available: false, reason },
                    targets: { available: true },
                  },
                },
              },
            ],
          },
        }),
      ),
    );

    await renderOverview();

    expect(
      await screen.findByText(`No sampled requests: ${reason}`),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('checkbox', { name: 'Show sampled requests' }),
    ).not.toBeInTheDocument();
  });

  it('keeps the breakdown when the metrics upstream fails for the charts', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/red`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: "Prometheus of cluster 'local' timed out after 30s",
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
      http.get(`${CHECKOUT_API}/red/breakdown`, () =>
        HttpResponse.json(breakdown),
      ),
    );

    await renderOverview();

    expect(
      await screen.findByText('An upstream did not answer'),
    ).toBeInTheDocument();
    expect(screen.getByText(/timed out after 30s/)).toBeInTheDocument();
    expect(await screen.findByText('/api/cart')).toBeInTheDocument();
  });

  it('points to Setup when the range has no requests', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/red`, () => HttpResponse.json(idleRed)),
      http.get(`${CHECKOUT_API}/red/breakdown`, () =>
        HttpResponse.json({ ...breakdown, rows: [] }),
      ),
    );

    await renderOverview();

    expect(
      await screen.findByText('No requests in this range'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No requests to break down'),
    ).toBeInTheDocument();
    const diagnose = screen.getAllByRole('button', { name: 'Diagnose' });
    expect(diagnose).toHaveLength(2);
    for (const link of diagnose) {
      expect(link.getAttribute('href')).toBe(
        '/?range=1h&section=setup&diagnose=series',
      );
    }
  });

  it('offers only the breakdowns the metrics have labels for', async () => {
    const asked: URL[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/red`, () => HttpResponse.json(checkoutRed)),
      http.get(`${CHECKOUT_API}/red/breakdown`, ({ request }) => {
        asked.push(new URL(request.url));
        // kbot's messages have a status and no route.
        return HttpResponse.json({
          ...breakdown,
          by: 'status',
          label: 'status',
          breakdowns: ['status'],
          rows: [{ key: 'ok', requestRate: 0.5 }],
        });
      }),
    );

    await renderOverview();

    expect(await screen.findByText('Top status codes')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'By status' })).toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'By route' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    // The backend chose: the panel asked for no breakdown by name.
    expect(asked[0].searchParams.has('by')).toBe(false);
  });

  it.each([
    [
      'target-down',
      "The service's scrape target is down",
      'scrape-target',
      'Prometheus scrapes {namespace="shop", service="inventory"} but every target is down (up == 0: 127.0.0.1:9109), so there are no series to show.',
    ],
    [
      'no-series',
      'No series for this service',
      'series',
      'No series of http_requests_total match {service="nothing"} in the 1h before 2026-12-07T00:00:00.000Z, so no metric dialect was detected.',
    ],
  ])(
    'says the backend found %s and links to the check that examines it',
    async (reason, title, check, message) => {
      const notFound = {
        error: { name: 'NotFoundError', message, reason },
        response: { statusCode: 404 },
      };
      server.use(
        http.get(`${CHECKOUT_API}/red`, () =>
          HttpResponse.json(notFound, { status: 404 }),
        ),
        http.get(`${CHECKOUT_API}/red/breakdown`, () =>
          HttpResponse.json(notFound, { status: 404 }),
        ),
      );

      await renderOverview();

      expect(await screen.findAllByText(title)).toHaveLength(2);
      expect(screen.queryByText(/invalid/)).not.toBeInTheDocument();
      for (const link of screen.getAllByRole('button', { name: 'Diagnose' })) {
        expect(link.getAttribute('href')).toBe(
          `/?range=1h&section=setup&diagnose=${check}`,
        );
      }
    },
  );
});
