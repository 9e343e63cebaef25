/**
 * Hot paths, each against a stated baseline measured in the same run:
 * - a 10,000-span Tempo trace: its spans (tempoTraceToSpans, after
 *   JSON.parse) and its span tree (buildSpanTree) vs JSON.parse of the payload;
 * - parsing 5,000 log lines (parseLogLine: JSON, logfmt and plain text)
 *   vs JSON.parse of each line;
 * - generating monitoring for 1,000 entities (generateMonitoring)
 *   vs YAML-serialising the objects it produced (yaml's stringify).
 * Medians of repeated runs.
 *
 *   node bench/hot-paths.mjs [--repeat=15]
 *
 * Plain Node with tsx's namespaced loader rather than `yarn tsx`: the
 * generators validate with an ES-module-only package that Node loads
 * natively, and a global tsx hook would turn it into CommonJS and fail.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';
import { parse, stringify } from 'yaml';

const require = createRequire(import.meta.url);
const ts = register({ namespace: 'hot-paths' });
const { buildSpanTree } = ts.require(
  '@sightline/plugin-observability-common',
  import.meta.url,
);
const { parseLogLine } = ts.require(
  '../plugins/observability-backend/src/logs/logParsing.ts',
  import.meta.url,
);
const { tempoTraceToSpans } = ts.require(
  '../plugins/observability-backend/src/traces/tempo/tempoJson.ts',
  import.meta.url,
);
const { generateMonitoring } = ts.require(
  '@sightline/plugin-observability-node',
  import.meta.url,
);
const lib = ts.require('./lib.ts', import.meta.url);
const { flag, fmtMs, percentile, ratio } = lib;

const REPEAT = flag('repeat', 15);

/** Median milliseconds of `fn` over REPEAT runs (after one warm-up). */
function median(fn, repeat = REPEAT) {
  fn();
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return percentile(times, 0.5);
}

const hex = (n, width) => n.toString(16).padStart(width, '0').slice(-width);

/** A Tempo v2 trace of `count` spans over 5 services, each span's parent an earlier span. */
function tempoTrace(count) {
  const traceId = hex(0xabcdef, 32);
  const startNs = 1_700_000_000_000_000_000n;
  const services = ['checkout', 'payments', 'kbot', 'cart', 'db'];
  const resourceSpans = services.map((service, s) => ({
    resource: {
      attributes: [{ key: 'service.name', value: { stringValue: service } }],
    },
    scopeSpans: [
      {
        scope: { name: 'bench' },
        spans: Array.from({ length: count / services.length }, (_, k) => {
          const i = k * services.length + s;
          const parent = i === 0 ? undefined : Math.floor((i - 1) / 4);
          return {
            traceId,
            spanId: hex(i + 1, 16),
            ...(parent === undefined
              ? {}
              : { parentSpanId: hex(parent + 1, 16) }),
            name: `GET /route/${i % 37}`,
            kind: 2,
            startTimeUnixNano: String(startNs + BigInt(i) * 1000n),
            endTimeUnixNano: String(startNs + BigInt(i) * 1000n + 500_000n),
            attributes: [
              { key: 'http.status_code', value: { intValue: '200' } },
              { key: 'http.route', value: { stringValue: `/route/${i % 37}` } },
            ],
            status: { code: i % 50 === 0 ? 2 : 1 },
          };
        }),
      },
    ],
  }));
  return JSON.stringify({ trace: { resourceSpans } });
}

/** 5,000 lines as the demo workload writes them, with logfmt and plain text mixed in. */
function logLines(count) {
  return Array.from({ length: count }, (_, i) => {
    const traceId = hex(i * 7919, 32);
    if (i % 10 < 6) {
      return JSON.stringify({
        level: i % 17 === 0 ? 'error' : 'info',
        time: 1_700_000_000_000 + i,
        msg: `handled GET /cart/${i}`,
        trace_id: traceId,
        span_id: hex(i, 16),
        status: 200,
      });
    }
    if (i % 10 < 9) {
      return `ts=2026-11-21T10:00:00Z level=warn msg="slow call to payments" duration=${i}ms traceID=${traceId}`;
    }
    return `2026-11-21 10:00:00 ERROR payment declined for order ${i} trace_id=${traceId}`;
  });
}

function main() {
  const tracePayload = tempoTrace(10_000);
  const traceParse = median(() => JSON.parse(tracePayload));
  const traceSpans = median(() => tempoTraceToSpans(JSON.parse(tracePayload)));
  const spans = tempoTraceToSpans(JSON.parse(tracePayload));
  const traceTree = median(() => buildSpanTree(spans));

  const lines = logLines(5_000);
  const logsParse = median(() => {
    for (const line of lines) {
      try {
        JSON.parse(line);
      } catch {
        // not JSON: the baseline gives up where parseLogLine tries logfmt
      }
    }
  });
  const logsParsed = median(() => {
    for (const line of lines) parseLogLine(line, { app: 'checkout' });
  });

  // The kbot golden case of the generators' tests (seed 000), renamed 1,000 times.
  const kbot = parse(
    readFileSync(
      require.resolve(
        '../plugins/observability-node/src/generators/__fixtures__/kbot.entity.yaml',
      ),
      'utf8',
    ),
  );
  const options = {
    prometheusOperator: {
      ruleLabels: { release: 'kube-prometheus-stack' },
      monitorLabels: { release: 'kube-prometheus-stack' },
    },
    monitor: { port: 'http' },
    rules: { runbookBaseUrl: 'https://runbooks.example.com/kbot' },
    dashboard: { delivery: { type: 'configmap', namespace: 'monitoring' } },
  };
  const inputs = Array.from({ length: 1_000 }, (_, i) => ({
    entity: { ...kbot, metadata: { ...kbot.metadata, name: `svc-${i}` } },
    histogramBuckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }));
  const results = inputs.map(input => generateMonitoring(input, options));
  // Seconds per run: three runs are enough for a median.
  const yamlOnly = median(() => {
    for (const result of results) stringify(result.objects);
  }, 3);
  const generate = median(() => {
    for (const input of inputs) generateMonitoring(input, options);
  }, 3);

  const row = (name, value, baselineName, baseline) =>
    `${name.padEnd(46)} ${fmtMs(value).padStart(10)}  = ${ratio(
      value,
      baseline,
    ).padStart(7)} ${baselineName} (${fmtMs(baseline)})`;
  console.log(`Hot paths (median of ${REPEAT} runs; 3 for monitoring)`);
  console.log(
    row(
      'Tempo JSON → 10,000 spans',
      traceSpans,
      'JSON.parse of the trace',
      traceParse,
    ),
  );
  console.log(
    row(
      'span tree of those 10,000 spans',
      traceTree,
      'JSON.parse of the trace',
      traceParse,
    ),
  );
  console.log(
    row(
      'parse 5,000 log lines',
      logsParsed,
      'JSON.parse of each line',
      logsParse,
    ),
  );
  console.log(
    row(
      'generate monitoring, 1,000 entities',
      generate,
      'YAML of the same objects',
      yamlOnly,
    ),
  );
}

main();
