/**
 * Two tenants on one upstream URL: clusters `tenant-a` and `tenant-b` share
 * one Prometheus URL and differ only by `X-Scope-OrgID` (Mimir's
 * multi-tenancy, as the README configures it). The real Prometheus of the
 * local stack sits behind a recording proxy that shows who asked what. Each
 * tenant's service asks the same queries; every one of them must reach the
 * upstream with that tenant's header, one after the other (the answer cache)
 * and at the same moment (coalescing of requests in flight).
 */
import { OBSERVABILITY_ANNOTATIONS } from '@sightline/plugin-observability-common';
import { Server } from 'node:http';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { RecordingProxy } from '../__testUtils__/RecordingProxy';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(60_000);

const TENANTS = ['tenant-a', 'tenant-b'];
const API = '/api/observability/entities/component/default';
/** The same Kubernetes id in each tenant's cluster: the same PromQL. */
const ENTITY: Record<string, string> = {
  'tenant-a': 'checkout',
  'tenant-b': 'checkout-in-b',
};

describe('two tenants on one upstream URL', () => {
  let proxy: RecordingProxy;
  let server: Server;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    proxy = await new RecordingProxy(stack.urls.prometheus).start();
    const backend = await startObservabilityBackend({
      entities: TENANTS.map(tenant =>
        shopComponent(ENTITY[tenant], {
          'backstage.io/kubernetes-id': 'checkout',
          [OBSERVABILITY_ANNOTATIONS.cluster]: tenant,
        }),
      ),
      observability: {
        defaultCluster: 'tenant-a',
        clusters: TENANTS.map(tenant => ({
          name: tenant,
          prometheus: {
            url: proxy.url,
            headers: { 'X-Scope-OrgID': tenant },
          },
        })),
      },
    });
    server = backend.server;
  });
  afterAll(() => proxy?.stop());

  /** A range of the last day no other test asks, so nothing is cached yet. */
  let ranges = 0;
  const freshRange = () => {
    ranges += 1;
    const to = Math.floor(Date.now() / 1000) - 3600 * ranges;
    return `from=${to - 3600}&to=${to}`;
  };
  const red = (tenant: string, range: string) =>
    request(server).get(`${API}/${ENTITY[tenant]}/red?${range}`);

  /** Each tenant's range queries, as the upstream received them. */
  const rangeQueriesBy = (tenant: string) =>
    proxy.requests
      .filter(
        r =>
          r.path === '/api/v1/query_range' &&
          r.headers['x-scope-orgid'] === tenant,
      )
      .map(r => JSON.stringify(r.params))
      .sort();

  it("sends each tenant's request upstream with its own header, never answering it from the other tenant's cache", async () => {
    proxy.requests.length = 0;
    const range = freshRange();
    const a = await red('tenant-a', range);
    const b = await red('tenant-b', range);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(rangeQueriesBy('tenant-a').length).toBeGreaterThan(0);
    expect(rangeQueriesBy('tenant-b')).toEqual(rangeQueriesBy('tenant-a'));
    // Its own answer, to the same queries.
    expect(b.body.queries).toEqual(a.body.queries);
    // Asked again, each tenant is answered from its own cache entry.
    const before = proxy.requests.length;
    expect((await red('tenant-b', range)).status).toBe(200);
    expect(proxy.requests.length).toBe(before);
  });

  it("never joins one tenant's request to the other tenant's request in flight", async () => {
    proxy.requests.length = 0;
    const range = freshRange();
    const answers = await Promise.all(
      [...TENANTS, ...TENANTS].map(tenant => red(tenant, range)),
    );
    expect(answers.map(a => a.status)).toEqual([200, 200, 200, 200]);
    expect(rangeQueriesBy('tenant-a').length).toBeGreaterThan(0);
    expect(rangeQueriesBy('tenant-b')).toEqual(rangeQueriesBy('tenant-a'));
  });
});
