import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  AlertsResponse,
  EntityAlert,
  EntitySlosResponse,
} from '@sightline/plugin-observability-common';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { burningAvailability } from '../../__testUtils__/burningSlo';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { ObservabilityContent } from '../ObservabilityContent';
import { checkoutRed } from '../OverviewSection/__fixtures__/red';
import recorded from '../SlosSection/__fixtures__/checkout-slos.json';

const calmSlos = recorded as unknown as EntitySlosResponse;

const burnAlert: EntityAlert = {
  name: 'PaymentsAvailabilityErrorBudgetBurn',
  state: 'firing',
  severity: 'critical',
  summary: 'payments is burning its error budget',
  labels: {
    alertname: 'PaymentsAvailabilityErrorBudgetBurn',
    sloth_severity: 'page',
  },
  startsAt: '2026-11-22T01:00:00Z',
  silencedBy: [],
  source: 'alertmanager',
};

function alertsOf(alerts: EntityAlert[]): AlertsResponse {
  return {
    entityRef: 'component:default/checkout',
    matchers: [],
    alerts,
    rules: [],
    errors: [],
  };
}

// The first render loads MUI and recharts; slow on a busy machine.
jest.setTimeout(30_000);

describe('ServiceStatusStrip on the Observability tab', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve(alerts: AlertsResponse, slos: EntitySlosResponse) {
    const asked: string[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/alerts`, () => {
        asked.push('alerts');
        return HttpResponse.json(alerts);
      }),
      http.get(`${CHECKOUT_API}/slos`, () => {
        asked.push('slos');
        return HttpResponse.json(slos);
      }),
      http.get(`${CHECKOUT_API}/red`, () => HttpResponse.json(checkoutRed)),
      http.get(`${CHECKOUT_API}/red/breakdown`, () =>
        HttpResponse.json({
          entityRef: 'component:default/checkout',
          by: 'route',
          label: 'route',
          rows: [],
        }),
      ),
    );
    return asked;
  }

  it('opens the Overview on the paging alert and the burning SLO, linked to their sections, and counts them on the tabs', async () => {
    serve(alertsOf([burnAlert, burnAlert]), {
      ...calmSlos,
      slos: [...calmSlos.slos, burningAvailability()],
    });
    await renderForEntity(<ObservabilityContent />, {
      url: '/?section=overview&range=1h',
    });

    const strip = await screen.findByRole('region', {
      name: 'Service status',
    });
    expect(strip).toHaveTextContent(
      '2 paging alerts firing · 1 SLO burning error budget',
    );
    expect(strip).toHaveTextContent(
      'Firing: PaymentsAvailabilityErrorBudgetBurn (×2)',
    );
    expect(
      within(strip).getByRole('link', { name: 'See alerts' }),
    ).toHaveAttribute('href', '/?range=1h&section=alerts');
    // Only the burning SLO, with its verdict: every condition holds, the
    // rest of the budget lasts 0.854 × 30 d / 40 = 15 h 22 min.
    expect(strip).toHaveTextContent(
      'At riskAvailability: Page condition page-quick, page-slow hold; at this pace the budget runs out in 15 h 22 min',
    );
    expect(
      within(strip).getByRole('link', { name: 'See burn rates and burn-down' }),
    ).toHaveAttribute('href', '/?range=1h&section=slos');
    // The strip comes before the charts.
    expect(
      strip.compareDocumentPosition(
        screen.getByText('Requests, errors and latency'),
      ) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    const alertsTab = screen.getByRole('tab', {
      name: 'Alerts, 2 alerts firing',
    });
    expect(within(alertsTab).getByTestId('tab-badge')).toHaveTextContent('2');
    const slosTab = screen.getByRole('tab', { name: 'SLOs, 1 SLO burning' });
    expect(within(slosTab).getByTestId('tab-badge')).toHaveTextContent('1');
    expect(screen.getByRole('tab', { name: 'Logs' })).toBeInTheDocument();
  });

  it('shows no strip and plain tabs while nothing pages or burns', async () => {
    const asked = serve(alertsOf([]), calmSlos);
    await renderForEntity(<ObservabilityContent />, {
      url: '/?section=overview&range=1h',
    });
    await screen.findByText('Requests, errors and latency');
    await waitFor(() => expect(asked.sort()).toEqual(['alerts', 'slos']));

    expect(
      screen.queryByRole('region', { name: 'Service status' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Alerts' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'SLOs' })).toBeInTheDocument();
    expect(screen.queryByTestId('tab-badge')).not.toBeInTheDocument();
  });
});
