/**
 * Entity resolution reads the catalog with the caller's own credentials: an
 * entity the caller may not read answers exactly like one that does not
 * exist. The catalog here answers `checkout` only to alice, as a catalog
 * with a permission policy does.
 */
import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const CHECKOUT: Entity = shopComponent('checkout', {
  'sightline.dev/metrics-dialect': 'prometheus-http',
});

describe('an entity the caller may not read', () => {
  let upstream: Server;
  const upstreamPaths: string[] = [];

  beforeAll(async () => {
    // Prometheus and Alertmanager in one: empty answers to everything.
    upstream = createServer((req, res) => {
      upstreamPaths.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/api/v2/')) res.end('[]');
      else if (req.url?.startsWith('/api/v1/rules'))
        res.end('{"status":"success","data":{"groups":[]}}');
      else if (req.url?.startsWith('/api/v1/'))
        res.end(
          '{"status":"success","data":{"resultType":"vector","result":[]}}',
        );
      else res.end('ready');
    });
    await new Promise<void>(r => upstream.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise(r => upstream.close(r)));

  async function startBackend() {
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const catalog = catalogServiceMock.mock({
      async getEntityByRef(ref, options) {
        const credentials = (options as { credentials?: BackstageCredentials })
          ?.credentials;
        const principal = credentials?.principal as
          | BackstageUserPrincipal
          | undefined;
        const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
        if (
          wanted === stringifyEntityRef(CHECKOUT) &&
          principal?.type === 'user' &&
          principal.userEntityRef === ALICE
        ) {
          return CHECKOUT;
        }
        return undefined;
      },
    });
    const { server } = await startObservabilityBackend({
      catalog: catalog.factory,
      observability: {
        clusters: [
          {
            name: 'local',
            prometheus: { url },
            alertmanager: { url },
          },
        ],
      },
    });
    return { server, catalog };
  }

  const ROUTES = [
    'health',
    'target',
    'red',
    'red/breakdown',
    'alerts',
    'silences',
    'dashboards',
    'logs',
    'traces',
  ];

  it.each(ROUTES)(
    'GET %s answers exactly as for an entity that does not exist',
    async route => {
      const { server, catalog } = await startBackend();
      const base = '/api/observability/entities/component/default';

      const hidden = await request(server)
        .get(`${base}/checkout/${route}`)
        .set('Authorization', mockCredentials.user.header(BOB));
      const missing = await request(server)
        .get(`${base}/no-such-service/${route}`)
        .set('Authorization', mockCredentials.user.header(BOB));

      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      // Same body once the requested name is taken out: nothing tells them apart.
      const normalise = (body: any, name: string) =>
        JSON.parse(
          JSON.stringify(body)
            .split(name)
            .join('<name>')
            .replace(/"stack":"[^"]*"/, '"stack":"<stack>"'),
        );
      expect(normalise(hidden.body, 'checkout')).toEqual(
        normalise(missing.body, 'no-such-service'),
      );
      expect(hidden.body.error).toMatchObject({
        name: 'NotFoundError',
        message: 'No entity component:default/checkout found',
      });
      expect(Object.keys(hidden.headers).sort()).toEqual(
        Object.keys(missing.headers).sort(),
      );

      // The catalog was asked as bob, not as the plugin's own service identity.
      expect(catalog.getEntityByRef).toHaveBeenCalledWith(
        'component:default/checkout',
        expect.objectContaining({
          credentials: expect.objectContaining({
            principal: { type: 'user', userEntityRef: BOB },
          }),
        }),
      );
      for (const [, options] of catalog.getEntityByRef.mock.calls) {
        expect((options as any).credentials.principal.type).toBe('user');
      }
    },
  );

  it('serves the same entity to a caller who may read it', async () => {
    const { server, catalog } = await startBackend();
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/health')
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/checkout');
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/checkout',
      expect.objectContaining({
        credentials: expect.objectContaining({
          principal: { type: 'user', userEntityRef: ALICE },
        }),
      }),
    );
  });

  it('refuses a hidden entity silence without touching Alertmanager', async () => {
    const { server } = await startBackend();
    const before = upstreamPaths.length;
    const res = await request(server)
      .post('/api/observability/entities/component/default/checkout/silences')
      .set('Authorization', mockCredentials.user.header(BOB))
      .send({ comment: 'hidden entity', durationMinutes: 5 });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity component:default/checkout found',
    );
    expect(upstreamPaths.slice(before)).toEqual([]);
  });
});
