// Backfills 30 days of the demo services' metrics into a Prometheus data dir
// with `promtool tsdb create-blocks-from openmetrics` (and, when the stack
// runs it, into VictoriaMetrics through its import API), and writes the final
// cumulative values (baseline.json) from which the live workload continues,
// so counters neither reset nor leave a gap where history meets live data.
//
// Series names and labels are exactly those Prometheus stores for the live
// scrape: the exporters' names/labels (model.mjs seriesDefinitions) plus the
// target labels (job, instance, namespace, service, pod, container, endpoint)
// and `up`.
//
// Resolution: one sample per minute for the last `fullResolutionDays` days
// (default 7, env SIGHTLINE_BACKFILL_FULL_RES_DAYS) and one per 5 minutes
// before that. 5 minutes is the coarsest step at which an instant query still
// finds a sample everywhere (lookback 5m); rate() over older history needs a
// window of 10m or more. Why not 1-minute samples throughout: promtool ingests
// about 200k samples/s per core, so 30 days x 152 series at 1/min (6.6M
// samples) take ~35 s of CPU, while the default (~1.7M samples) takes a few
// seconds on two cores. SIGHTLINE_BACKFILL_FULL_RES_DAYS=30 gives 1/min
// throughout for whoever needs it.
//
// Usage as a script (normally start.mjs calls planBackfill/runBackfill):
//   node backfill.mjs --out DIR [--baseline FILE] [--anchor ISO|ms]
//                     [--port-base 9101] [--full-res-days 2]

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DAY_MS,
  KUBE_STATE_METRICS_JOB,
  MINUTE_MS,
  SERVICE_GRAPH_BUCKETS,
  SERVICE_GRAPH_EDGES,
  SERVICE_GRAPH_JOB,
  SERVICE_NAMES,
  SERVICES,
  createAccumulator,
  createServiceGraphAccumulator,
  exporterPort,
  exporterTargetLabels,
  historyWindow,
  kubeStateMetricsAt,
  releaseAt,
  serviceGraphLabels,
  servicePort,
  targetInfoAt,
  targetLabels,
} from '../workload/model.mjs';

const FIVE_MIN_MS = 5 * MINUTE_MS;

function escapeLabelValue(v) {
  return String(v)
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

function labelString(labels) {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
}

/**
 * Timestamps (ms) the backfill writes samples at, ascending: whole minutes
 * (or 5 minutes) from the window start to the last whole minute, plus the
 * anchor itself with the same values as that last minute, so the last
 * backfilled sample is the moment the live workload takes over.
 */
export function sampleTimes(anchorMs, fullResolutionDays = 2) {
  const { startMs, endMs } = historyWindow(anchorMs);
  const fullFrom = endMs - fullResolutionDays * DAY_MS;
  const times = [];
  for (let t = startMs; t <= endMs; t += MINUTE_MS) {
    if (t >= fullFrom || t % FIVE_MIN_MS === 0) times.push(t);
  }
  if (anchorMs > endMs) times.push(anchorMs);
  return times;
}

/**
 * Computes every sample in memory (typed arrays, ~25 MB) and the baseline for
 * the live workload. Cheap (well under a second), so start.mjs can launch the
 * workload before the slow promtool import runs.
 */
export function planBackfill({
  anchorMs,
  portBase = 9101,
  fullResolutionDays = 2,
}) {
  const { startMs, endMs } = historyWindow(anchorMs);
  const times = sampleTimes(anchorMs, fullResolutionDays);
  const n = times.length;
  // One entry per exported series (one per histogram bucket line too).
  const families = new Map(); // family -> { type, series: [{ name, labels, values }] }
  const baseline = {
    anchorMs,
    baselineAtMs: endMs,
    windowStartMs: startMs,
    services: {},
  };

  const addSeries = (family, type, name, labels) => {
    if (!families.has(family)) families.set(family, { type, series: [] });
    const s = { name, labels, values: new Float64Array(n) };
    families.get(family).series.push(s);
    return s.values;
  };

  const firstMinute = startMs / MINUTE_MS;
  const minutes = endMs / MINUTE_MS - firstMinute;
  const routeCounts = {};
  for (const service of SERVICE_NAMES) {
    const svc = SERVICES[service];
    const target = targetLabels(service, servicePort(service, portBase));
    const acc = createAccumulator(service, anchorMs);
    const defs = acc.definitions;
    // Per definition: the arrays to fill at each sample time.
    const sinks = defs.map(d => {
      const labels = { ...target, ...d.labels };
      if (d.type === 'histogram') {
        const les = [...svc.buckets.map(String), '+Inf'];
        return {
          buckets: les.map(le =>
            addSeries(d.family, 'histogram', `${d.family}_bucket`, {
              ...labels,
              le,
            }),
          ),
          count: addSeries(d.family, 'histogram', `${d.family}_count`, labels),
          sum: addSeries(d.family, 'histogram', `${d.family}_sum`, labels),
        };
      }
      const name = d.type === 'counter' ? `${d.family}_total` : d.family;
      return { value: addSeries(d.family, d.type, name, labels) };
    });
    const up = addSeries('up', 'gauge', 'up', target);
    up.fill(1);
    // Per route and minute: what the service graph's edges count again.
    const counts = svc.routes.map(() => ({
      requests: new Int32Array(minutes),
      errors: new Int32Array(minutes),
    }));
    routeCounts[service] = counts;

    let i = 0;
    for (let m = startMs / MINUTE_MS; ; m++) {
      const t = m * MINUTE_MS;
      // At endMs also fill the anchor sample (if any) with the same values.
      while (i < n && (times[i] === t || (t === endMs && times[i] > t))) {
        const vals = acc.values();
        defs.forEach((d, k) => {
          const sink = sinks[k];
          const v = vals[k];
          if (d.type === 'histogram') {
            v.buckets.forEach((c, b) => (sink.buckets[b][i] = c));
            sink.buckets[v.buckets.length][i] = v.count;
            sink.count[i] = v.count;
            sink.sum[i] = Math.round(v.sum * 1000) / 1000;
          } else {
            sink.value[i] = v;
          }
        });
        i++;
      }
      if (t >= endMs) break;
      acc.addMinute(m).forEach((r, ri) => {
        counts[ri].requests[m - firstMinute] = r.requests;
        counts[ri].errors[m - firstMinute] = r.errors;
      });
    }
    // Values at endMs (the last sample): where the live process continues.
    baseline.services[service] = defs.map((d, k) => {
      const v = acc.values()[k];
      if (d.type !== 'histogram') return { ...d, sources: undefined, value: v };
      return {
        ...d,
        sources: undefined,
        buckets: svc.buckets.map((le, b) => ({
          le: String(le),
          count: v.buckets[b],
        })),
        count: v.count,
        sum: Math.round(v.sum * 1000) / 1000,
      };
    });
  }
  baseline.serviceGraph = addCoarseFamilies({
    anchorMs,
    routeCounts,
    portBase,
    startMs,
    endMs,
    times,
    addSeries,
  });
  return { anchorMs, startMs, endMs, times, families, baseline };
}

/**
 * The series that change rarely or are many (kube-state-metrics, checkout's
 * and kbot's target_info, the service graph) get a sample every 5 minutes
 * (plus the last one): enough for instant queries (lookback 5m) and exact at
 * every rollout, which falls on a 5-minute boundary, at a third of the cost.
 * Other samples are NaN in the arrays and not written. A series that ends (a
 * replaced pod, an old version's target_info) has no staleness marker in
 * backfilled history, so queries still see it for up to 5 minutes after.
 * Returns the service graph's final values for the live generator.
 */
function addCoarseFamilies({
  anchorMs,
  routeCounts,
  portBase,
  startMs,
  endMs,
  times,
  addSeries,
}) {
  const n = times.length;
  const coarse = times.map((t, i) => t % FIVE_MIN_MS === 0 || i === n - 1);
  const sparse = new Map();
  const sinkOf = (name, labels) => {
    const key = `${name}{${labelString(labels)}}`;
    let values = sparse.get(key);
    if (!values) {
      values = addSeries(name, 'gauge', name, labels).fill(NaN);
      sparse.set(key, values);
    }
    return values;
  };
  const ksmTarget = exporterTargetLabels(
    KUBE_STATE_METRICS_JOB,
    exporterPort(KUBE_STATE_METRICS_JOB, portBase),
  );
  const sgTarget = exporterTargetLabels(
    SERVICE_GRAPH_JOB,
    exporterPort(SERVICE_GRAPH_JOB, portBase),
  );
  for (const target of [ksmTarget, sgTarget]) {
    addSeries('up', 'gauge', 'up', target).fill(1);
  }
  // checkout and kbot export target_info by hand; payments' OTel exporter
  // has it among seriesDefinitions (a constant). These gauges change only
  // when a release is created: resolve their series once per set of
  // releases, not at every sample.
  const infoServices = SERVICE_NAMES.filter(s => s !== 'payments');
  let stateKey;
  let gauges = [];
  times.forEach((t, i) => {
    if (!coarse[i]) return;
    const key = SERVICE_NAMES.map(
      s => releaseAt(s, t, anchorMs).revision,
    ).join();
    if (key !== stateKey) {
      stateKey = key;
      gauges = [
        ...infoServices.map(s => [
          sinkOf('target_info', {
            ...targetLabels(s, servicePort(s, portBase)),
            ...targetInfoAt(s, t, anchorMs),
          }),
          1,
        ]),
        ...kubeStateMetricsAt(t, anchorMs).map(m => [
          sinkOf(m.name, { ...ksmTarget, ...m.labels }),
          m.value,
        ]),
      ];
    }
    for (const [values, value] of gauges) values[i] = value;
  });

  const les = [...SERVICE_GRAPH_BUCKETS.map(String), '+Inf'];
  const histogramSinks = (family, labels) => ({
    buckets: les.map(le =>
      addSeries(family, 'histogram', `${family}_bucket`, {
        ...labels,
        le,
      }).fill(NaN),
    ),
    count: addSeries(family, 'histogram', `${family}_count`, labels).fill(NaN),
    sum: addSeries(family, 'histogram', `${family}_sum`, labels).fill(NaN),
  });
  const sinks = SERVICE_GRAPH_EDGES.map(e => {
    const labels = { ...sgTarget, ...serviceGraphLabels(e) };
    return {
      requests: addSeries(
        'traces_service_graph_request',
        'counter',
        'traces_service_graph_request_total',
        labels,
      ).fill(NaN),
      failed: addSeries(
        'traces_service_graph_request_failed',
        'counter',
        'traces_service_graph_request_failed_total',
        labels,
      ).fill(NaN),
      serverLatency: histogramSinks(
        'traces_service_graph_request_server_seconds',
        labels,
      ),
      clientLatency: histogramSinks(
        'traces_service_graph_request_client_seconds',
        labels,
      ),
    };
  });
  const acc = createServiceGraphAccumulator(anchorMs);
  const writeHistogram = (sink, h, i) => {
    h.buckets.forEach((c, b) => (sink.buckets[b][i] = c));
    sink.buckets[h.buckets.length][i] = h.count;
    sink.count[i] = h.count;
    sink.sum[i] = Math.round(h.sum * 1000) / 1000;
  };
  let i = 0;
  for (let m = startMs / MINUTE_MS; ; m++) {
    const t = m * MINUTE_MS;
    while (i < n && (times[i] === t || (t === endMs && times[i] > t))) {
      if (coarse[i]) {
        acc.values().forEach((v, k) => {
          sinks[k].requests[i] = v.requests;
          sinks[k].failed[i] = v.failed;
          writeHistogram(sinks[k].serverLatency, v.serverLatency, i);
          writeHistogram(sinks[k].clientLatency, v.clientLatency, i);
        });
      }
      i++;
    }
    if (t >= endMs) break;
    // The services' counts of the minute, as minuteStats gave them above.
    const k = m - startMs / MINUTE_MS;
    acc.addMinute(
      m,
      Object.fromEntries(
        SERVICE_NAMES.map(s => [
          s,
          routeCounts[s].map(c => ({
            requests: c.requests[k],
            errors: c.errors[k],
          })),
        ]),
      ),
    );
  }
  return acc.values().map((v, k) => ({
    ...serviceGraphLabels(SERVICE_GRAPH_EDGES[k]),
    requests: v.requests,
    failed: v.failed,
    serverLatency: {
      ...v.serverLatency,
      sum: Math.round(v.serverLatency.sum * 1000) / 1000,
    },
    clientLatency: {
      ...v.clientLatency,
      sum: Math.round(v.clientLatency.sum * 1000) / 1000,
    },
  }));
}

/**
 * Writes samples [from, to) of every series as one OpenMetrics file: families
 * not interleaved, each series' samples in time order, histogram points as
 * buckets then _count and _sum, timestamps in seconds, `# EOF` at the end.
 */
function writeChunk(plan, from, to, file) {
  const fd = fs.openSync(file, 'w');
  let buf = [];
  let size = 0;
  const flush = () => {
    fs.writeSync(fd, buf.join(''));
    buf = [];
    size = 0;
  };
  const push = s => {
    buf.push(s);
    size += s.length;
    if (size > 4 << 20) flush();
  };
  const ts = plan.times.map(t => String(t / 1000)); // seconds, ms as decimals
  let samples = 0;
  for (const [family, { type, series }] of plan.families) {
    push(`# TYPE ${family} ${type}\n`);
    if (type === 'histogram') {
      // Group a histogram's lines by label set (without le) into points.
      const groups = new Map();
      for (const s of series) {
        const { le, ...rest } = s.labels;
        const key = labelString(rest);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(s);
      }
      for (const members of groups.values()) {
        const prefixes = members.map(
          s => `${s.name}{${labelString(s.labels)}} `,
        );
        for (let i = from; i < to; i++) {
          // A point is absent (NaN) in all of its lines or in none.
          if (Number.isNaN(members[0].values[i])) continue;
          for (let k = 0; k < members.length; k++) {
            push(`${prefixes[k]}${members[k].values[i]} ${ts[i]}\n`);
          }
          samples += members.length;
        }
      }
    } else {
      for (const s of series) {
        const prefix = `${s.name}{${labelString(s.labels)}} `;
        for (let i = from; i < to; i++) {
          if (Number.isNaN(s.values[i])) continue;
          push(`${prefix}${s.values[i]} ${ts[i]}\n`);
          samples += 1;
        }
      }
    }
  }
  push('# EOF\n');
  flush();
  fs.closeSync(fd);
  return samples;
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', d => (err = (err + d).slice(-4000)));
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${path.basename(cmd)} ${args.join(
                ' ',
              )} exited ${code}: ${err.trim()}`,
            ),
          ),
    );
  });
}

/** The plan's sample indexes split by time into `chunks` [from, to) ranges. */
function chunkRanges(plan, chunks) {
  const n = plan.times.length;
  const k = Math.max(
    1,
    Math.min(chunks ?? os.availableParallelism?.() ?? 2, 4, n),
  );
  return Array.from({ length: k }, (_, c) => [
    Math.floor((c * n) / k),
    Math.floor(((c + 1) * n) / k),
  ]);
}

function seriesCount(plan) {
  let series = 0;
  for (const f of plan.families.values()) series += f.series.length;
  return series;
}

/**
 * Writes the plan as OpenMetrics chunks (split by time, one per CPU, so the
 * blocks do not overlap) and imports each with its own promtool, in parallel.
 */
export async function runBackfill(
  plan,
  { dataDir, workDir, promtool, chunks },
) {
  const ranges = chunkRanges(plan, chunks);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(workDir, { recursive: true });
  const jobs = [];
  let samples = 0;
  let bytes = 0;
  for (const [c, [from, to]] of ranges.entries()) {
    const file = path.join(workDir, `chunk-${c}.om`);
    samples += writeChunk(plan, from, to, file);
    bytes += fs.statSync(file).size;
    // One block per chunk: the largest block range promtool knows (~4.5 y),
    // so it reads each file once instead of once per 2 h window.
    jobs.push(
      run(promtool, [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--max-block-duration=39366h',
        '-q',
        file,
        dataDir,
      ]).then(() => fs.rmSync(file, { force: true })),
    );
  }
  const results = await Promise.allSettled(jobs);
  const failed = results.find(r => r.status === 'rejected');
  if (failed) throw failed.reason;
  fs.rmSync(workDir, { recursive: true, force: true });
  return {
    samples,
    series: seriesCount(plan),
    bytes,
    chunks: ranges.length,
  };
}

/** POSTs a file to a URL, resolving to the response (status and body). */
function postFile(url, file) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-length': fs.statSync(file).size },
      },
      res => {
        let body = '';
        res.on('data', d => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      },
    );
    req.on('error', reject);
    fs.createReadStream(file).on('error', reject).pipe(req);
  });
}

/**
 * Imports the same samples into VictoriaMetrics through its Prometheus text
 * import API (`/api/v1/import/prometheus`, which takes the OpenMetrics chunks
 * as they are: timestamps in seconds, comments ignored), then flushes them so
 * that queries see them at once.
 */
export async function importIntoVictoriaMetrics(
  plan,
  { url, workDir, chunks },
) {
  fs.mkdirSync(workDir, { recursive: true });
  let samples = 0;
  const results = await Promise.allSettled(
    chunkRanges(plan, chunks).map(async ([from, to], c) => {
      const file = path.join(workDir, `vm-chunk-${c}.om`);
      samples += writeChunk(plan, from, to, file);
      const res = await postFile(`${url}/api/v1/import/prometheus`, file);
      fs.rmSync(file, { force: true });
      if (res.status !== 204) {
        throw new Error(
          `VictoriaMetrics refused the import of ${path.basename(file)}: ` +
            `HTTP ${res.status} ${res.body.slice(0, 500)}`,
        );
      }
    }),
  );
  const failed = results.find(r => r.status === 'rejected');
  if (failed) throw failed.reason;
  fs.rmSync(workDir, { recursive: true, force: true });
  // Imported data is searchable only after its in-memory parts are flushed;
  // the rollup cache must not keep answers computed before the import.
  for (const endpoint of ['force_flush', 'resetRollupResultCache']) {
    const res = await postFile(`${url}/internal/${endpoint}`, '/dev/null');
    if (res.status !== 200) {
      throw new Error(
        `VictoriaMetrics /internal/${endpoint}: HTTP ${res.status}`,
      );
    }
  }
  return { samples, series: seriesCount(plan) };
}

// ---------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      baseline: { type: 'string' },
      anchor: { type: 'string' },
      'port-base': { type: 'string', default: '9101' },
      'full-res-days': { type: 'string', default: '2' },
      promtool: {
        type: 'string',
        default: process.env.PROMTOOL_BIN || 'promtool',
      },
    },
  });
  if (!values.out) {
    console.error(
      'usage: node backfill.mjs --out DATA_DIR [--baseline FILE] [--anchor ISO|ms]',
    );
    process.exit(2);
  }
  const anchorMs = values.anchor
    ? /^\d+$/.test(values.anchor)
      ? Number(values.anchor)
      : Date.parse(values.anchor)
    : Date.now();
  const t0 = Date.now();
  const plan = planBackfill({
    anchorMs,
    portBase: Number(values['port-base']),
    fullResolutionDays: Number(values['full-res-days']),
  });
  if (values.baseline) {
    fs.mkdirSync(path.dirname(values.baseline), { recursive: true });
    fs.writeFileSync(
      values.baseline,
      `${JSON.stringify(plan.baseline, null, 2)}\n`,
    );
  }
  const res = await runBackfill(plan, {
    dataDir: values.out,
    workDir: path.join(values.out, '.backfill-tmp'),
    promtool: values.promtool,
  });
  console.log(
    `backfilled ${res.series} series, ${res.samples} samples ` +
      `(${new Date(plan.startMs).toISOString()} .. ${new Date(
        plan.endMs,
      ).toISOString()}) ` +
      `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().catch(e => {
    console.error(`backfill: ${e.message}`);
    process.exit(1);
  });
}
