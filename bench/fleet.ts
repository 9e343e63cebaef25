/**
 * Fleet SLO evaluation: today's per-entity path (what the search collator
 * and the roll-ups did for every entity) vs the batched fleet evaluation, in
 * one run, on the same synthetic catalog of distinct services whose series
 * are backfilled into a real Prometheus of the bench's own
 * (ScratchPrometheus, /usr/bin/prometheus on a free port). Prometheus's own
 * `execTotalTime` (query stats, `stats=all`, added by a proxy in front of
 * it) is summed per path.
 *
 * The per-entity path over 10,000 entities takes many minutes, so it runs on
 * a sample (`--sample`, 500 by default) and its time and Prometheus time are
 * extrapolated per entity: the output says so. Then, against a backend with
 * the plugin whose fleet task has stored the snapshots: peak RSS of the
 * observability collator (reading the snapshot) vs the stock catalog
 * collator, each in a child process, and a cold 500-service team roll-up.
 *
 *   yarn tsx bench/fleet.ts [--entities=10000] [--sample=500] [--concurrency=4]
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { fleetServices } from '../plugins/observability-backend/src/__testUtils__/fleetServices';
import { ScratchPrometheus } from '../plugins/observability-backend/src/__testUtils__/scratchPrometheus';
import { observabilityPlugin } from '../plugins/observability-backend/src/plugin';
import { collateAndPrint, collateInChild } from './collatorRun';
import { flag, ratio, run } from './lib';

const ENTITIES = flag('entities', 10_000);
const SAMPLE = Math.min(flag('sample', 500), ENTITIES);
const CONCURRENCY = flag('concurrency', 4);
const TEAMS = Math.max(1, Math.round(ENTITIES / 500));
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Where the synthetic history ends: the instant both paths evaluate. */
const END = Date.parse('2026-04-05T00:00:00Z');
/** Services per backfilled block (keeps each OpenMetrics text well under Node's string limit). */
const BACKFILL_CHUNK = 2_500;

const labelsOf = (i: number) =>
  `namespace="fleet-${i % 10}",service="svc-${String(i).padStart(5, '0')}"`;

/**
 * Service i: 100 + i % 50 requests a minute, i % 7 failing (none, and no
 * error series, for multiples of 7). One sample a minute over the last
 * hour, one an hour over the two days before: every burn-rate window and
 * the 30-day window have data, at a size promtool imports in seconds.
 */
function openMetrics(from: number, to: number): string {
  const instants: number[] = [];
  for (let t = END - 2 * 24 * HOUR_MS; t < END - HOUR_MS; t += HOUR_MS) {
    instants.push(t);
  }
  for (let t = END - HOUR_MS; t <= END; t += MINUTE_MS) instants.push(t);
  const lines = ['# TYPE http_requests counter'];
  for (let i = from; i < to; i++) {
    const perMinute = 100 + (i % 50);
    const failing = i % 7;
    for (const code of failing ? ['200', '500'] : ['200']) {
      const perMinuteOfCode = code === '500' ? failing : perMinute - failing;
      for (const t of instants) {
        const minutes = (t - instants[0]) / MINUTE_MS;
        lines.push(
          `http_requests_total{${labelsOf(i)},code="${code}"} ${
            minutes * perMinuteOfCode
          } ${t / 1000}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

function catalog(count: number): Entity[] {
  const entities: Entity[] = Array.from({ length: count }, (_, i) => {
    const team = `team-${i % TEAMS}`;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${String(i).padStart(5, '0')}`,
        namespace: 'default',
        annotations: {
          'sightline.dev/prometheus-selector': labelsOf(i),
          // Two in three name the dialect; the rest are detected.
          ...(i % 3
            ? { 'sightline.dev/metrics-dialect': 'prometheus-http' }
            : {}),
          'sightline.dev/slo-availability': i % 2 ? '99.9' : '99',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: team },
      relations: [{ type: 'ownedBy', targetRef: `group:default/${team}` }],
    };
  });
  for (let t = 0; t < TEAMS; t++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${t}`, namespace: 'default' },
      spec: { type: 'team', children: [] },
    });
  }
  return entities;
}

/** A proxy that asks Prometheus for query stats and sums `execTotalTime`. */
async function statsProxy(target: string) {
  const totals = { queries: 0, execSeconds: 0 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const isQuery = req.url?.startsWith('/api/v1/query');
    const body =
      req.method === 'POST'
        ? `${Buffer.concat(chunks).toString()}${isQuery ? '&stats=all' : ''}`
        : undefined;
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const text = await upstream.text();
    if (isQuery) {
      totals.queries++;
      try {
        totals.execSeconds +=
          JSON.parse(text).data?.stats?.timings?.execTotalTime ?? 0;
      } catch {
        // An error body: no stats.
      }
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    totals,
    reset() {
      totals.queries = 0;
      totals.execSeconds = 0;
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

async function mapLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function main() {
  const prometheus = await ScratchPrometheus.start();
  const proxy = await statsProxy(prometheus.url);
  try {
    let started = performance.now();
    for (let from = 0; from < ENTITIES; from += BACKFILL_CHUNK) {
      await prometheus.backfillOpenMetrics(
        openMetrics(from, Math.min(ENTITIES, from + BACKFILL_CHUNK)),
      );
    }
    console.log(
      `Backfilled ${ENTITIES} services into a scratch Prometheus in ${(
        (performance.now() - started) /
        1000
      ).toFixed(0)} s`,
    );
    const entities = catalog(ENTITIES).filter(e => e.kind === 'Component');
    const limits = { queryTimeout: '300s' };

    // Per-entity path on a sample spread over the catalog.
    const step = ENTITIES / SAMPLE;
    const sample = Array.from(
      { length: SAMPLE },
      (_, k) => entities[Math.floor(k * step)],
    );
    const perEntity = await fleetServices({
      prometheusUrl: proxy.url,
      entities,
      limits,
    });
    proxy.reset();
    started = performance.now();
    await mapLimited(sample, CONCURRENCY, async entity => {
      await perEntity.evaluateEntity(entity, END);
    });
    const perEntityMs = performance.now() - started;
    const perEntityStats = { ...proxy.totals };

    // Batched path over the whole catalog, with fresh detection caches.
    const batched = await fleetServices({
      prometheusUrl: proxy.url,
      entities,
      limits,
    });
    proxy.reset();
    started = performance.now();
    const result = await batched.fleet.evaluate(entities, END);
    const batchedMs = performance.now() - started;
    const batchedStats = { ...proxy.totals };
    if (result.failures.length || result.batchedEntities !== ENTITIES) {
      throw new Error(
        `batched ${
          result.batchedEntities
        } of ${ENTITIES}; failures: ${JSON.stringify(
          result.failures.slice(0, 3),
        )}`,
      );
    }

    const perEntityMsEach = perEntityMs / SAMPLE;
    const batchedMsEach = batchedMs / ENTITIES;
    const perEntityExecEach = (perEntityStats.execSeconds * 1000) / SAMPLE;
    const batchedExecEach = (batchedStats.execSeconds * 1000) / ENTITIES;
    console.log(
      `Per-entity path: ${SAMPLE} of the ${ENTITIES} entities (a sample, concurrency ${CONCURRENCY}), EXTRAPOLATED per entity to the catalog`,
    );
    console.log(
      `${'path'.padEnd(12)} ${'entities'.padStart(9)} ${'queries'.padStart(
        8,
      )} ${'wall'.padStart(10)} ${'wall/entity'.padStart(
        12,
      )} ${'exec/entity'.padStart(12)} ${'catalog wall'.padStart(17)}`,
    );
    const row = (
      name: string,
      n: number,
      queries: number,
      ms: number,
      each: number,
      exec: number,
      note: string,
    ) =>
      console.log(
        `${name.padEnd(12)} ${String(n).padStart(9)} ${String(queries).padStart(
          8,
        )} ${`${(ms / 1000).toFixed(1)} s`.padStart(10)} ${`${each.toFixed(
          2,
        )} ms`.padStart(12)} ${`${exec.toFixed(3)} ms`.padStart(
          12,
        )} ${note.padStart(17)}`,
      );
    row(
      'per-entity',
      SAMPLE,
      perEntityStats.queries,
      perEntityMs,
      perEntityMsEach,
      perEntityExecEach,
      `${((perEntityMsEach * ENTITIES) / 1000).toFixed(0)} s (extrap.)`,
    );
    row(
      'batched',
      ENTITIES,
      batchedStats.queries,
      batchedMs,
      batchedMsEach,
      batchedExecEach,
      `${(batchedMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `batched vs per-entity: wall time ${ratio(
        perEntityMsEach,
        batchedMsEach,
      )} faster, Prometheus execTotalTime per entity ${ratio(
        perEntityExecEach,
        batchedExecEach,
      )} lower`,
    );

    // The plugin itself: its fleet task stores the snapshots at start-up
    // (the test backend's scheduler runs tasks without an initial delay).
    started = performance.now();
    const backend = await startTestBackend({
      features: [
        observabilityPlugin,
        catalogServiceMock.factory({ entities: catalog(ENTITIES) }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              clusters: [{ name: 'local', prometheus: { url: proxy.url } }],
              limits,
              slo: {
                fleet: {
                  schedule: {
                    frequency: { minutes: 60 },
                    timeout: { minutes: 30 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    const backendUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;
    console.log(
      `Backend started, fleet task run and snapshots stored in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    try {
      const rollups: number[] = [];
      for (const team of ['team-0', 'team-1', 'team-2'].slice(0, TEAMS)) {
        const t0 = performance.now();
        const res = await fetch(
          `${backendUrl}/api/observability/groups/default/${team}/slos`,
        );
        const body = await res.json();
        rollups.push(performance.now() - t0);
        if (!res.ok || body.slos.length !== Math.ceil(ENTITIES / TEAMS)) {
          throw new Error(
            `${team} roll-up: ${res.status}, ${body.slos?.length} SLOs`,
          );
        }
        if (body.slos.some((s: any) => s.evaluatedFrom !== 'snapshot')) {
          throw new Error(`${team} roll-up: not all from the snapshot`);
        }
      }
      console.log(
        `Team roll-up, ${Math.ceil(
          ENTITIES / TEAMS,
        )} services, cold (first request per team): ${rollups
          .map(ms => `${ms.toFixed(0)} ms`)
          .join(', ')}`,
      );

      const stock = await collateInChild('stock', backendUrl, childArgs);
      const observability = await collateInChild(
        'observability',
        backendUrl,
        childArgs,
      );
      console.log(
        `Collators over ${ENTITIES} Components: stock catalog ${
          stock.documents
        } docs in ${(stock.ms / 1000).toFixed(
          1,
        )} s, peak RSS ${stock.peakRssMiB.toFixed(
          0,
        )} MiB; observability (from the snapshot) ${
          observability.documents
        } docs in ${(observability.ms / 1000).toFixed(
          1,
        )} s, peak RSS ${observability.peakRssMiB.toFixed(0)} MiB`,
      );
      console.log(
        `observability / stock peak RSS: ${ratio(
          observability.peakRssMiB,
          stock.peakRssMiB,
        )}`,
      );
    } finally {
      await backend.stop();
    }
  } finally {
    await proxy.close();
    await prometheus.stop();
  }
}

const childArg = process.argv.find(a => a.startsWith('--child='));
const backendArg = process.argv.find(a => a.startsWith('--backend='));
/** What the child needs to build the same catalog and collator. */
const childArgs = [`--entities=${ENTITIES}`, `--concurrency=${CONCURRENCY}`];
run(() =>
  childArg
    ? collateAndPrint({
        which: childArg.slice('--child='.length),
        entities: catalog(ENTITIES),
        backendUrl: backendArg!.slice('--backend='.length),
        concurrency: CONCURRENCY,
      })
    : main(),
);
