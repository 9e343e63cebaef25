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
import { TRACE_ID, traceResponse, traceSummary } from './__fixtures__/trace';
import { TracesSection } from './TracesSection';

function renderTraces(search: string) {
  return renderForEntity(
    <TimeRangeProvider>
      <TracesSection />
    </TimeRangeProvider>,
    { url: `/?${search}` },
  );
}

const tracesResponse = (traces = [traceSummary]) => ({
  entityRef: 'component:default/checkout',
  cluster: 'local',
  backend: 'tempo',
  serviceName: 'checkout',
  range: { start: 0, end: 1 },
  limit: 50,
  traces,
  queries: [
    { name: 'search', query: '{ resource.service.name = "checkout" }' },
  ],
  notes: [],
});

const exploreLinks = {
  entityRef: 'component:default/checkout',
  cluster: 'local',
  grafanaUrl: 'http://grafana.test',
  dashboards: [],
  missing: [],
  problems: [],
  explore: [
    {
      signal: 'traces',
      title: 'Traces',
      language: 'traceql',
      query: '{ resource.service.name = "checkout" }',
      url: 'http://grafana.test/explore?schemaVersion=1',
      datasourceUid: 'tempo',
    },
  ],
};

const hrefParams = (link: HTMLElement) =>
  Object.fromEntries(
    new URLSearchParams(link.getAttribute('href')!.split('?')[1]),
  );

describe('TracesSection', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  // Rendering the whole app in jsdom is slow on a busy machine.
  jest.setTimeout(30_000);

  function serveSearch(body: object = tracesResponse(), status = 200) {
    const requests: URLSearchParams[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/traces`, ({ request }) => {
        requests.push(new URL(request.url).searchParams);
        return HttpResponse.json(body, { status });
      }),
      http.get(`${CHECKOUT_API}/dashboards`, () =>
        HttpResponse.json(exploreLinks),
      ),
    );
    return requests;
  }

  it('searches with the filters in the URL and lists the traces', async () => {
    const requests = serveSearch();
    await renderTraces(
      'section=traces&range=1h&status=error&minDuration=250ms&operation=POST%20%2Fapi%2Fcheckout',
    );

    const table = await screen.findByRole('table', { name: 'Traces found' });
    const [, row] = within(table).getAllByRole('row');
    expect(within(row).getByText('error')).toBeInTheDocument();
    expect(within(row).getByText('400 ms')).toBeInTheDocument();
    expect(within(row).getByText('4 (2 failed)')).toBeInTheDocument();
    expect(within(row).getByText('payments')).toBeInTheDocument();
    const open = within(row).getByRole('link', {
      name: 'checkout: POST /api/checkout',
    });
    expect(hrefParams(open)).toEqual({
      range: '1h',
      section: 'traces',
      traceId: TRACE_ID,
    });

    expect(Object.fromEntries(requests[0])).toMatchObject({
      status: 'error',
      minDuration: '250ms',
      operation: 'POST /api/checkout',
      limit: '200',
    });
    expect(screen.getByRole('textbox', { name: 'Operation' })).toHaveValue(
      'POST /api/checkout',
    );
    expect(
      await screen.findByRole('link', { name: 'Open in Grafana Explore' }),
    ).toHaveAttribute('href', 'http://grafana.test/explore?schemaVersion=1');
  });

  describe('sampled across the range', () => {
    const FROM = Date.parse('2026-11-22T01:00:00Z');
    const TO = Date.parse('2026-11-22T02:00:00Z');
    const MINUTE = 60_000;
    const summary = (
      id: string,
      minute: number,
      durationMs: number,
      spanCount: number,
      outcome: Partial<typeof traceSummary> = {},
    ) => ({
      ...traceSummary,
      traceId: id.repeat(32),
      rootName: `GET /${id}`,
      startMs: FROM + minute * MINUTE,
      durationMs,
      spanCount,
      status: 'ok' as const,
      errorCount: 0,
      ...outcome,
    });
    const traces = [
      summary('a', 45, 120, 3),
      // Its root failed.
      summary('b', 15, 900, 2, { status: 'error', errorCount: 1 }),
      // Its root succeeded after a failed, retried call.
      summary('c', 30, 400, 7, { errorCount: 2 }),
    ];
    const renderSampled = () => {
      const requests = serveSearch({
        ...tracesResponse(traces),
        range: { start: FROM, end: TO },
      });
      return {
        requests,
        rendered: renderTraces(
          `section=traces&from=${new Date(FROM).toISOString()}&to=${new Date(
            TO,
          ).toISOString()}`,
        ),
      };
    };
    const rootNames = () =>
      within(screen.getByRole('table', { name: 'Traces found' }))
        .getAllByRole('link')
        .map(link => link.textContent);

    it('draws each trace by start and duration, named by its root status, and a dot opens the trace', async () => {
      await renderSampled().rendered;
      const plot = await screen.findByRole('group', {
        name: 'Trace durations over time',
      });
      const dots = within(plot).getAllByRole('link');
      expect(dots.map(d => d.getAttribute('aria-label'))).toEqual([
        expect.stringMatching(/^GET \/a: 120 ms, ok, started /),
        expect.stringMatching(/^GET \/b: 900 ms, error, started /),
        expect.stringMatching(
          /^GET \/c: 400 ms, ok, has failed spans, started /,
        ),
      ]);
      // On the whole hour: 15 minutes in is a quarter across; 900 ms of a 1 s axis.
      expect(dots[1].style.left).toBe('25%');
      expect(dots[1].style.bottom).toBe('90%');
      expect(hrefParams(dots[1])).toMatchObject({ traceId: 'b'.repeat(32) });

      const table = screen.getByRole('table', { name: 'Traces found' });
      const rowOf = (name: string) =>
        within(table).getByRole('link', { name }).closest('tr')!;
      expect(
        within(rowOf('checkout: GET /b')).getByText('error'),
      ).toBeInTheDocument();
      expect(
        within(rowOf('checkout: GET /c')).getByText('ok, has failed spans'),
      ).toBeInTheDocument();
      expect(
        within(rowOf('checkout: GET /a')).getByText('ok'),
      ).toBeInTheDocument();
    });

    it('zooms the range to a region dragged across the plot, and searches it', async () => {
      const { requests, rendered } = renderSampled();
      await rendered;
      const plot = await screen.findByRole('group', {
        name: 'Trace durations over time',
      });
      jest.spyOn(plot, 'getBoundingClientRect').mockReturnValue({
        left: 100,
        width: 1000,
        top: 0,
        height: 180,
      } as DOMRect);
      fireEvent.mouseDown(plot, { clientX: 600 });
      fireEvent.mouseMove(plot, { clientX: 850 });
      expect(screen.getByTestId('trace-scatter-selection').style.left).toBe(
        '50%',
      );
      fireEvent.mouseUp(plot);
      await waitFor(() => expect(requests).toHaveLength(2));
      // The API takes epoch seconds.
      expect([
        new Date(Number(requests[1].get('from')) * 1000).toISOString(),
        new Date(Number(requests[1].get('to')) * 1000).toISOString(),
      ]).toEqual(['2026-11-22T01:30:00.000Z', '2026-11-22T01:45:00.000Z']);
    });

    it('sorts by start, duration and spans, each way', async () => {
      await renderSampled().rendered;
      await screen.findByRole('table', { name: 'Traces found' });
      // Newest first until asked otherwise.
      expect(rootNames()).toEqual([
        'checkout: GET /a',
        'checkout: GET /c',
        'checkout: GET /b',
      ]);
      await userEvent.click(screen.getByRole('button', { name: 'Duration' }));
      expect(rootNames()).toEqual([
        'checkout: GET /b',
        'checkout: GET /c',
        'checkout: GET /a',
      ]);
      await userEvent.click(screen.getByRole('button', { name: 'Duration' }));
      expect(rootNames()).toEqual([
        'checkout: GET /a',
        'checkout: GET /c',
        'checkout: GET /b',
      ]);
      await userEvent.click(screen.getByRole('button', { name: 'Spans' }));
      expect(rootNames()).toEqual([
        'checkout: GET /c',
        'checkout: GET /a',
        'checkout: GET /b',
      ]);
      await userEvent.click(screen.getByRole('button', { name: 'Started' }));
      expect(rootNames()).toEqual([
        'checkout: GET /a',
        'checkout: GET /c',
        'checkout: GET /b',
      ]);
    });
  });

  it('applies the form on submit and refuses a malformed duration', async () => {
    const requests = serveSearch();
    await renderTraces('section=traces');
    await screen.findByRole('table', { name: 'Traces found' });

    const duration = screen.getByRole('textbox', { name: 'Minimum duration' });
    await userEvent.type(duration, 'soon');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(
      screen.getByText('A duration such as 250ms or 2s'),
    ).toBeInTheDocument();
    expect(requests).toHaveLength(1);

    await userEvent.clear(duration);
    await userEvent.type(duration, '2s');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Operation' }),
      'GET /api/cart',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1].get('minDuration')).toBe('2s');
    expect(requests[1].get('operation')).toBe('GET /api/cart');
  });

  it('says what to change when nothing is found', async () => {
    serveSearch(tracesResponse([]));
    await renderTraces('section=traces&status=error');
    expect(await screen.findByText('No traces found')).toBeInTheDocument();
    expect(
      screen.getByText(/Loosen the status, duration or operation filter/),
    ).toBeInTheDocument();
    // The search found nothing, not the setup: no Diagnose for it.
    expect(
      screen.queryByRole('button', { name: 'Diagnose' }),
    ).not.toBeInTheDocument();
  });

  it('links to the traces check when the store has no traces of the service', async () => {
    serveSearch(tracesResponse([]));
    await renderTraces('section=traces');
    expect(await screen.findByText('No traces found')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=traces$/),
    );
  });

  it("shows the trace store's failure with a retry", async () => {
    serveSearch(
      {
        error: {
          name: 'ServiceUnavailableError',
          message: "Tempo of cluster 'local' timed out after 30s",
        },
        response: { statusCode: 503 },
      },
      503,
    );
    await renderTraces('section=traces');
    expect(
      await screen.findByText(/Tempo of cluster 'local' timed out/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Diagnose' })).toHaveAttribute(
      'href',
      expect.stringMatching(/section=setup&diagnose=traces$/),
    );
  });

  describe('a trace', () => {
    beforeEach(() =>
      server.use(
        http.get(`${CHECKOUT_API}/traces/${TRACE_ID}`, () =>
          HttpResponse.json(traceResponse),
        ),
      ),
    );

    it('draws the waterfall nested, in order, on the time axis, with errors marked', async () => {
      await renderTraces(`section=traces&range=1h&traceId=${TRACE_ID}`);
      const tree = await screen.findByRole('tree', { name: 'Span waterfall' });
      const rows = within(tree).getAllByRole('treeitem');
      expect(
        rows.map(r => [
          r.getAttribute('aria-level'),
          r.getAttribute('aria-label'),
        ]),
      ).toEqual([
        ['1', 'checkout POST /api/checkout, 400 ms, error'],
        ['2', 'payments POST /api/pay, 300 ms, error'],
        ['3', 'payments provider charge, 280 ms'],
        ['2', 'checkout db insert order, 50 ms'],
      ]);
      // Errors carry an icon as well as colour.
      expect(
        within(rows[1]).getByRole('img', { name: 'error: provider timeout' }),
      ).toBeInTheDocument();
      expect(within(rows[2]).queryByRole('img', { name: /^error/ })).toBeNull();
      // Bars sit on the trace's 400 ms axis.
      const bar = within(rows[3]).getByTestId('waterfall-bar');
      expect(bar.style.left).toBe('82.5%');
      expect(bar.style.width).toBe('12.5%');
      // Durations stay on the timeline, off the span names: inside the
      // root's full-width bar, before a bar that ends at the right edge.
      expect(within(rows[0]).getByText('400 ms')).toHaveAttribute(
        'data-placement',
        'inside',
      );
      expect(within(rows[3]).getByText('50 ms')).toHaveAttribute(
        'data-placement',
        'before',
      );
      expect(
        screen.getByText('payments (2 spans, 1 failed)'),
      ).toBeInTheDocument();
      expect(screen.getByText('2 failed spans')).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'Open trace in Grafana' }),
      ).toHaveAttribute('href', traceResponse.exploreUrl);
      // Tempo has no UI of its own: Grafana is the only way out.
      expect(
        screen.queryByRole('link', { name: 'Open trace in Jaeger' }),
      ).toBeNull();
    });

    it("links to the trace in Jaeger's UI when the cluster's traces are in Jaeger", async () => {
      const jaegerUrl = `https://jaeger.example.com/jaeger/trace/${TRACE_ID}`;
      server.use(
        http.get(`${CHECKOUT_API}/traces/${TRACE_ID}`, () =>
          HttpResponse.json({
            ...traceResponse,
            backend: 'jaeger',
            exploreUrl: undefined,
            jaegerUrl,
          }),
        ),
      );
      await renderTraces(`section=traces&traceId=${TRACE_ID}`);
      const link = await screen.findByRole('link', {
        name: 'Open trace in Jaeger',
      });
      expect(link).toHaveAttribute('href', jaegerUrl);
      expect(link).toHaveAttribute('target', '_blank');
      expect(
        screen.queryByRole('link', { name: 'Open trace in Grafana' }),
      ).toBeNull();
    });

    it('collapses a subtree', async () => {
      await renderTraces(`section=traces&traceId=${TRACE_ID}`);
      const tree = await screen.findByRole('tree', { name: 'Span waterfall' });
      await userEvent.click(
        within(tree).getByRole('button', { name: 'Collapse POST /api/pay' }),
      );
      expect(within(tree).getAllByRole('treeitem')).toHaveLength(3);
      expect(within(tree).queryByText('provider charge')).toBeNull();
      await userEvent.click(
        within(tree).getByRole('button', {
          name: 'Expand POST /api/pay (1 spans hidden)',
        }),
      );
      expect(within(tree).getAllByRole('treeitem')).toHaveLength(4);
    });

    it('shows a clicked span and links to the logs of the trace and of the span', async () => {
      await renderTraces(`section=traces&range=1h&traceId=${TRACE_ID}`);
      const tree = await screen.findByRole('tree', { name: 'Span waterfall' });
      await userEvent.click(within(tree).getByText('POST /api/pay'));

      const details = await screen.findByRole('region', {
        name: 'Span details',
      });
      expect(
        within(details).getByText('Span a000000000000002'),
      ).toBeInTheDocument();
      expect(
        within(details).getByText('error: provider timeout'),
      ).toBeInTheDocument();
      expect(
        within(details).getByText('+290 ms · exception'),
      ).toBeInTheDocument();
      expect(within(details).getByText('TimeoutError')).toBeInTheDocument();
      const resource = within(details).getByRole('table', { name: 'Resource' });
      // Attribute names wrap after a separator, never mid-word.
      const name = within(resource).getByText('service.name');
      expect(name.innerHTML).toBe('service.<wbr>name');

      const window = {
        from: new Date(traceResponse.logs.from).toISOString(),
        to: new Date(traceResponse.logs.to).toISOString(),
      };
      expect(
        hrefParams(screen.getByRole('link', { name: 'Logs for this trace' })),
      ).toEqual({ ...window, section: 'logs', traceId: TRACE_ID });
      expect(
        hrefParams(screen.getByRole('link', { name: 'Logs for this span' })),
      ).toEqual({
        ...window,
        section: 'logs',
        traceId: TRACE_ID,
        spanId: 'a000000000000002',
      });
    });

    it('says so when the trace is not found, with a way back', async () => {
      server.use(
        http.get(`${CHECKOUT_API}/traces/${TRACE_ID}`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotFoundError',
                message: `Trace ${TRACE_ID} has no span of service checkout`,
              },
              response: { statusCode: 404 },
            },
            { status: 404 },
          ),
        ),
      );
      await renderTraces(`section=traces&range=1h&traceId=${TRACE_ID}`);
      expect(await screen.findByText('Trace not found')).toBeInTheDocument();
      expect(
        screen.getByText(/has no span of service checkout/),
      ).toBeInTheDocument();
      expect(screen.queryByText(/entity may have been removed/)).toBeNull();
      expect(
        hrefParams(screen.getByRole('link', { name: 'Search last 6 hours' })),
      ).toEqual({ section: 'traces', range: '6h' });
      serveSearch();
      await userEvent.click(
        screen.getByRole('button', { name: 'Back to search' }),
      );
      expect(
        await screen.findByRole('table', { name: 'Traces found' }),
      ).toBeInTheDocument();
    });
  });
});
