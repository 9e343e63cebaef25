import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AlertsResponse } from '@sightline/plugin-observability-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { FiringAlertsCard } from './FiringAlertsCard';
import { failOnRowIdWarnings } from '../../__testUtils__/failOnRowIdWarnings';

const alert = (
  name: string,
  state: 'firing' | 'pending' | 'silenced',
  severity: string,
) => ({
  name,
  state,
  severity,
  summary: `${name} on checkout`,
  runbookUrl: `https://runbooks.example/${name}`,
  labels: { alertname: name, service: 'checkout' },
  startsAt: new Date(Date.now() - 12 * 60_000).toISOString(),
  silencedBy: [],
  source: 'alertmanager' as const,
});

const alerts: AlertsResponse = {
  entityRef: 'component:default/checkout',
  matchers: [{ name: 'service', op: '=', value: 'checkout' }],
  alerts: [
    alert('CheckoutLatencyHigh', 'pending', 'warning'),
    alert('CheckoutMuted', 'silenced', 'critical'),
    alert('CheckoutErrorBudgetBurn', 'firing', 'critical'),
  ],
  rules: [],
  errors: [],
};

// The first render loads MUI; slow on a busy machine.
jest.setTimeout(30_000);

describe('FiringAlertsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  failOnRowIdWarnings();

  it('lists firing and pending alerts apart, and leaves silenced ones out', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/alerts`, () =>
        HttpResponse.json({
          ...alerts,
          alerts: [
            ...alerts.alerts,
            alert('CheckoutSaturation', 'pending', 'info'),
          ],
        }),
      ),
    );

    await renderForEntity(<FiringAlertsCard />);

    const firing = await screen.findByRole('list', { name: 'Firing (1)' });
    const firingItems = within(firing).getAllByRole('listitem');
    expect(firingItems).toHaveLength(1);
    expect(
      within(firingItems[0]).getByText('CheckoutErrorBudgetBurn'),
    ).toBeInTheDocument();
    expect(within(firingItems[0]).getByText('critical')).toBeInTheDocument();
    expect(
      within(firingItems[0]).getByRole('link', { name: /Runbook/ }),
    ).toHaveAttribute(
      'href',
      'https://runbooks.example/CheckoutErrorBudgetBurn',
    );
    expect(within(firingItems[0]).getByText(/12 min ago/)).toBeInTheDocument();

    const pending = screen.getByRole('list', { name: 'Pending (2)' });
    expect(
      within(pending)
        .getAllByRole('listitem')
        .map(item => item.querySelector('strong')?.textContent),
    ).toEqual(['CheckoutLatencyHigh', 'CheckoutSaturation']);
    expect(
      within(pending).getAllByText(/Pending since .*12 min ago/),
    ).toHaveLength(2);

    expect(screen.queryByText('CheckoutMuted')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /All alerts and rules/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability?section=alerts',
    );
  });

  it('shows only the firing group when nothing is pending', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/alerts`, () =>
        HttpResponse.json({
          ...alerts,
          alerts: alerts.alerts.filter(a => a.state !== 'pending'),
        }),
      ),
    );

    await renderForEntity(<FiringAlertsCard />);

    expect(
      await screen.findByRole('list', { name: 'Firing (1)' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: /Pending/ })).toBeNull();
  });

  // One rule fires once per label set: same name, same start, other labels.
  it('lists each firing series of one rule once', async () => {
    const perRoute = (route: string) => {
      const a = alert('CheckoutLatencyHigh', 'firing', 'warning');
      return {
        ...a,
        startsAt: '2026-11-22T02:00:00Z',
        labels: { ...a.labels, route },
      };
    };
    server.use(
      http.get(`${CHECKOUT_API}/alerts`, () =>
        HttpResponse.json({
          ...alerts,
          alerts: [perRoute('/pay'), perRoute('/cart')],
        }),
      ),
    );

    await renderForEntity(<FiringAlertsCard />);

    const firing = await screen.findByRole('list', { name: 'Firing (2)' });
    expect(within(firing).getAllByRole('listitem')).toHaveLength(2);
  });

  it('says all is quiet, and which source could not be read', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/alerts`, () =>
        HttpResponse.json({
          ...alerts,
          alerts: [],
          errors: [
            { source: 'prometheus', message: 'rules endpoint timed out' },
          ],
        }),
      ),
    );

    await renderForEntity(<FiringAlertsCard />);

    expect(
      await screen.findByText('No alerts firing or pending'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Could not read Prometheus: rules endpoint timed out/),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/alerts`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'No entity component:default/checkout',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    await renderForEntity(<FiringAlertsCard />);

    expect(await screen.findByText('Not found')).toBeInTheDocument();
  });
});
