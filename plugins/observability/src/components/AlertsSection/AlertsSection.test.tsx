import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  alerts,
  ENTITY_URL,
  renderSection,
  serveAlerts,
  silences,
} from './__testUtils__/alertsSection';
import { silenceMinutes } from './SilenceDialog';
import { failOnRowIdWarnings } from '../../__testUtils__/failOnRowIdWarnings';

// usePermission caches answers for the whole test file (SWR), so users who
// may silence are tested in AlertsSection.silencing.test.tsx.
describe('AlertsSection for users who may not silence', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  failOnRowIdWarnings();

  it('shows firing alerts, rules and silences, without silence controls for users who lack the permission', async () => {
    serveAlerts(server);
    await renderSection(AuthorizeResult.DENY);

    const list = await screen.findByRole('list', { name: 'Alerts' });
    expect(within(list).getByText('HighErrorRate')).toBeInTheDocument();
    expect(within(list).getByText('critical')).toBeInTheDocument();
    expect(within(list).getByText('firing')).toBeInTheDocument();
    expect(
      within(list).getByText(
        'payments answers more than 1% of requests with 5xx',
      ),
    ).toBeInTheDocument();
    expect(within(list).getByText(/4.61% of payments/)).toBeInTheDocument();
    expect(within(list).getByText(/^Since .*ago\)$/)).toBeInTheDocument();
    expect(within(list).getByText('service=payments')).toBeInTheDocument();
    expect(
      within(list).getByRole('link', { name: /^Runbook/ }),
    ).toHaveAttribute('href', 'https://runbooks.example/high-error-rate');
    const alertLink = within(list).getByRole('link', {
      name: /^Open in Alertmanager/,
    });
    expect(alertLink.getAttribute('href')).toContain(
      encodeURIComponent('alertname="HighErrorRate"'),
    );

    const rules = screen.getByRole('table', { name: 'Alert rules' });
    expect(
      within(rules).getByText(
        'sum(rate(errors[5m])) / sum(rate(requests[5m])) > 0.01',
      ),
    ).toBeInTheDocument();
    expect(within(rules).getByText('5 min')).toBeInTheDocument();

    const silenceTable = await screen.findByRole('table', { name: 'Silences' });
    expect(
      within(silenceTable).getByText('Database migration'),
    ).toBeInTheDocument();
    expect(within(silenceTable).queryByText('Old deploy')).toBeNull();
    // The silence in Alertmanager's UI, at the URL the backend gave (its externalUrl).
    expect(
      within(silenceTable).getByRole('link', {
        name: /^Silence Database migration in Alertmanager/,
      }),
    ).toHaveAttribute('href', silences.silences[0].url);

    expect(screen.queryByRole('button', { name: /^Silence/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Expire/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Silence all' })).toBeNull();
  });

  it('shows expired silences on request', async () => {
    serveAlerts(server);
    await renderSection(AuthorizeResult.DENY);
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Show expired (1)' }),
    );
    expect(screen.getByText('Old deploy')).toBeInTheDocument();
  });

  it('shows the empty states, saying how to fix them', async () => {
    serveAlerts(
      server,
      { ...alerts, alerts: [], rules: [] },
      { ...silences, silences: [] },
    );
    await renderSection(AuthorizeResult.DENY);

    expect(await screen.findByText('Nothing is firing')).toBeInTheDocument();
    expect(
      screen.getByText(/match \{namespace="shop", service="payments"\}/),
    ).toBeInTheDocument();
    expect(screen.getByText('No alert rules')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=rules$/),
    );
    expect(await screen.findByText('No silences')).toBeInTheDocument();
    expect(
      screen.getByText(/needs the observability.silence.create permission/),
    ).toBeInTheDocument();
  });

  it('says when the metrics engine lists no rules, and how to enable them', async () => {
    const reason =
      'VictoriaMetrics lists no rules of its own: run vmalert with your rule files and start VictoriaMetrics with -vmalert.proxyURL=<vmalert URL>, so that /api/v1/rules and /api/v1/alerts answer vmalert’s.';
    serveAlerts(
      server,
      { ...alerts, alerts: [], rules: [] },
      { ...silences, silences: [] },
      {
        entityRef: 'component:default/payments',
        cluster: {
          cluster: 'vm',
          upstreams: [
            {
              kind: 'prometheus',
              url: 'http://127.0.0.1:8428',
              status: 'up',
              latencyMs: 2,
              engine: {
                kind: 'victoriametrics',
                capabilities: {
                  rules: { available: false, reason },
                  exemplars: { available: false, reason: 'No exemplars.' },
                  targets: { available: true },
                },
              },
            },
          ],
        },
      },
    );
    await renderSection(AuthorizeResult.DENY);

    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.getByText('No alert rules')).toBeInTheDocument();
  });

  it('reports a failing source without hiding the other, and a failing request without blanking silences', async () => {
    serveAlerts(server, {
      ...alerts,
      alerts: [],
      errors: [
        {
          source: 'alertmanager',
          message: "Alertmanager of cluster 'local' timed out after 10s",
        },
      ],
    });
    const first = await renderSection(AuthorizeResult.DENY);
    expect(
      await screen.findByText(/Alertmanager could not be read: .*timed out/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Alert rules' }),
    ).toBeInTheDocument();
    first.unmount();

    server.use(
      http.get(`${ENTITY_URL}/alerts`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: "Prometheus of cluster 'local' refused the connection",
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderSection(AuthorizeResult.DENY);
    expect(
      await screen.findAllByText(/Prometheus of cluster 'local' refused/),
    ).toHaveLength(2);
    for (const link of screen.getAllByRole('button', { name: 'Diagnose' })) {
      expect(link).toHaveAttribute(
        'href',
        expect.stringMatching(/section=setup&diagnose=rules$/),
      );
    }
    expect(
      await screen.findByRole('table', { name: 'Silences' }),
    ).toBeInTheDocument();
  });
});

describe('silenceMinutes', () => {
  it('reads durations and refuses what Alertmanager would not take', () => {
    expect(silenceMinutes('1h30m')).toEqual({ minutes: 90 });
    expect(silenceMinutes('7d')).toEqual({ minutes: 10080 });
    expect(silenceMinutes('7d1m')).toEqual({ problem: 'At most 7 d' });
    expect(silenceMinutes('90s')).toEqual({ problem: 'Use whole minutes' });
    expect(silenceMinutes('soon')).toEqual({
      problem: 'Write a duration such as 30m, 2h or 1d12h',
    });
  });
});
