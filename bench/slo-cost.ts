/**
 * SLO status cost: one availability SLO of checkout (99.9 %, 30 days)
 * evaluated by the plugin from the raw series, from Sloth recording rules
 * (the ones the stack loads from Sightline's generator) and from Pyrra
 * recording rules (loaded here, shaped as Pyrra generates them, removed at
 * the end). Each path's Prometheus traffic is recorded at a proxy, then
 * every recorded query is replayed straight to Prometheus with
 * `stats=all`: the cost is Prometheus' own execution time (execTotalTime)
 * and the samples it touched, summed per status, median over the rounds;
 * ratios are against the raw path measured in the same run.
 *
 * The stack's Sloth rules were loaded when it started, so their 30d window
 * rule does not yet cover 30 days: the engine then reads the burn rates
 * from the rules and the window from the raw series ("Sloth, young").
 * Once a window has been recorded ("Sloth, whole window"), the engine sends
 * only the rule queries; those are replayed here as it would send them.
 *
 *   yarn tsx bench/slo-cost.ts [--rounds=20]
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { execFileSync } from 'node:child_process';
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
} from './lib';
import { RecordingProxy } from '../plugins/observability-backend/src/__testUtils__/RecordingProxy';
import { shopComponent } from '../plugins/observability-backend/src/__testUtils__/entities';

const ROUNDS = flag('rounds', 20);
const DAY_MS = 86_400_000;
const PYRRA_SLO = 'checkout-pyrra-availability';
const TOTAL = 'http_requests_total{namespace="shop",service="checkout"}';
const ERRORS =
  'http_requests_total{namespace="shop",service="checkout",status=~"5.."}';
const PYRRA_LABELS = { namespace: 'shop', service: 'checkout', slo: PYRRA_SLO };

const slo = (name: string) =>
  shopComponent(name, {
    'backstage.io/kubernetes-id': 'checkout',
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-window': '30d',
  });

/** Entity name → what the engine should report for it. */
const PATHS = [
  { label: 'raw series', entity: 'checkout-raw', source: 'raw' },
  // Named like the demo service, so the stack's generated Sloth rules apply.
  { label: 'Sloth, young', entity: 'checkout', source: 'recording-rules' },
  {
    label: 'Pyrra',
    entity: 'checkout-pyrra',
    source: 'pyrra-recording-rules',
  },
] as const;

type Replayable = { path: string; form: Record<string, string> };

async function loadPyrraRules(rulesDir: string) {
  const file = join(rulesDir, 'sightline-pyrra-bench.yml');
  const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '4d'];
  await writeFile(
    file,
    stringify({
      groups: [
        {
          name: `${PYRRA_SLO}-increase`,
          rules: [
            {
              record: 'http_requests:increase30d',
              expr: `sum by (status) (increase(${TOTAL}[30d]))`,
              labels: PYRRA_LABELS,
            },
          ],
        },
        {
          name: PYRRA_SLO,
          rules: windows.map(w => ({
            record: `http_requests:burnrate${w}`,
            expr: `sum(rate(${ERRORS}[${w}])) / sum(rate(${TOTAL}[${w}]))`,
            labels: PYRRA_LABELS,
          })),
        },
      ],
    }),
  );
  await fetch(`${PROMETHEUS}/-/reload`, { method: 'POST' });
  for (let i = 0; i < 60; i++) {
    const { body } = await prometheusPost(PROMETHEUS, '/api/v1/query', {
      query: `count(count by (__name__) ({__name__=~"http_requests:(increase|burnrate).+", slo="${PYRRA_SLO}"}))`,
    });
    // Both groups evaluated: the increase and every burn rate.
    if (Number(body.data.result[0]?.value[1]) === windows.length + 1) {
      return file;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error('the Pyrra rules were never evaluated');
}

/** The queries a covered Sloth window costs: the engine's rule-path queries. */
function slothWholeWindowQueries(atS: number): Replayable[] {
  const labels = 'sloth_service="checkout", sloth_slo="availability"';
  const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'];
  const end = Math.floor((atS * 1000) / DAY_MS) * DAY_MS;
  return [
    {
      path: '/api/v1/query',
      form: {
        query: `{__name__=~"${windows
          .map(w => `slo:sli_error:ratio_rate${w}`)
          .join('|')}", ${labels}}`,
        time: String(atS),
      },
    },
    {
      path: '/api/v1/query_range',
      form: {
        query: `slo:sli_error:ratio_rate1d{${labels}}`,
        start: String((end - 29 * DAY_MS) / 1000),
        end: String(end / 1000),
        step: '86400',
      },
    },
  ];
}

async function cost(queries: Replayable[]) {
  let execMs = 0;
  let samples = 0;
  for (const q of queries) {
    const { body } = await prometheusPost(PROMETHEUS, q.path, {
      ...q.form,
      stats: 'all',
    });
    execMs += body.data.stats.timings.execTotalTime * 1000;
    samples += body.data.stats.samples.totalQueryableSamples;
  }
  return { execMs, samples };
}

async function main() {
  const stack = JSON.parse(
    execFileSync(process.execPath, ['e2e/stack/index.mjs', 'ensure'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!,
  );
  const pyrraFile = await loadPyrraRules(join(stack.stateDir, 'rules'));
  const proxy = await new RecordingProxy(PROMETHEUS).start();
  try {
    // One instant for all paths: the latest whole second.
    const atS = Math.floor(Date.now() / 1000) - 1;
    const recorded: Array<{ label: string; queries: Replayable[] }> = [];
    for (const path of PATHS) {
      // A backend per path: its response cache must not answer for the next.
      const backend = await startBackend({
        prometheus: proxy.url,
        entities: [slo(path.entity)],
      });
      proxy.requests.length = 0;
      const { body } = await getJson(
        `${backend.baseUrl}${ENTITY_API}/${
          path.entity
        }/slos?at=${encodeURIComponent(new Date(atS * 1000).toISOString())}`,
      ).finally(() => backend.stop());
      const [evaluation] = body.slos;
      if (evaluation?.source !== path.source) {
        throw new Error(
          `${path.entity}: expected the ${path.source} path, got ${
            evaluation?.source
          } (${JSON.stringify(evaluation?.problems)})`,
        );
      }
      recorded.push({
        label: path.label,
        queries: proxy.requests.map(r => ({
          path: r.path,
          form: Object.fromEntries(r.params),
        })),
      });
    }
    recorded.push({
      label: 'Sloth, whole window (replayed)',
      queries: slothWholeWindowQueries(atS),
    });

    const rounds = new Map(
      recorded.map(r => [r.label, [] as { execMs: number; samples: number }[]]),
    );
    for (let i = 0; i < ROUNDS; i++) {
      for (const r of recorded)
        rounds.get(r.label)!.push(await cost(r.queries));
    }
    const median = (label: string) => {
      const runs = rounds.get(label)!;
      return {
        execMs: percentile(
          runs.map(x => x.execMs),
          0.5,
        ),
        samples: runs[0].samples,
      };
    };
    const baseline = median(PATHS[0].label);
    console.log(
      `SLO status cost, one availability SLO (30d) of checkout, ${ROUNDS} rounds, Prometheus at ${PROMETHEUS}`,
    );
    console.log(
      '| path | requests | Prometheus exec time (median) | vs raw | samples touched | vs raw |',
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of recorded) {
      const m = median(r.label);
      console.log(
        `| ${r.label} | ${r.queries.length} | ${fmtMs(m.execMs)} | ${ratio(
          m.execMs,
          baseline.execMs,
        )} | ${m.samples} | ${ratio(m.samples, baseline.samples)} |`,
      );
    }
  } finally {
    await proxy.stop();
    await rm(pyrraFile, { force: true });
    await fetch(`${PROMETHEUS}/-/reload`, { method: 'POST' });
  }
}

run(main);
