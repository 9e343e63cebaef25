/**
 * Overhead: the entity's RED request through the plugin vs the same range
 * queries (read from the response's `queries`) sent straight to Prometheus,
 * p50/p95 over many runs in one process. Cold: every run asks for a range
 * not seen before (nothing cached). Warm: the same range again (cached).
 *
 *   yarn tsx bench/overhead.ts [--runs=60]
 */
import {
  ENTITY_API,
  flag,
  fmtMs,
  getJson,
  percentile,
  PROMETHEUS,
  prometheusPost,
  ratio,
  run,
  startBackend,
  timed,
} from './lib';
import { RecordingProxy } from '../plugins/observability-backend/src/__testUtils__/RecordingProxy';

const RUNS = flag('runs', 60);
const HOUR_S = 3600;
const STEP_S = 15; // the step the plugin picks for a one-hour range

async function main() {
  // The plugin's own Prometheus traffic is recorded, to replay it as a second baseline.
  // A first backend sends through a recording proxy; the measured one talks straight to Prometheus.
  const recorder = await new RecordingProxy(PROMETHEUS).start();
  const recorded = await startBackend({ prometheus: recorder.url });
  const backend = await startBackend({ prometheus: PROMETHEUS });
  const redOf = (baseUrl: string, toS: number) =>
    `${baseUrl}${ENTITY_API}/checkout/red?from=${toS - HOUR_S}&to=${toS}`;
  const red = (toS: number) => redOf(backend.baseUrl, toS);
  const nowS = Math.floor(Date.now() / 1000 / STEP_S) * STEP_S - 600;

  // One request to learn the queries (and detect the dialect, cached 5 min).
  const { body: sample } = await getJson(red(nowS - RUNS * 2 * STEP_S - 600));
  const { range } = sample;
  // Everything one cold request sends Prometheus (range, summary and exemplar queries).
  await getJson(redOf(recorded.baseUrl, nowS - RUNS * 2 * STEP_S - 1200));
  recorder.requests.length = 0;
  await getJson(
    redOf(recorded.baseUrl, nowS - RUNS * 2 * STEP_S - 1200 - STEP_S),
  );
  const everything = recorder.requests.map(r => ({
    path: r.path,
    form: Object.fromEntries(r.params),
  }));
  const direct = (toS: number) =>
    Promise.all(
      sample.queries.map((q: { query: string }) =>
        prometheusPost(PROMETHEUS, '/api/v1/query_range', {
          query: q.query,
          start: String(toS - HOUR_S),
          end: String(toS),
          step: String(range.stepMs / 1000),
        }),
      ),
    );

  /** The same requests, moved to the range ending at `toS`. */
  const directAll = (toS: number) => {
    const shift = (v: string | undefined, by: number) =>
      v === undefined ? undefined : String(Number(v) + by);
    const base = nowS - RUNS * 2 * STEP_S - 1200 - STEP_S;
    return Promise.all(
      everything.map(({ path, form }) => {
        const moved = { ...form };
        for (const key of ['start', 'end', 'time']) {
          const value = shift(form[key], toS - base);
          if (value !== undefined) moved[key] = value;
        }
        return prometheusPost(PROMETHEUS, path, moved);
      }),
    );
  };

  const cold: number[] = [];
  const directTimes: number[] = [];
  const directAllTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A range shifted by one step per run: new cache keys, same work.
    const toS = nowS - i * STEP_S;
    directTimes.push(await timed(() => direct(toS)));
    directAllTimes.push(await timed(() => directAll(toS)));
    cold.push(await timed(() => getJson(red(toS))));
  }
  const warm: number[] = [];
  for (let i = 0; i < RUNS * 3; i++) {
    warm.push(await timed(() => getJson(red(nowS))));
  }
  await backend.stop();
  await recorded.stop();
  await recorder.stop();

  const row = (name: string, samples: number[]) =>
    `${name.padEnd(42)} p50 ${fmtMs(percentile(samples, 0.5)).padStart(
      10,
    )} (${ratio(percentile(samples, 0.5), percentile(directTimes, 0.5))})` +
    `   p95 ${fmtMs(percentile(samples, 0.95)).padStart(10)} (${ratio(
      percentile(samples, 0.95),
      percentile(directTimes, 0.95),
    )})`;
  console.log(
    `Overhead: checkout RED, 1 h range, step ${range.stepMs / 1000}s, ${
      sample.queries.length
    } range queries; ${RUNS} cold / ${RUNS * 3} warm runs`,
  );
  console.log(row('direct to Prometheus (baseline)', directTimes));
  console.log(
    row(
      `direct, all ${everything.length} requests the plugin sends`,
      directAllTimes,
    ),
  );
  console.log(row('plugin, cold cache', cold));
  console.log(row('plugin, warm cache', warm));
}

run(main);
