import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntitySlosResponse } from '@sightline/plugin-observability-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { SloBudgetCard } from './SloBudgetCard';
import { burningAvailability } from '../../__testUtils__/burningSlo';

function slo(
  id: string,
  name: string,
  status: 'met' | 'violated',
  remaining?: number,
): EntitySlosResponse['slos'][number] {
  return {
    definition: {
      id,
      name,
      sli: 'availability',
      objective: 0.999,
      objectivePercent: 99.9,
      windowMs: 30 * 86_400_000,
      window: '30d',
      indicator: { type: 'dialect' },
      source: 'annotation',
      declaredAt: { annotation: 'sightline.dev/slo-availability' },
    } as EntitySlosResponse['slos'][number]['definition'],
    status: {
      good: 999_500,
      total: 1_000_000,
      objective: 0.999,
      windowMs: 30 * 86_400_000,
      budget: {
        allowedRatio: 0.001,
        allowedMs: 2_592_000,
        allowedEvents: 1000,
        badEvents: 500,
        remaining,
        consumed: remaining === undefined ? undefined : 1 - remaining,
      },
      burnRates: [],
      currentWindow: '1h',
      alerts: [],
      status,
    },
    explanations: [],
    burnDown: [],
    problems: [],
  };
}

const slos: EntitySlosResponse = {
  entityRef: 'component:default/checkout',
  at: '2026-11-22T02:00:00.000Z',
  slos: [
    slo('availability', 'Availability', 'met', 0.5),
    slo('latency', 'Latency', 'violated', -0.2),
  ],
  problems: [],
};

// The first render loads MUI; slow on a busy machine.
jest.setTimeout(30_000);

describe('SloBudgetCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it("shows each SLO's objective, status and remaining budget", async () => {
    server.use(http.get(`${CHECKOUT_API}/slos`, () => HttpResponse.json(slos)));

    await renderForEntity(<SloBudgetCard />);

    const availability = await screen.findByTestId('slo-availability');
    expect(
      within(availability).getByText('99.9% over 30d'),
    ).toBeInTheDocument();
    expect(within(availability).getByText('Met')).toBeInTheDocument();
    expect(
      within(availability).getByText('50 % of the error budget left'),
    ).toBeInTheDocument();
    expect(
      within(availability).getByRole('progressbar', {
        name: 'Availability error budget remaining',
      }),
    ).toHaveAttribute('aria-valuenow', '50');

    const latency = screen.getByTestId('slo-latency');
    expect(within(latency).getByText('Violated')).toBeInTheDocument();
    expect(
      within(latency).getByText('-20 % of the error budget left'),
    ).toBeInTheDocument();
    expect(within(latency).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '0',
    );
  });

  it('says why a burning SLO is at risk, in red, on the overview', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
        HttpResponse.json({ ...slos, slos: [burningAvailability()] }),
      ),
    );

    await renderForEntity(<SloBudgetCard />);

    const availability = await screen.findByTestId('slo-availability');
    expect(
      within(availability).getByText('At risk').closest('.MuiChip-root'),
    ).toHaveAttribute('data-tone', 'error');
    expect(
      within(availability).getByText('85.4 % of the error budget left'),
    ).toBeInTheDocument();
    expect(
      within(availability).getByText(
        'Page condition page-quick, page-slow hold; at this pace the budget runs out in 15 h 22 min',
      ),
    ).toBeInTheDocument();
  });

  it('says how to declare an SLO when there is none, and shows declaration problems', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
        HttpResponse.json({ ...slos, slos: [] }),
      ),
    );
    const { unmount } = await renderForEntity(<SloBudgetCard />);
    expect(await screen.findByText('No SLOs declared')).toBeInTheDocument();
    unmount();

    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
        HttpResponse.json({
          ...slos,
          slos: [],
          problems: [
            {
              source: 'sightline.dev/slo-availability',
              message: 'must be a percentage below 100, e.g. 99.9',
            },
          ],
        }),
      ),
    );
    await renderForEntity(<SloBudgetCard />);
    expect(
      await screen.findByText(/slo-availability: must be a percentage/),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: "Prometheus of cluster 'local' is unreachable",
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );

    await renderForEntity(<SloBudgetCard />);

    expect(
      await screen.findByText('An upstream did not answer'),
    ).toBeInTheDocument();
  });
});
