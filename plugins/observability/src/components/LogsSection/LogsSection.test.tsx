import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { TimeRangeProvider } from '../shared';
import {
  logLine,
  logsResponse,
  OTHER_SPAN_ID,
  SPAN_ID,
  TRACE_ID,
} from './__fixtures__/logs';
import { LogsSection } from './LogsSection';

function renderLogs(search = 'section=logs&range=1h') {
  return renderForEntity(
    <TimeRangeProvider>
      <LogsSection />
    </TimeRangeProvider>,
    { url: `/?${search}` },
  );
}

/** Answers the logs route with `body`, recording each request's query. */
function serveLogs(
  server: ReturnType<typeof setupServer>,
  body: (url: URL) => object,
  status = 200,
) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(`${CHECKOUT_API}/logs`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url.searchParams);
      return HttpResponse.json(body(url), { status });
    }),
    // No Grafana in these tests: the Explore link is simply absent.
    http.get(`${CHECKOUT_API}/dashboards`, () =>
      HttpResponse.json({ error: { message: 'no grafana' } }, { status: 503 }),
    ),
  );
  return requests;
}

describe('LogsSection', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  // Rendering the whole app in jsdom is slow on a busy machine.
  jest.setTimeout(30_000);

  // jsdom lays nothing out; give the list a 560px viewport and rows their
  // 30px height so the virtualiser computes a real window.
  beforeAll(() => {
    jest.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(560);
    jest
      .spyOn(HTMLElement.prototype, 'offsetHeight', 'get')
      .mockReturnValue(30);
  });
  afterAll(() => jest.restoreAllMocks());

  it('shows the volume and the lines, with trace links that keep the time range', async () => {
    const requests = serveLogs(server, () =>
      logsResponse([logLine(0), logLine(9)]),
    );
    await renderLogs('section=logs&range=1h&level=error,info');

    const rows = await screen.findAllByTestId('log-line');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('info')).toBeInTheDocument();
    expect(within(rows[0]).getByText(/cart loaded/)).toBeInTheDocument();
    expect(within(rows[1]).getByText('error')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Log volume by level' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/2 lines, newest first/)).toBeInTheDocument();

    expect(requests[0].get('level')).toBe('info,error');
    expect(requests[0].get('limit')).toBe('1000');
    expect(requests[0].has('traceId')).toBe(false);

    const link = within(rows[0]).getByRole('link', {
      name: `Open trace ${TRACE_ID}`,
    });
    const href = new URLSearchParams(link.getAttribute('href')!.split('?')[1]);
    expect(Object.fromEntries(href)).toEqual({
      range: '1h',
      section: 'traces',
      traceId: TRACE_ID,
      spanId: SPAN_ID,
    });
  });

  it('renders only a window of 5,000 lines and moves it on scroll', async () => {
    const lines = Array.from({ length: 5000 }, (_, n) => logLine(n));
    serveLogs(server, () => logsResponse(lines, { limit: 5000 }));
    await renderLogs('section=logs&limit=5000');

    const list = await screen.findByRole('list', { name: 'Log lines (5000)' });
    const rendered = () =>
      within(list)
        .getAllByTestId('log-line')
        .map(row => Number(row.parentElement!.dataset.index));
    // 560px / 30px rows = 19 in view, plus 10 overscan below.
    expect(rendered()).toHaveLength(29);
    expect(rendered()[0]).toBe(0);

    const scroller = screen.getByTestId('log-scroller');
    scroller.scrollTop = 3000 * 30;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rendered()).toContain(3000));
    expect(rendered()).not.toContain(0);
    expect(rendered().length).toBeLessThan(50);
  });

  it('sends the level filter and the debounced text search to the backend', async () => {
    const requests = serveLogs(server, () => logsResponse([logLine(0)]));
    await renderLogs();
    await screen.findAllByTestId('log-line');

    await userEvent.click(screen.getByRole('button', { name: 'warn' }));
    await waitFor(() => expect(requests.at(-1)!.get('level')).toBe('warn'));

    const before = requests.length;
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search text' }),
      'declined',
    );
    await waitFor(() =>
      expect(requests.at(-1)!.get('contains')).toBe('declined'),
    );
    // Typing eight characters asked once, after the pause.
    expect(requests.length).toBe(before + 1);
  });

  it('expands a line into its JSON fields', async () => {
    serveLogs(server, () => logsResponse([logLine(9)]));
    await renderLogs();
    const row = await screen.findByTestId('log-line');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Show fields' }),
    );
    const fields = within(row).getByRole('table', { name: 'Fields' });
    expect(within(fields).getByText('status')).toBeInTheDocument();
    expect(within(fields).getByText('502')).toBeInTheDocument();
    expect(within(fields).getByText('label app')).toBeInTheDocument();
  });

  it("filters to a trace's span from the URL", async () => {
    const requests = serveLogs(server, () =>
      logsResponse([
        logLine(0),
        logLine(1, { spanId: OTHER_SPAN_ID, line: 'other span' }),
      ]),
    );
    await renderLogs(
      `section=logs&range=1h&traceId=${TRACE_ID}&spanId=${SPAN_ID}`,
    );
    expect(await screen.findAllByTestId('log-line')).toHaveLength(1);
    expect(requests[0].get('traceId')).toBe(TRACE_ID);
    expect(
      screen.getByText(`Showing the logs of span ${SPAN_ID} of`, {
        exact: false,
      }),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all logs' }),
    );
    await waitFor(() => expect(requests.at(-1)!.has('traceId')).toBe(false));
    expect(await screen.findAllByTestId('log-line')).toHaveLength(2);
  });

  it('says how to get lines when there are none', async () => {
    serveLogs(server, () =>
      logsResponse([], { volume: { stepMs: 60_000, series: [] } }),
    );
    await renderLogs();
    expect(await screen.findByText('No log lines')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Loki has no lines for \{namespace="shop", app="checkout"\}/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('No log lines in this range.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=logs$/),
    );
  });

  it('shows a failed volume query beside the lines that did load', async () => {
    serveLogs(server, () =>
      logsResponse([logLine(0)], {
        volume: undefined,
        volumeError: 'Loki answered 400: too many series',
      }),
    );
    await renderLogs();
    expect(await screen.findAllByTestId('log-line')).toHaveLength(1);
    expect(
      screen.getByText(
        /volume histogram could not be loaded: Loki answered 400/,
      ),
    ).toBeInTheDocument();
  });

  it("shows Loki's failure once, with what to do and a retry", async () => {
    serveLogs(
      server,
      () => ({
        error: {
          name: 'ServiceUnavailableError',
          message:
            "Loki of cluster 'local' refused the connection (is it running?)",
        },
        response: { statusCode: 503 },
      }),
      503,
    );
    await renderLogs();
    expect(
      await screen.findByText('An upstream did not answer'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Loki of cluster 'local' refused/)).toHaveLength(
      1,
    );
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=logs$/),
    );
    expect(screen.queryByText('Log volume by level')).not.toBeInTheDocument();
  });
});
