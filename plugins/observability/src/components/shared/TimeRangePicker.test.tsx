import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { storageApiRef } from '@backstage/frontend-plugin-api';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { logLine, logsResponse } from '../LogsSection/__fixtures__/logs';
import { LogsSection } from '../LogsSection/LogsSection';
import { TimeRangePicker } from './TimeRangePicker';
import { TimeRangeProvider, useSharedTimeRange } from './timeRange';

/** Zooms as a drag across a chart does, to 01:10–01:20 of the fixture's day. */
function ZoomButton() {
  const { zoomIn } = useSharedTimeRange();
  return (
    <button
      onClick={() =>
        zoomIn(
          Date.parse('2026-11-22T01:10:00Z'),
          Date.parse('2026-11-22T01:20:00Z'),
        )
      }
    >
      Drag
    </button>
  );
}

function PickerAndLogs() {
  const range = useSharedTimeRange();
  return (
    <>
      <TimeRangePicker range={range} />
      <ZoomButton />
      <LogsSection />
    </>
  );
}

describe('TimeRangePicker', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  jest.setTimeout(30_000);

  beforeAll(() => {
    // The viewer's clock is India's (UTC+05:30), so local time and UTC differ.
    const resolvedOptions = Intl.DateTimeFormat.prototype.resolvedOptions;
    jest
      .spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions')
      .mockImplementation(function resolved(this: Intl.DateTimeFormat) {
        return { ...resolvedOptions.call(this), timeZone: 'Asia/Kolkata' };
      });
    jest.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(560);
    jest
      .spyOn(HTMLElement.prototype, 'offsetHeight', 'get')
      .mockReturnValue(30);
  });
  afterAll(() => jest.restoreAllMocks());

  it('writes times in the local zone until UTC is picked, and keeps the choice', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/logs`, () =>
        HttpResponse.json(logsResponse([logLine(0)])),
      ),
      http.get(`${CHECKOUT_API}/dashboards`, () =>
        HttpResponse.json(
          { error: { message: 'no grafana' } },
          { status: 503 },
        ),
      ),
    );
    // One storage for both renders: what a reload finds in the browser.
    const storage = mockApis.storage();
    const render = () =>
      renderForEntity(
        <TimeRangeProvider>
          <PickerAndLogs />
        </TimeRangeProvider>,
        { url: '/?section=logs&range=1h', apis: [[storageApiRef, storage]] },
      );

    const first = await render();
    // The fixture's newest line is at 02:00:00Z.
    const line = await screen.findByTestId('log-line');
    expect(within(line).getByText('Nov 22, 07:30:00.000 AM')).toBeVisible();
    // The zone is named once, in the picker.
    const zone = screen.getByRole('button', { name: /Time zone/ });
    expect(zone).toHaveTextContent('Local (Asia/Kolkata)');

    await userEvent.click(zone);
    await userEvent.click(screen.getByRole('option', { name: 'UTC' }));
    expect(
      within(await screen.findByTestId('log-line')).getByText(
        'Nov 22, 02:00:00.000 AM',
      ),
    ).toBeVisible();

    first.unmount();
    await render();
    expect(
      within(await screen.findByTestId('log-line')).getByText(
        'Nov 22, 02:00:00.000 AM',
      ),
    ).toBeVisible();
  });

  it('zooms to a dragged range and back to the range before', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/logs`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(logsResponse([logLine(0)]));
      }),
      http.get(`${CHECKOUT_API}/dashboards`, () =>
        HttpResponse.json(
          { error: { message: 'no grafana' } },
          { status: 503 },
        ),
      ),
    );
    await renderForEntity(
      <TimeRangeProvider>
        <PickerAndLogs />
      </TimeRangeProvider>,
      {
        url: '/?section=logs&range=6h',
        apis: [[storageApiRef, mockApis.storage()]],
      },
    );
    const range = screen.getByRole('button', { name: /Time range/ });
    expect(range).toHaveTextContent('Last 6 hours');
    expect(
      screen.queryByRole('button', { name: 'Zoom out' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Drag' }));

    // In the viewer's zone, UTC+05:30.
    expect(range).toHaveTextContent('Nov 22, 06:40 AM – Nov 22, 06:50 AM');
    await screen.findByTestId('log-line');
    const zoomed = requests[requests.length - 1].searchParams;
    expect(Number(zoomed.get('to')) - Number(zoomed.get('from'))).toBe(600);

    await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));

    expect(range).toHaveTextContent('Last 6 hours');
    expect(
      screen.queryByRole('button', { name: 'Zoom out' }),
    ).not.toBeInTheDocument();
  });
});
