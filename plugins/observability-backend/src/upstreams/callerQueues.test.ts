/**
 * Per-caller queues through the whole backend: the caller a request's
 * credentials name reaches the upstream fetch layer, a caller whose queue is
 * full is answered 429 with Retry-After while other callers are served, and
 * users go ahead of services. The real Prometheus of the local stack, behind
 * a proxy that slows every request so that queues form.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Server } from 'node:http';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { FaultProxy } from '../__testUtils__/FaultProxy';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(60_000);

const RED = '/api/observability/entities/component/default/checkout/red';
/** Upstream requests one RED answer takes, at most. */
const RED_REQUESTS = 8;

describe('per-caller queues for an upstream', () => {
  let prometheus: FaultProxy;
  let server: Server;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    prometheus = await new FaultProxy(stack.urls.prometheus).start();
    const backend = await startObservabilityBackend({
      entities: [shopComponent('checkout')],
      observability: {
        limits: {
          maxConcurrencyPerUpstream: 1,
          // One RED answer's worth waiting, and a little more.
          maxQueuedPerCaller: RED_REQUESTS + 2,
        },
        clusters: [{ name: 'local', prometheus: { url: prometheus.url } }],
      },
    });
    server = backend.server;
    // The dialect is detected once, before the queues matter.
    const warmUp = await request(server).get(RED);
    if (warmUp.status !== 200) {
      throw new Error(
        `warm-up ${RED} answered ${warmUp.status}: ${warmUp.text}`,
      );
    }
    prometheus.mode = 'slow';
    prometheus.delayMs = 100;
  });
  afterAll(() => prometheus?.stop());

  /** A range no request asked for before: every answer is a cold one. */
  let ranges = 0;
  const red = (authorization: string) => {
    ranges += 1;
    const to = Math.floor(Date.now() / 1000) - 3600 * ranges;
    return request(server)
      .get(`${RED}?from=${to - 3600}&to=${to}`)
      .set('authorization', authorization);
  };
  const settled = async (req: request.Test) => {
    const res = await req;
    return { res, at: performance.now() };
  };

  it("answers a caller whose queue is full 429 with Retry-After, and serves another user's page", async () => {
    const flooder = mockCredentials.user.header('user:default/flooder');
    // Promises, each request sent once.
    const flood = Array.from({ length: 6 }, () => red(flooder).then(r => r));
    const firstRefusal = await Promise.any(
      flood.map(async answer => {
        const res = await answer;
        if (res.status !== 429) throw new Error(`answered ${res.status}`);
        return res;
      }),
    );
    // Told to come back later, the flooder is refused at once until then,
    // before its request reaches the catalog or the upstream's queue.
    const again = await red(flooder);
    const normal = await red(mockCredentials.user.header('user:default/guest'));
    const answers = await Promise.all(flood);

    expect(normal.status).toBe(200);
    const refused = answers.filter(a => a.status === 429);
    expect(refused).toContain(firstRefusal);
    for (const res of refused) {
      expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(res.body.error).toMatchObject({
        name: 'TooManyRequestsError',
        message: expect.stringContaining('from user:default/flooder'),
      });
    }
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(again.body.error.message).toMatch(
      /^Too many requests from user:default\/flooder; retry in \d+ s$/,
    );
    // Refusing it again does not push the time back: asking on and on, it
    // is served once its queue has room after the time it was told.
    let status = 429;
    for (let attempt = 0; attempt < 30 && status === 429; attempt++) {
      status = (await red(flooder)).status;
    }
    expect(status).toBe(200);
  });

  it("serves a user's page ahead of a service's request that came first", async () => {
    const busy = red(mockCredentials.user.header('user:default/other'));
    await new Promise(resolve => setTimeout(resolve, 50));
    const service = settled(red(mockCredentials.service.header()));
    await new Promise(resolve => setTimeout(resolve, 50));
    const user = settled(
      red(mockCredentials.user.header('user:default/guest')),
    );
    const [byService, byUser] = await Promise.all([service, user]);
    await busy;
    expect([byService.res.status, byUser.res.status]).toEqual([200, 200]);
    expect(byUser.at).toBeLessThan(byService.at);
  });
});
