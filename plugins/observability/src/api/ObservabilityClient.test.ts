import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ObservabilityClient } from './ObservabilityClient';
import { createOpenApiRequest } from './openApiRequest';

const BASE = 'http://backstage.test/api/observability';
const entity = { kind: 'Component', namespace: 'default', name: 'check out' };

describe('ObservabilityClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const seen: {
    method: string;
    url: string;
    body?: unknown;
    auth?: string | null;
  }[] = [];
  const apis = {
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: {
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: { ...init?.headers, Authorization: 'Bearer user-token' },
        }),
    },
  };
  const client = new ObservabilityClient(apis);

  beforeEach(() => {
    seen.length = 0;
    server.use(
      http.all(`${BASE}/*`, async ({ request }) => {
        const body =
          request.method === 'POST' ? await request.json() : undefined;
        seen.push({
          method: request.method,
          url: request.url.slice(BASE.length),
          body,
          auth: request.headers.get('authorization'),
        });
        if (request.method === 'DELETE')
          return new HttpResponse(null, { status: 204 });
        return HttpResponse.json({ ok: true });
      }),
    );
  });

  it('maps every method to its route, with the user token', async () => {
    await client.getHealth();
    await client.getDialects();
    await client.getEntityHealth(entity);
    await client.getTarget(entity);
    await client.getRed(entity, {
      from: 1_700_000_000_000,
      to: '2026-11-21T10:00:00Z',
    });
    await client.getRedBreakdown(entity, { by: 'status', limit: 5 });
    await client.getAlerts(entity);
    await client.getSilences(entity);
    await client.createSilence(entity, {
      comment: 'deploy',
      durationMinutes: 30,
    });
    await client.expireSilence(entity, 'abc-123');
    await client.getLogs(entity, {
      from: 1_700_000_000_000,
      level: ['error', 'warn'],
      contains: 'a "quoted" & 100% #text',
      traceId: 'b8c690f0435d95e371eb87eb9f578cb7',
      limit: 50,
      direction: 'forward',
    });
    await client.getLogs(entity);
    await client.searchTraces(entity, {
      status: 'error',
      minDuration: '250ms',
      operation: 'POST /api/checkout',
      limit: 5,
    });
    await client.getTrace(entity, 'b8c690f0435d95e371eb87eb9f578cb7');
    await client.getDashboards(entity);
    await client.getDashboards(entity, { from: '2026-11-21T09:00:00Z' });

    const path = '/entities/Component/default/check%20out';
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /health',
      'GET /dialects',
      `GET ${path}/health`,
      `GET ${path}/target`,
      `GET ${path}/red?from=1700000000&to=2026-11-21T10%3A00%3A00Z`,
      `GET ${path}/red/breakdown?by=status&limit=5`,
      `GET ${path}/alerts`,
      `GET ${path}/silences`,
      `POST ${path}/silences`,
      `DELETE ${path}/silences/abc-123`,
      `GET ${path}/logs?from=1700000000&level=error%2Cwarn&contains=a+%22quoted%22+%26+100%25+%23text&traceId=b8c690f0435d95e371eb87eb9f578cb7&limit=50&direction=forward`,
      `GET ${path}/logs`,
      `GET ${path}/traces?status=error&minDuration=250ms&operation=POST+%2Fapi%2Fcheckout&limit=5`,
      `GET ${path}/traces/b8c690f0435d95e371eb87eb9f578cb7`,
      `GET ${path}/dashboards`,
      `GET ${path}/dashboards?from=2026-11-21T09%3A00%3A00Z`,
    ]);
    expect(seen[8].body).toEqual({ comment: 'deploy', durationMinutes: 30 });
    expect(seen.every(s => s.auth === 'Bearer user-token')).toBe(true);
  });

  it('maps the monitoring methods to their routes', async () => {
    await client.previewMonitoring(entity);
    await client.applyMonitoring(entity, { port: 'http', dryRun: true });
    const path = '/entities/Component/default/check%20out';
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      `POST ${path}/monitoring/preview`,
      `POST ${path}/monitoring/apply`,
    ]);
    expect(seen.map(s => s.body)).toEqual([{}, { port: 'http', dryRun: true }]);
  });

  it('maps the diagnosis to its route', async () => {
    await client.getDiagnosis(entity);
    expect(seen.map(s => `${s.method} ${s.url} ${s.auth}`)).toEqual([
      'GET /entities/Component/default/check%20out/diagnosis Bearer user-token',
    ]);
  });

  it('maps the SLO methods to their routes', async () => {
    await client.getSlos(entity);
    await client.getSlos(entity, { at: 1_700_000_000_000 });
    await client.getGroupSlos({ namespace: 'default', name: 'team shop' });
    await client.getSystemSlos(
      { namespace: 'default', name: 'shop' },
      { at: '2026-11-21T10:00:00Z' },
    );
    await client.getSloReport(entity);
    await client.getSloReport(
      { kind: 'Group', namespace: 'default', name: 'team-shop' },
      { format: 'json' },
    );
    const path = '/entities/Component/default/check%20out';
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      `GET ${path}/slos`,
      `GET ${path}/slos?at=1700000000`,
      'GET /groups/default/team%20shop/slos',
      'GET /systems/default/shop/slos?at=2026-11-21T10%3A00%3A00Z',
      `GET ${path}/slos/report`,
      'GET /groups/default/team-shop/slos/report?format=json',
    ]);
  });

  it('returns the Markdown report as text', async () => {
    server.use(
      http.get(`${BASE}/systems/default/shop/slos/report`, () =>
        HttpResponse.text('| SLO | Target |', {
          headers: { 'Content-Type': 'text/markdown' },
        }),
      ),
    );
    await expect(
      client.getSloReport(
        { kind: 'System', namespace: 'default', name: 'shop' },
        { format: 'markdown' },
      ),
    ).resolves.toBe('| SLO | Target |');
  });

  it('sends only what openapi.yaml declares, or does not compile', async () => {
    const request = createOpenApiRequest(apis);
    const path = { kind: 'Component', namespace: 'default', name: 'shop' };
    // Each call below is wrong by the spec; `yarn tsc` fails on any of them
    // that compiles. At run time they go out as written.
    // @ts-expect-error: a path the spec does not have
    await request('get', '/entities/{kind}/{namespace}/{name}/metrics', {
      path,
    });
    // @ts-expect-error: a method the path does not have
    await request('delete', '/entities/{kind}/{namespace}/{name}/logs', {
      path,
    });
    // @ts-expect-error: the path parameters are required
    await request('get', '/entities/{kind}/{namespace}/{name}/logs');
    await request('get', '/entities/{kind}/{namespace}/{name}/logs', {
      path,
      // @ts-expect-error: a query parameter the operation does not have
      query: { grep: 'error' },
    });
    await request('get', '/entities/{kind}/{namespace}/{name}/logs', {
      path,
      // @ts-expect-error: a value outside the parameter's enum
      query: { direction: 'sideways' },
    });
    await request('post', '/entities/{kind}/{namespace}/{name}/silences', {
      path,
      // @ts-expect-error: a body field the spec does not have
      body: { comment: 'deploy', durationMinutes: 30, reason: 'deploy' },
    });
    await request('post', '/entities/{kind}/{namespace}/{name}/silences', {
      path,
      // @ts-expect-error: a required body field left out
      body: { comment: 'deploy' },
    });
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET /entities/Component/default/shop/metrics',
      'DELETE /entities/Component/default/shop/logs',
      'GET /entities/undefined/undefined/undefined/logs',
      'GET /entities/Component/default/shop/logs?grep=error',
      'GET /entities/Component/default/shop/logs?direction=sideways',
      'POST /entities/Component/default/shop/silences',
      'POST /entities/Component/default/shop/silences',
    ]);
  });

  it('throws the backend error with its message', async () => {
    server.use(
      http.get(`${BASE}/entities/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Annotation sightline.dev/prometheus-selector is malformed',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(client.getRed(entity)).rejects.toMatchObject({
      name: 'ResponseError',
      body: {
        error: {
          message: 'Annotation sightline.dev/prometheus-selector is malformed',
        },
      },
    });
  });
});
