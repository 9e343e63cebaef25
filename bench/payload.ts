/**
 * Payload: bytes sent to the browser for a 7-day Overview of checkout (RED,
 * breakdown by route, alerts) and points per series, vs the bytes Prometheus
 * answers for the same panel queries (what a generic proxy would pass on).
 *
 *   yarn tsx bench/payload.ts
 */
import { gzipSync } from 'node:zlib';
import {
  ALERTMANAGER,
  ENTITY_API,
  getJson,
  PROMETHEUS,
  prometheusPost,
  ratio,
  run,
  startBackend,
} from './lib';

const WEEK_S = 7 * 86_400;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main() {
  const backend = await startBackend({
    prometheus: PROMETHEUS,
    alertmanager: ALERTMANAGER,
  });
  const toS = Math.floor(Date.now() / 1000) - 600;
  const range = `from=${toS - WEEK_S}&to=${toS}`;
  const api = `${backend.baseUrl}${ENTITY_API}/checkout`;
  const panels = await Promise.all([
    getJson(`${api}/red?${range}`),
    getJson(`${api}/red/breakdown?by=route&${range}`),
    getJson(`${api}/alerts`),
  ]);
  const [red] = panels;
  const { start, end, stepMs } = red.body.range;
  const direct = await Promise.all(
    red.body.queries.map((q: { query: string }) =>
      prometheusPost(PROMETHEUS, '/api/v1/query_range', {
        query: q.query,
        start: String(start / 1000),
        end: String(end / 1000),
        step: String(stepMs / 1000),
      }),
    ),
  );
  await backend.stop();

  const pluginBytes = panels.reduce((sum, p) => sum + p.bytes, 0);
  const pluginGzip = panels.reduce(
    (sum, p) => sum + gzipSync(JSON.stringify(p.body)).length,
    0,
  );
  const directBytes = direct.reduce((sum, d) => sum + d.bytes, 0);
  const directGzip = direct.reduce(
    (sum, d) => sum + gzipSync(JSON.stringify(d.body)).length,
    0,
  );
  const seriesOf = (body: any) => [
    ...body.requestRate,
    ...body.errorRatio,
    ...(body.latency
      ? [...body.latency.p50, ...body.latency.p95, ...body.latency.p99]
      : []),
  ];
  const pluginSeries = seriesOf(red.body);
  const directSeries = direct.flatMap(d => d.body.data.result);
  const maxPoints = (counts: number[]) => Math.max(...counts);

  console.log(
    `Payload: 7-day Overview of checkout, step ${
      stepMs / 1000
    }s (RED + breakdown + alerts)`,
  );
  console.log(
    `Prometheus answers for the same ${red.body.queries.length} range queries (baseline): ` +
      `${kb(directBytes)} (gzip ${kb(directGzip)}), ${
        directSeries.length
      } series, ` +
      `max ${maxPoints(
        directSeries.map((s: any) => s.values.length),
      )} points per series`,
  );
  console.log(
    `plugin, all three panels: ${kb(pluginBytes)} (${ratio(
      pluginBytes,
      directBytes,
    )}) (gzip ${kb(pluginGzip)}, ${ratio(pluginGzip, directGzip)}), ` +
      `${pluginSeries.length} series, max ${maxPoints(
        pluginSeries.map((s: any) => s.points.length),
      )} points per series (limit 1100)`,
  );
  for (const [name, panel] of [
    ['red', panels[0]],
    ['breakdown', panels[1]],
    ['alerts', panels[2]],
  ] as const) {
    console.log(`  ${name.padEnd(10)} ${kb(panel.bytes)}`);
  }
}

run(main);
