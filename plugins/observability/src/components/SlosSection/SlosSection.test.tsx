import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  EntitySlosResponse,
  sloPeriod,
} from '@sightline/plugin-observability-common';
import { SlosSection } from './SlosSection';
import { burnDownRows } from './BurnDownChart';
import { TimeRangeProvider } from '../shared';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import recorded from './__fixtures__/checkout-slos.json';
import { burningAvailability } from '../../__testUtils__/burningSlo';

const checkoutSlos = recorded as unknown as EntitySlosResponse;

function renderSection(url?: string) {
  return renderForEntity(
    <TimeRangeProvider>
      <SlosSection />
    </TimeRangeProvider>,
    { url },
  );
}

describe('SlosSection', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows each SLO with its budget, burn rates, alert conditions and explanations', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () => HttpResponse.json(checkoutSlos)),
    );
    await renderSection();

    expect(
      await screen.findByText(/^Availability · 99.9% over 30d/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Latency · 99% over 30d/)).toBeInTheDocument();
    // Budget remaining, as a share and as time.
    expect(screen.getByText('30.1% · 13 min')).toBeInTheDocument();
    expect(screen.getByText('61.1% · 4 h 24 min')).toBeInTheDocument();
    expect(screen.getByText('99.93%')).toBeInTheDocument();
    expect(screen.getByText('90 d 7 h')).toBeInTheDocument();
    expect(screen.getAllByText('Met')).toHaveLength(2);
    expect(screen.getByText('Policy: warning')).toBeInTheDocument();
    expect(screen.getByText('Policy: healthy')).toBeInTheDocument();

    const burnRates = screen.getByRole('table', {
      name: 'Burn rates of Availability',
    });
    const threeDays = within(burnRates).getByText('3d').closest('tr')!;
    expect(threeDays).toHaveTextContent('0.338%3.38×');
    expect(threeDays).toHaveAttribute(
      'title',
      expect.stringMatching(/^Over the last 3 days errors burned/),
    );

    const conditions = screen.getByRole('table', {
      name: 'Alert conditions of Availability',
    });
    const pageQuick = within(conditions).getByText('page-quick').closest('tr')!;
    expect(pageQuick).toHaveTextContent('5m & 1h');
    expect(pageQuick).toHaveTextContent('14.4× (1.44%)');
    expect(pageQuick).toHaveTextContent('Does not hold');
    expect(pageQuick).toHaveTextContent(/pages when more than 1.44%/);

    expect(
      screen.getByText(/Errors have used 69.9% of the budget/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Burn-down of Availability: budget remaining per day',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /^Measured from raw series; burn-down from Prometheus/,
      ),
    ).toHaveLength(2);
  });

  it('reads a burning SLO the same in its badge, its colour, its policy and its burn-down', async () => {
    // Payments six hours into its incident: 85.4% of the budget left while
    // every burn-rate condition holds. The burn-down comes from the backend
    // up to the evaluation instant, today's partial day included.
    const burning = burningAvailability([
      { day: '2026-11-21', remaining: 0.99, consumed: 0.01, sli: 0.99999 },
      {
        day: '2026-11-22',
        until: checkoutSlos.at,
        remaining: 0.854,
        consumed: 0.136,
        sli: 0.9986,
      },
    ]);
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
        HttpResponse.json({ ...checkoutSlos, slos: [burning] }),
      ),
    );
    await renderSection();

    const badge = await screen.findByText('At risk');
    // Red, not the amber of an SLO that is merely at risk.
    expect(badge.closest('.MuiChip-root')).toHaveAttribute(
      'data-tone',
      'error',
    );
    expect(screen.getByText('Policy: critical')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Budget policy: critical \(more than 50% of the budget left; page condition page-quick, page-slow hold\): hold releases until the burn stops/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/release as usual/)).not.toBeInTheDocument();
    expect(screen.queryByText('Policy: healthy')).not.toBeInTheDocument();
    expect(screen.getByText('85.4% · 36.9 min')).toBeInTheDocument();
    expect(screen.getByText('15 h 22 min')).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Burn-down of Availability: budget remaining per day',
      }),
    ).toBeInTheDocument();
  });

  it('shows one SLO’s problem without hiding the others, and problems of declarations', async () => {
    const [availability, latency] = checkoutSlos.slos;
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
        HttpResponse.json({
          ...checkoutSlos,
          slos: [
            availability,
            {
              definition: latency.definition,
              explanations: [],
              burnDown: [],
              problems: [
                {
                  sloId: 'latency',
                  source: 'sightline.dev/slo-latency',
                  field: 'latency threshold',
                  message:
                    '0.3s is not a bucket boundary of http_server_request_duration; the nearest are 0.25 and 0.5',
                  example: '99% < 250ms',
                },
              ],
            },
          ],
          problems: [
            {
              source: 'sightline.dev/slo-file',
              message: 'slos/checkout.yaml could not be read: 404',
            },
          ],
        }),
      ),
    );
    await renderSection();

    expect(
      await screen.findByText(/not a bucket boundary/),
    ).toBeInTheDocument();
    expect(screen.getByText('99% < 250ms')).toBeInTheDocument();
    expect(screen.getByText(/could not be read: 404/)).toBeInTheDocument();
    expect(screen.getByText('30.1% · 13 min')).toBeInTheDocument();
    const diagnose = screen.getAllByRole('button', { name: 'Diagnose' });
    expect(diagnose).toHaveLength(2);
    for (const link of diagnose) {
      expect(link).toHaveAttribute(
        'href',
        expect.stringMatching(/section=setup&diagnose=slo-objectives$/),
      );
    }
  });

  it('says how to declare an SLO when there is none', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
        HttpResponse.json({ ...checkoutSlos, slos: [], problems: [] }),
      ),
    );
    await renderSection();
    expect(await screen.findByText('No SLOs declared')).toBeInTheDocument();
    expect(
      screen.getByText('sightline.dev/slo-availability: "99.9"'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=slo-objectives$/),
    );
  });

  it('shows the backend error with a retry', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
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
    );
    await renderSection();
    expect(
      await screen.findByText('An upstream did not answer'),
    ).toBeInTheDocument();
    expect(screen.getByText(/timed out after 30s/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=slo-objectives$/),
    );
  });

  it('evaluates at the end of a custom range and exports the report for that instant', async () => {
    const requested: string[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/slos`, ({ request }) => {
        requested.push(new URL(request.url).searchParams.get('at') ?? '');
        return HttpResponse.json(checkoutSlos);
      }),
      http.get(`${CHECKOUT_API}/slos/report`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        requested.push(`${params.get('format')}@${params.get('at')}`);
        return HttpResponse.text('| SLO | Target |\n');
      }),
    );
    const createObjectURL = jest.fn(() => 'blob:report');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });

    await renderSection(
      '/?section=slos&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z',
    );
    await screen.findByText(/^Availability · 99.9% over 30d/);
    fireEvent.click(screen.getByRole('button', { name: 'Report (Markdown)' }));

    const at = String(Date.parse('2026-11-02T00:00:00Z') / 1000);
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    expect(requested).toEqual([at, `markdown@${at}`]);
  });
});

describe('burnDownRows', () => {
  const ms = (iso: string) => Date.parse(iso);

  it('runs over a rolling window from 100% at its start to the instant, the last day cut there', () => {
    // 2 days rolling, evaluated at 11-22 06:00: the period is 11-20 06:00
    // to 11-22 06:00 (48 h). The first day ends at 11-21 00:00, 18 h in:
    // 1 − 18/48 = 62.5% of an even spend left; 11-22 00:00 is 42 h in: 12.5%.
    const at = ms('2026-11-22T06:00:00Z');
    const period = sloPeriod({ windowMs: 2 * 86_400_000 }, at);
    expect(
      burnDownRows(
        [
          { day: '2026-11-20', remaining: 0.95, consumed: 0.05 },
          { day: '2026-11-21', remaining: 0.9, consumed: 0.05 },
          {
            day: '2026-11-22',
            remaining: 0.7,
            consumed: 0.2,
            until: '2026-11-22T06:00:00.000Z',
          },
        ],
        period,
        at,
      ),
    ).toEqual([
      { t: ms('2026-11-20T06:00:00Z'), remaining: 100, even: 100 },
      { t: ms('2026-11-21T00:00:00Z'), remaining: 95, even: 62.5 },
      { t: ms('2026-11-22T00:00:00Z'), remaining: 90, even: 12.5 },
      { t: at, remaining: 70, even: 0 },
    ]);
  });

  it('runs a calendar month to its end, in its time zone, with no figures after the instant', () => {
    // December 2026 in Berlin (UTC+1): 11-30 23:00 UTC to 12-31 23:00 UTC,
    // 31 days. Evaluated 12-02 11:00 UTC; 12-01 ends at 12-01 23:00 UTC, one
    // day in: 1 − 1/31 of an even spend left.
    const at = ms('2026-12-02T11:00:00Z');
    const period = sloPeriod(
      {
        windowMs: 31 * 86_400_000,
        calendar: { unit: 'month', timeZone: 'Europe/Berlin' },
      },
      at,
    );
    expect(
      burnDownRows(
        [
          { day: '2026-12-01', remaining: 0.98, consumed: 0.02 },
          {
            day: '2026-12-02',
            remaining: 0.97,
            consumed: 0.01,
            until: '2026-12-02T11:00:00.000Z',
          },
        ],
        period,
        at,
      ),
    ).toEqual([
      { t: ms('2026-11-30T23:00:00Z'), remaining: 100, even: 100 },
      {
        t: ms('2026-12-01T23:00:00Z'),
        remaining: 98,
        even: expect.closeTo((1 - 1 / 31) * 100, 9),
      },
      {
        t: at,
        remaining: 97,
        even: expect.closeTo((1 - 36 / (31 * 24)) * 100, 9),
      },
      { t: ms('2026-12-31T23:00:00Z'), remaining: null, even: 0 },
    ]);
  });
});
