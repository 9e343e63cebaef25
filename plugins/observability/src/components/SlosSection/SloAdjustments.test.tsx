import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntitySlosResponse,
  SloAdjustmentsResponse,
} from '@sightline/plugin-observability-common';
import { Line, LineChart, XAxis, YAxis } from 'recharts';
import { SlosSection } from './SlosSection';
import { TimeRangeProvider } from '../shared';
import {
  AdjustmentBands,
  AdjustmentBandsOf,
  bandsOf,
} from '../shared/AdjustmentBands';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import recorded from './__fixtures__/checkout-slos.json';

// Dialogs with several MUI inputs take seconds to drive in jsdom.
jest.setTimeout(20_000);

const STORED_ID = '0f9e2a1c-5b7d-4e3a-9c8b-1a2b3c4d5e6f';

const adjustments: SloAdjustmentsResponse = {
  entityRef: 'component:default/checkout',
  adjustments: [
    {
      id: 'entity:weekly-db-maintenance',
      source: 'entity',
      reason: 'Weekly database maintenance',
      start: '2026-11-01T02:00:00.000Z',
      durationMs: 7_200_000,
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
    },
    {
      id: STORED_ID,
      source: 'stored',
      reason: 'Load test against production',
      start: '2026-11-20T10:00:00.000Z',
      durationMs: 1_800_000,
      createdBy: 'user:default/guest',
      createdAt: '2026-11-20T11:00:00.000Z',
    },
  ],
  periods: [
    {
      adjustmentId: 'entity:weekly-db-maintenance',
      start: '2026-11-15T02:00:00.000Z',
      end: '2026-11-15T04:00:00.000Z',
    },
  ],
  problems: [],
};

/** The recorded checkout SLOs, its availability adjusted by both adjustments. */
function adjustedSlos(): EntitySlosResponse {
  const body = structuredClone(recorded) as unknown as EntitySlosResponse;
  body.slos[0].adjusted = {
    adjustmentIds: ['entity:weekly-db-maintenance', STORED_ID],
    reasons: ['Weekly database maintenance', 'Load test against production'],
    periods: [
      { start: '2026-11-15T02:00:00.000Z', end: '2026-11-15T04:00:00.000Z' },
      { start: '2026-11-20T10:00:00.000Z', end: '2026-11-20T10:30:00.000Z' },
    ],
    rulesDisagree: ['page-quick'],
  };
  return body;
}

function renderSection(
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  return renderForEntity(
    <TimeRangeProvider>
      <SlosSection />
    </TimeRangeProvider>,
    { apis: [mockApis.permission({ authorize })] },
  );
}

describe('SLO budget adjustments in the SLO section', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve() {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () => HttpResponse.json(adjustedSlos())),
      http.get(`${CHECKOUT_API}/slo-adjustments`, () =>
        HttpResponse.json(adjustments),
      ),
    );
  }

  it('lists the adjustments that excluded periods, and says the generated rules alert otherwise', async () => {
    serve();
    await renderSection(AuthorizeResult.ALLOW);
    const table = await screen.findByRole('table', {
      name: 'Budget adjustments of Availability',
    });
    expect(
      within(table).getByText('Weekly database maintenance'),
    ).toBeInTheDocument();
    expect(
      within(table).getByText(/2 h each FREQ=WEEKLY;BYDAY=SU from/),
    ).toBeInTheDocument();
    expect(
      within(table).getByText(/^user:default\/guest, /),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/2 periods \(2 h 30 min\) excluded/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /generated rules cannot know budget adjustments: there, page-quick holds otherwise/,
      ),
    ).toBeInTheDocument();
    // Declared adjustments are removed where they are declared: no delete.
    expect(
      within(table).queryByRole('button', {
        name: 'Delete adjustment: Weekly database maintenance',
      }),
    ).not.toBeInTheDocument();
  });

  it('disables "Exclude a period" and deletion without observability.slo.adjust, saying why', async () => {
    serve();
    await renderSection(AuthorizeResult.DENY);
    const button = await screen.findByRole('button', {
      name: 'Exclude a period',
    });
    await waitFor(() => expect(button).toBeDisabled());
    expect(
      screen.getByTitle(/needs the observability.slo.adjust permission/),
    ).toBeInTheDocument();
    await screen.findByRole('table', {
      name: 'Budget adjustments of Availability',
    });
    expect(
      screen.queryByRole('button', { name: /^Delete adjustment/ }),
    ).not.toBeInTheDocument();
  });

  it('creates a recurring adjustment for owners and deletes a stored one', async () => {
    serve();
    let posted: unknown;
    let deleted: string | undefined;
    server.use(
      http.post(`${CHECKOUT_API}/slo-adjustments`, async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json({ id: 'x' }, { status: 201 });
      }),
      http.delete(`${CHECKOUT_API}/slo-adjustments/:id`, ({ params }) => {
        deleted = String(params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await renderSection(AuthorizeResult.ALLOW);
    const button = await screen.findByRole('button', {
      name: 'Exclude a period',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog', {
      name: 'Exclude a period from the error budget',
    });
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'Monthly patching',
    );
    await userEvent.click(within(dialog).getByLabelText('Recurring'));
    const start = within(dialog).getByLabelText(/First start/);
    await userEvent.type(start, '2026-11-03T01:00');
    const rrule = within(dialog).getByLabelText(/Recurrence/);
    await userEvent.clear(rrule);
    await userEvent.type(rrule, 'FREQ=MONTHLY;BYDAY=1TU');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Exclude' }),
    );
    await waitFor(() =>
      expect(posted).toEqual({
        reason: 'Monthly patching',
        start: new Date('2026-11-03T01:00').toISOString(),
        duration: '1h',
        rrule: 'FREQ=MONTHLY;BYDAY=1TU',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Delete adjustment: Load test against production',
      }),
    );
    await waitFor(() => expect(deleted).toBe(STORED_ID));
  });
});

describe('AdjustmentBands', () => {
  it('shades each period in the chart, named with when and why', async () => {
    const bands = bandsOf(adjustments);
    expect(bands).toEqual([
      {
        startMs: Date.parse('2026-11-15T02:00:00Z'),
        endMs: Date.parse('2026-11-15T04:00:00Z'),
        reasons: ['Weekly database maintenance'],
      },
    ]);
    await renderForEntity(
      <AdjustmentBandsOf bands={bands}>
        <LineChart
          width={600}
          height={200}
          data={[
            { t: Date.parse('2026-11-14T00:00:00Z'), v: 1 },
            { t: Date.parse('2026-11-16T00:00:00Z'), v: 2 },
          ]}
        >
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} />
          <YAxis />
          <Line dataKey="v" isAnimationActive={false} />
          <AdjustmentBands />
        </LineChart>
      </AdjustmentBandsOf>,
    );
    const band = await screen.findByTestId('adjustment-band');
    expect(band).toHaveAttribute(
      'aria-label',
      expect.stringMatching(
        /^Excluded from the error budget .* – .*: Weekly database maintenance$/,
      ),
    );
  });
});
