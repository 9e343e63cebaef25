/**
 * Upstream faults, against the real Prometheus and Alertmanager of the local
 * stack and the Loki/Tempo stand-ins, each behind a FaultProxy that can be
 * stopped mid-request, slowed past the timeout, or made to answer 500,
 * garbage or truncated JSON. For every upstream and fault: the routes that
 * read it answer 503 naming it and the fault within the timeout, the routes
 * that do not keep answering, and nothing is left unhandled. Then the
 * circuit breaker: it opens, holds requests back, and closes once the
 * upstream returns; and heap use stays flat through hundreds of faulty requests.
 */
import { Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { FaultMode, FaultProxy } from '../__testUtils__/FaultProxy';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { Standins, startStandins } from '../__testUtils__/standins';
import { writeTelemetryFixtures } from '../__testUtils__/telemetryFixtures';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(120_000);

const TIMEOUT_MS = 1_000;
/** The breaker UpstreamClients gives each upstream: five consecutive failures, then 15 s closed to traffic. */
const BREAKER_COOL_DOWN_MS = 15_000;
const API = '/api/observability/entities/component/default/checkout';

type Upstream = 'prometheus' | 'alertmanager' | 'loki' | 'tempo';
const UPSTREAMS: Upstream[] = ['prometheus', 'alertmanager', 'loki', 'tempo'];
const TITLES: Record<Upstream, string> = {
  prometheus: "Prometheus of cluster 'local'",
  alertmanager: "Alertmanager of cluster 'local'",
  loki: "Loki of cluster 'local'",
  tempo: "Tempo of cluster 'local'",
};

/** A range no earlier request asked for, so no answer comes from the cache. */
let ranges = 0;
function freshRange(): string {
  ranges += 1;
  const to = Math.floor(Date.now() / 1000) - 600 - ranges * 60;
  return `from=${to - 3600}&to=${to}`;
}

/** The route that reads only that upstream (the RED route also probes the dialect). */
const ROUTE: Record<Upstream, () => string> = {
  prometheus: () => `${API}/red?${freshRange()}`,
  alertmanager: () => `${API}/silences`,
  loki: () => `${API}/logs?${freshRange()}`,
  tempo: () => `${API}/traces?${freshRange()}`,
};

/** What the answer says about each fault (after the upstream's name). */
const CAUSE: Record<FaultMode | 'stopped', RegExp> = {
  stopped: /refused the connection|closed the connection mid-answer/,
  slow: new RegExp(`did not answer within ${TIMEOUT_MS} ms`),
  error500: /answered HTTP 500: injected failure/,
  garbage: /answered something that is not JSON: "<html>/,
  truncated: /answered something that is not JSON/,
  pass: /^$/,
};

describe('upstream faults', () => {
  const proxies = {} as Record<Upstream, FaultProxy>;
  let standins: Standins;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    const stack = await ensureLocalStack();
    standins = await startStandins();
    writeTelemetryFixtures(standins.stateDir, Date.now());
    const targets: Record<Upstream, string> = {
      prometheus: stack.urls.prometheus,
      alertmanager: stack.urls.alertmanager,
      loki: standins.urls.loki,
      tempo: standins.urls.tempo,
    };
    for (const upstream of UPSTREAMS) {
      proxies[upstream] = await new FaultProxy(targets[upstream]).start();
    }
  });

  afterAll(async () => {
    await Promise.all(UPSTREAMS.map(u => proxies[u]?.stop()));
    await standins?.stop();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  });

  afterEach(async () => {
    for (const upstream of UPSTREAMS) {
      proxies[upstream].mode = 'pass';
      await proxies[upstream].start().catch(() => undefined); // if stopped
    }
  });

  /** A backend of its own: fresh breakers and cache. */
  async function backend(): Promise<Server> {
    const { server } = await startObservabilityBackend({
      entities: [shopComponent('checkout')],
      observability: {
        limits: { queryTimeout: `${TIMEOUT_MS / 1000}s` },
        clusters: [
          {
            name: 'local',
            ...Object.fromEntries(
              UPSTREAMS.map(u => [u, { url: proxies[u].url }]),
            ),
          },
        ],
      },
    });
    return server;
  }

  async function get(server: Server, path: string) {
    const started = Date.now();
    const res = await request(server).get(path);
    return { res, ms: Date.now() - started };
  }

  /** The answer to a faulty upstream's route: a 503 naming it and the fault, in time. */
  function expectNamedFault(
    answer: Awaited<ReturnType<typeof get>>,
    upstream: Upstream,
    fault: keyof typeof CAUSE,
  ) {
    expect(answer.res.status).toBe(503);
    expect(answer.res.body.error.name).toBe('ServiceUnavailableError');
    expect(answer.res.body.error.message).toContain(TITLES[upstream]);
    expect(answer.res.body.error.message).toMatch(CAUSE[fault]);
    // Two timeouts at most: the dialect probe, then one wave of queries.
    expect(answer.ms).toBeLessThan(2 * TIMEOUT_MS + 1_500);
  }

  /** The routes of the other upstreams still answer; the alerts panel names the failed one. */
  async function expectOthersAnswer(server: Server, upstream: Upstream) {
    for (const other of UPSTREAMS.filter(u => u !== upstream)) {
      const { res } = await get(server, ROUTE[other]());
      expect({ other, status: res.status }).toEqual({ other, status: 200 });
    }
    // Deployments read Prometheus (and the Kubernetes API, not configured
    // here) and answer with what they have, naming the failed source.
    const deployments = await get(server, `${API}/deployments?${freshRange()}`);
    expect(deployments.res.status).toBe(200);
    const unavailable = (
      deployments.res.body.sources as {
        status: string;
        source: string;
        detail: string;
      }[]
    ).filter(s => s.status === 'unavailable');
    expect(unavailable.map(s => s.source)).toEqual(
      upstream === 'prometheus' ? ['kube-state-metrics', 'version-label'] : [],
    );
    for (const source of unavailable) {
      expect(source.detail).toContain(TITLES.prometheus);
    }
    // The service map reads Prometheus alone: a 503 naming it, in time.
    const map = await get(server, `${API}/dependencies?${freshRange()}`);
    expect(map.res.status).toBe(upstream === 'prometheus' ? 503 : 200);
    if (upstream === 'prometheus') {
      expect(map.res.body.error.message).toContain(TITLES.prometheus);
      expect(map.ms).toBeLessThan(2 * TIMEOUT_MS + 1_500);
    }
    // It reads Alertmanager and Prometheus, and answers with what it has.
    const alerts = await get(server, `${API}/alerts`);
    expect(alerts.res.status).toBe(200);
    expect(
      alerts.res.body.errors.map((e: { source: string }) => e.source),
    ).toEqual(
      ['prometheus', 'alertmanager'].includes(upstream) ? [upstream] : [],
    );
  }

  it.each(UPSTREAMS)(
    '%s stopped mid-request: its route answers 503 naming it, the others keep answering',
    async upstream => {
      const server = await backend();
      const proxy = proxies[upstream];
      proxy.mode = 'slow';
      proxy.delayMs = TIMEOUT_MS / 2;
      const inFlight = get(server, ROUTE[upstream]());
      await new Promise(resolve => setTimeout(resolve, TIMEOUT_MS / 5));
      await proxy.stop();
      const cut = await inFlight;
      expect(cut.res.status).toBe(503);
      expectNamedFault(cut, upstream, 'stopped');
      // While it stays down, the next request is refused at once.
      expectNamedFault(
        await get(server, ROUTE[upstream]()),
        upstream,
        'stopped',
      );
      await expectOthersAnswer(server, upstream);
    },
  );

  describe.each(['slow', 'error500', 'garbage', 'truncated'] as const)(
    'when an upstream is %s',
    fault => {
      it.each(UPSTREAMS)(
        '%s: its route answers 503 naming it in time, the others keep answering',
        async upstream => {
          const server = await backend();
          proxies[upstream].mode = fault;
          proxies[upstream].delayMs = TIMEOUT_MS * 3;
          const answer = await get(server, ROUTE[upstream]());
          expect(answer.res.status).toBe(503);
          expectNamedFault(answer, upstream, fault);
          await expectOthersAnswer(server, upstream);
        },
      );
    },
  );

  it('opens each circuit breaker, holds requests back, and closes it when the upstream returns', async () => {
    const server = await backend();
    await Promise.all(UPSTREAMS.map(u => proxies[u].stop()));
    // Enough failures to open every breaker (five in a row).
    for (let i = 0; i < 5; i++) {
      for (const upstream of UPSTREAMS) {
        const { res } = await get(server, ROUTE[upstream]());
        expect(res.status).toBe(503);
      }
    }
    await Promise.all(UPSTREAMS.map(u => proxies[u].start()));
    for (const upstream of UPSTREAMS) proxies[upstream].reset();

    // Back, but the breakers are open: a fast 503 that says until when, and nothing sent.
    for (const upstream of UPSTREAMS) {
      const { res, ms } = await get(server, ROUTE[upstream]());
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(TITLES[upstream]);
      expect(res.body.error.message).toMatch(
        /is failing \(refused the connection.*\); requests are paused until \d{4}-/,
      );
      expect(ms).toBeLessThan(500);
    }
    expect(UPSTREAMS.map(u => proxies[u].total)).toEqual([0, 0, 0, 0]);

    // After the cool-down one trial request closes each breaker again.
    await new Promise(resolve => setTimeout(resolve, BREAKER_COOL_DOWN_MS));
    for (const upstream of UPSTREAMS) {
      let status = 0;
      for (let attempt = 0; attempt < 3 && status !== 200; attempt++) {
        status = (await get(server, ROUTE[upstream]())).res.status;
      }
      expect({ upstream, status }).toEqual({ upstream, status: 200 });
      expect(proxies[upstream].total).toBeGreaterThan(0);
    }
  });

  it('keeps heap use flat through hundreds of faulty requests', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const server = await backend();
    proxies.prometheus.mode = 'error500';
    proxies.loki.mode = 'garbage';
    const burst = async (n: number) => {
      for (let i = 0; i < n; i += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, k) =>
            get(server, ROUTE[k % 2 ? 'prometheus' : 'loki']()),
          ),
        );
      }
    };
    await burst(50); // warm-up: code paths compiled, breakers open
    const before = heapAfterGc();
    await burst(200);
    const after = heapAfterGc();
    // Tolerance: 10 MB, against ~40 kB per request retained if errors leaked.
    expect(after - before).toBeLessThan(10 * 1024 * 1024);
  });

  it('left no unhandled rejection or exception behind in any of the above', () => {
    expect(unhandled).toEqual([]);
  });
});
