/**
 * Hostile input, the time-parameter class: every time parameter of every
 * route in openapi.yaml, given values that are not a time (injection, junk,
 * calendar dates that do not exist, local times, out-of-range epochs), is a
 * 400 whose message names the parameter, and nothing is sent upstream: no
 * route ever reads a mistyped time as some other date.
 */
import { Entity } from '@backstage/catalog-model';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { spec } from '../schema/openapi';
import { shopComponent } from '../__testUtils__/entities';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(120_000);

const API = '/api/observability';

/** The shared parameters of openapi.yaml that carry a time, by component key. */
const TIME_PARAMETERS = ['from', 'to', 'sloAt'];

/**
 * Every other query parameter, so that a new one has to be classified here:
 * a time parameter added to a route is then fuzzed without anyone
 * remembering to.
 */
const OTHER_QUERY_PARAMETERS = [
  'format',
  'by',
  'limit',
  'level',
  'contains',
  'traceId',
  'direction',
  'status',
  'minDuration',
  'operation',
];

/** Each value with why it is not a time. */
const NOT_TIMES: Array<[string, string]> = [
  ["' OR '1'='1", 'SQL injection, which Date.parse reads as 2001-01-01'],
  ['1 2', 'junk Date.parse reads as 2001-01-01'],
  ['2026-02-30T00:00:00Z', 'February 30, which Date rolls over to March 2'],
  ['2025-02-29T00:00:00Z', 'a leap day of a common year'],
  ['2026-11-21T24:00:00Z', '24:00'],
  ['2026-12-31T23:59:60Z', 'a leap second'],
  ['2026-13-01T00:00:00Z', 'month 13'],
  ['2026-11-21T12:00:00+25:00', 'an offset beyond 23:59'],
  ['2026-11-21T12:00:00', 'a local time without an offset'],
  ['2026-11-21', 'a date without a time'],
  ['now-1h', 'a relative time'],
  ['NaN', 'not a number'],
  ['1e9', 'an exponent'],
  ['-1763726400', 'a negative epoch'],
  ['0', 'an epoch too small to be seconds or milliseconds'],
  ['99999999999999999999', 'an epoch past year 5138'],
  ['1763726400123.5', 'a fraction of a millisecond'],
  ['1969-12-31T23:59:59Z', 'before 1970'],
  [' 1763726400', 'a leading space'],
  ['x'.repeat(41), 'longer than the 40 characters the spec allows'],
];

/** An upstream for every kind that records whatever reaches it. */
async function recordingUpstream() {
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, received };
}

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-shop', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-shop' },
};

/** The entity each kind of route names, by the path's first segment. */
const NAME_IN: Record<string, string> = {
  entities: 'checkout',
  groups: 'team-shop',
  systems: 'shop',
};

/** Every GET route with its time parameters, read from openapi.yaml. */
function routesWithTimeParameters(): Array<{ path: string; names: string[] }> {
  const parameters = (spec.components as any).parameters;
  const routes: Array<{ path: string; names: string[] }> = [];
  for (const [template, item] of Object.entries(
    spec.paths as Record<string, any>,
  )) {
    if (!item.get) continue;
    const names: string[] = [];
    for (const p of item.get.parameters ?? []) {
      const key = p.$ref?.split('/').pop();
      const declared = key ? parameters[key] : p;
      if (declared.in !== 'query') continue;
      if (TIME_PARAMETERS.includes(key)) names.push(declared.name);
      else expect(OTHER_QUERY_PARAMETERS).toContain(declared.name);
    }
    if (names.length === 0) continue;
    const path = template
      .replace('{kind}', 'component')
      .replace('{namespace}', 'default')
      .replace('{name}', NAME_IN[template.split('/')[1]]);
    routes.push({ path, names });
  }
  return routes;
}

describe('time parameters', () => {
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let server: Server;

  beforeAll(async () => {
    upstream = await recordingUpstream();
    const { url } = upstream;
    ({ server } = await startObservabilityBackend({
      entities: [shopComponent('checkout'), group, system],
      observability: {
        clusters: [
          {
            name: 'local',
            prometheus: { url },
            alertmanager: { url },
            loki: { url },
            tempo: { url },
            grafana: { url, token: 'token' },
          },
        ],
      },
    }));
  });

  afterAll(async () => {
    await new Promise(r => upstream?.server.close(r));
  });

  it('finds the time parameters of every route', () => {
    const routes = routesWithTimeParameters();
    expect(routes.map(r => `${r.path} ${r.names.join(',')}`).sort()).toEqual([
      '/entities/component/default/checkout/dashboards from,to',
      '/entities/component/default/checkout/dependencies from,to',
      '/entities/component/default/checkout/deployments from,to',
      '/entities/component/default/checkout/logs from,to',
      '/entities/component/default/checkout/red from,to',
      '/entities/component/default/checkout/red/breakdown from,to',
      '/entities/component/default/checkout/slo-adjustments from,to',
      '/entities/component/default/checkout/slos at',
      '/entities/component/default/checkout/slos/composite at',
      '/entities/component/default/checkout/slos/report at',
      '/entities/component/default/checkout/traces from,to',
      '/groups/default/team-shop/slos at',
      '/groups/default/team-shop/slos/report at',
      '/systems/default/shop/dependencies from,to',
      '/systems/default/shop/slos at',
      '/systems/default/shop/slos/report at',
    ]);
  });

  it('answers 400 naming the parameter for every value that is not a time, asking no upstream', async () => {
    const answers: string[] = [];
    for (const { path, names } of routesWithTimeParameters()) {
      for (const name of names) {
        for (const [value, why] of NOT_TIMES) {
          const res = await request(server)
            .get(`${API}${path}`)
            .query({ [name]: value });
          const message: string = res.body?.error?.message ?? '';
          if (res.status !== 400 || !message.includes(name)) {
            answers.push(
              `${path}?${name}=${value} (${why}): ${res.status} ${message}`,
            );
          }
        }
        // The same parameter twice is no single time either.
        const twice = await request(server).get(
          `${API}${path}?${name}=1763726400&${name}=1763726401`,
        );
        if (twice.status !== 400 || !twice.text.includes(name)) {
          answers.push(`${path}?${name} twice: ${twice.status} ${twice.text}`);
        }
      }
    }
    expect(answers).toEqual([]);
    expect(upstream.received).toEqual([]);
  });
});
