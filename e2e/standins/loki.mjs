// STAND-IN for Grafana Loki — not Loki. Loki cannot run on the machines this
// project is developed on, so this serves the part of the documented Loki
// HTTP API (https://grafana.com/docs/loki/latest/reference/loki-http-api/)
// that the Sightline backend sends, from the demo workload's own log files:
//
//   GET|POST /loki/api/v1/query_range   query, start, end (ns, s or RFC 3339),
//            limit (≤ 5000), direction (forward|backward), step
//            → {"status":"success","data":{"resultType":"streams"|"matrix","result":[...],"stats":{...}}}
//   GET      /ready                      → "ready"
//   GET      /loki/api/v1/labels         → {"status":"success","data":[...]}
//   GET|POST /loki/api/v1/series         match[] (one or more stream selectors), start, end
//            → {"status":"success","data":[{label set of each matching stream}]}
//   GET      /loki/api/v1/label/<name>/values   start, end → {"status":"success","data":[...]}
//
// Each <stateDir>/logs/<service>.jsonl is one stream labelled as a Kubernetes
// log collector (Promtail, Alloy) labels a container's logs:
// {namespace="shop", app, service, pod, container}; the line is the JSON the
// service wrote and the entry's time is its `ts`. LogQL is parsed with
// @grafana/lezer-logql (see logql.mjs for the subset evaluated); anything
// else answers 400 with a plain-text body, as Loki does.
//
//   node e2e/standins/loki.mjs --port 3100 --state-dir e2e/.stack

import path from 'node:path';
import {
  JsonlTail,
  isMain,
  json,
  lowerBound,
  parseDurationMs,
  standinArgs,
  startStandin,
  text,
} from './lib.mjs';
import {
  LogQLError,
  labelsString,
  matchesSelector,
  parseLogQL,
  runPipeline,
} from './logql.mjs';

const MAX_ENTRIES = 5000; // Loki's default max_entries_limit_per_query
const MAX_POINTS = 11_000;

/** Pods and namespace of the demo services (e2e/workload/model.mjs). */
async function workloadPods() {
  try {
    const model = await import('../workload/model.mjs');
    return {
      namespace: model.NAMESPACE,
      pods: Object.fromEntries(
        Object.entries(model.SERVICES).map(([s, v]) => [s, v.pod]),
      ),
    };
  } catch {
    return { namespace: 'shop', pods: {} };
  }
}

/** Entry times in ms; `ns` keeps the exact nanosecond string Loki answers with. */
export class LogStore {
  constructor(logsDir, { namespace, pods, maxEntries }) {
    this.streams = new Map(); // service -> { labels, entries: [{ ms, ns, line }] }
    this.maxEntries = maxEntries;
    this.total = 0;
    this.tail = new JsonlTail(logsDir, {
      onRecord: (service, record, line) => this.add(service, record, line),
      onReset: service => this.streams.delete(service),
    });
    this.labelsFor = service => ({
      namespace,
      app: service,
      service,
      pod: pods[service] ?? `${service}-0`,
      container: service,
    });
  }

  add(service, record, line) {
    const ms = Date.parse(record.ts);
    if (!Number.isFinite(ms)) return;
    let stream = this.streams.get(service);
    if (!stream) {
      stream = { labels: this.labelsFor(service), entries: [] };
      this.streams.set(service, stream);
    }
    const entry = { ms, ns: `${ms}000000`, line };
    const { entries } = stream;
    if (!entries.length || entries[entries.length - 1].ms <= ms)
      entries.push(entry);
    else
      entries.splice(
        lowerBound(entries, ms + 1, e => e.ms),
        0,
        entry,
      );
    this.total += 1;
    if (this.total > this.maxEntries) this.evictOldest();
  }

  /** Drops the oldest tenth across streams, as retention would. */
  evictOldest() {
    const all = [...this.streams.values()]
      .flatMap(s => s.entries.map(e => e.ms))
      .sort((a, b) => a - b);
    const cutoff = all[Math.floor(all.length / 10)];
    this.total = 0;
    for (const s of this.streams.values()) {
      s.entries = s.entries.slice(lowerBound(s.entries, cutoff, e => e.ms));
      this.total += s.entries.length;
    }
  }

  refresh() {
    this.tail.refresh();
  }
}

/** Loki accepts nanoseconds, (fractional) seconds or RFC 3339. */
function parseTime(value, fallbackMs, name) {
  if (value === undefined || value === '') return fallbackMs;
  if (/^\d+$/.test(value)) {
    return value.length > 12
      ? Number(BigInt(value) / 1_000_000n)
      : Number(value) * 1000;
  }
  if (/^\d+\.\d+$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new LogQLError(
      `invalid parameter "${name}": cannot parse "${value}" to a valid timestamp`,
    );
  }
  return ms;
}

function parseStep(value, startMs, endMs) {
  if (value === undefined || value === '') {
    // Loki's default: (end - start) / 250, at least one second.
    return Math.max(1000, Math.floor((endMs - startMs) / 250 / 1000) * 1000);
  }
  const ms = /^\d+(\.\d+)?$/.test(value)
    ? Number(value) * 1000
    : parseDurationMs(value);
  if (!ms || ms <= 0) {
    throw new LogQLError(
      `invalid parameter "step": cannot parse "${value}" to a valid duration`,
    );
  }
  return ms;
}

function logQuery(store, expr, { startMs, endMs, limit, direction }) {
  const picked = [];
  for (const stream of store.streams.values()) {
    if (!matchesSelector(expr.selector, stream.labels)) continue;
    const { entries } = stream;
    const from = lowerBound(entries, startMs, e => e.ms);
    const to = lowerBound(entries, endMs, e => e.ms); // end is exclusive
    let found = 0;
    const visit = i => {
      const labels = runPipeline(expr.pipeline, stream.labels, entries[i].line);
      if (!labels) return;
      picked.push({ entry: entries[i], labels });
      found += 1;
    };
    // The global top `limit` is within each stream's top `limit`.
    if (direction === 'forward')
      for (let i = from; i < to && found < limit; i++) visit(i);
    else for (let i = to - 1; i >= from && found < limit; i--) visit(i);
  }
  picked.sort((a, b) =>
    direction === 'forward' ? a.entry.ms - b.entry.ms : b.entry.ms - a.entry.ms,
  );
  const kept = picked.slice(0, limit);
  const byLabels = new Map();
  for (const { entry, labels } of kept) {
    const key = labelsString(labels);
    if (!byLabels.has(key)) byLabels.set(key, { stream: labels, values: [] });
    byLabels.get(key).values.push([entry.ns, entry.line]);
  }
  return {
    resultType: 'streams',
    result: [...byLabels.values()],
    lines: kept.length,
  };
}

function metricQuery(store, expr, { startMs, endMs, stepMs }) {
  const range = expr.type === 'sum' ? expr.arg : expr;
  const { rangeMs, log } = range;
  // Every entry that passes the pipeline, by output label set.
  const series = new Map();
  for (const stream of store.streams.values()) {
    if (!matchesSelector(log.selector, stream.labels)) continue;
    const { entries } = stream;
    const from = lowerBound(entries, startMs - rangeMs + 1, e => e.ms);
    const to = lowerBound(entries, endMs + 1, e => e.ms);
    for (let i = from; i < to; i++) {
      const labels = runPipeline(log.pipeline, stream.labels, entries[i].line);
      if (!labels) continue;
      if (labels.__error__ !== undefined) {
        throw new LogQLError(
          `pipeline error: '${labels.__error__}' for series: '${labelsString(
            labels,
          )}'.\n` +
            `Use a label filter to intentionally skip this error. (e.g | __error__!="${labels.__error__}").\n` +
            'To skip all potential errors you can match empty errors.(e.g __error__="")\n' +
            'The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__="" )\n',
        );
      }
      let out = labels;
      if (expr.type === 'sum') {
        const { grouping } = expr;
        if (!grouping) out = {};
        else if (grouping.mode === 'by') {
          out = Object.fromEntries(
            grouping.labels
              .filter(l => labels[l] !== undefined)
              .map(l => [l, labels[l]]),
          );
        } else {
          out = { ...labels };
          for (const l of grouping.labels) delete out[l];
        }
      }
      const key = labelsString(out);
      if (!series.has(key)) series.set(key, { metric: out, times: [] });
      series.get(key).times.push(entries[i].ms);
    }
  }
  const result = [];
  for (const { metric, times } of series.values()) {
    times.sort((a, b) => a - b);
    const values = [];
    for (let t = startMs; t <= endMs; t += stepMs) {
      // count_over_time counts entries in (t - range, t].
      const n =
        lowerBound(times, t + 1, x => x) -
        lowerBound(times, t - rangeMs + 1, x => x);
      if (n === 0) continue;
      const v = range.op === 'rate' ? n / (rangeMs / 1000) : n;
      values.push([t / 1000, String(v)]);
    }
    if (values.length) result.push({ metric, values });
  }
  return { resultType: 'matrix', result };
}

function queryRange(store, params) {
  const get = name => params.find(([k]) => k === name)?.[1];
  const now = Date.now();
  const endMs = parseTime(get('end'), now, 'end');
  const startMs = parseTime(get('start'), endMs - 3_600_000, 'start');
  if (endMs < startMs) {
    throw new LogQLError(
      'invalid parameter "end": end timestamp must not be before or equal to start time',
    );
  }
  const limitRaw = get('limit') ?? '100';
  const limit = Number(limitRaw);
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new LogQLError(
      `invalid parameter "limit": cannot parse "${limitRaw}" to a valid positive integer`,
    );
  }
  if (limit > MAX_ENTRIES) {
    throw new LogQLError(
      `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${MAX_ENTRIES})`,
    );
  }
  const direction = (get('direction') ?? 'backward').toLowerCase();
  if (direction !== 'forward' && direction !== 'backward') {
    throw new LogQLError(
      `invalid parameter "direction": invalid direction '${get('direction')}'`,
    );
  }
  const expr = parseLogQL(get('query'));
  store.refresh();
  const started = performance.now();
  let data;
  if (expr.type === 'log') {
    data = logQuery(store, expr, { startMs, endMs, limit, direction });
  } else {
    const stepMs = parseStep(get('step'), startMs, endMs);
    if ((endMs - startMs) / stepMs > MAX_POINTS) {
      throw new LogQLError(
        'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
      );
    }
    data = metricQuery(store, expr, { startMs, endMs, stepMs });
  }
  const execTime = (performance.now() - started) / 1000;
  return {
    status: 'success',
    data: {
      resultType: data.resultType,
      result: data.result,
      stats: { summary: { execTime, totalEntriesReturned: data.lines ?? 0 } },
    },
  };
}

/** Streams with entries between `start` and `end` (default: the last hour). */
function streamsInRange(store, params) {
  const get = name => params.find(([k]) => k === name)?.[1];
  const endMs = parseTime(get('end'), Date.now(), 'end');
  const startMs = parseTime(get('start'), endMs - 3_600_000, 'start');
  store.refresh();
  return [...store.streams.values()].filter(s =>
    s.entries.some(e => e.ms >= startMs && e.ms <= endMs),
  );
}

/** `/loki/api/v1/series`: the label sets of streams matching any `match[]`. */
function series(store, params) {
  const matches = params.filter(([k]) => k === 'match[]').map(([, v]) => v);
  if (matches.length === 0) {
    throw new LogQLError('at least one match[] argument must be provided');
  }
  const selectors = matches.map(m => {
    const expr = parseLogQL(m);
    if (expr.type !== 'log' || expr.pipeline.length > 0) {
      throw new LogQLError(
        `parse error : only stream selectors are allowed in match[]: ${m}`,
      );
    }
    return expr.selector;
  });
  return {
    status: 'success',
    data: streamsInRange(store, params)
      .filter(s => selectors.some(sel => matchesSelector(sel, s.labels)))
      .map(s => ({ ...s.labels })),
  };
}

/** A JSON answer, or Loki's plain-text 400 for a query it refuses. */
function answer(compute) {
  try {
    return json(200, compute());
  } catch (e) {
    if (e instanceof LogQLError) return text(400, e.message);
    throw e;
  }
}

export async function startLoki({
  port,
  host,
  stateDir,
  maxEntries = 500_000,
}) {
  const store = new LogStore(path.join(stateDir, 'logs'), {
    ...(await workloadPods()),
    maxEntries,
  });
  store.refresh();
  return startStandin({
    name: 'loki',
    host,
    port,
    handle: ({ req, url, params }) => {
      if (url.pathname === '/ready') return text(200, 'ready\n');
      if (url.pathname === '/loki/api/v1/labels') {
        store.refresh();
        const names = new Set(
          [...store.streams.values()].flatMap(s => Object.keys(s.labels)),
        );
        return json(200, { status: 'success', data: [...names].sort() });
      }
      const isQuery = req.method === 'GET' || req.method === 'POST';
      if (url.pathname === '/loki/api/v1/series' && isQuery) {
        return answer(() => series(store, params));
      }
      const labelValues = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(
        url.pathname,
      );
      if (labelValues && req.method === 'GET') {
        return answer(() => {
          const name = decodeURIComponent(labelValues[1]);
          const values = new Set(
            streamsInRange(store, params)
              .map(s => s.labels[name])
              .filter(v => v !== undefined),
          );
          return { status: 'success', data: [...values].sort() };
        });
      }
      if (url.pathname === '/loki/api/v1/query_range' && isQuery) {
        return answer(() => queryRange(store, params));
      }
      return undefined;
    },
  });
}

if (isMain(import.meta.url)) {
  const args = standinArgs({
    defaultPort: 3100,
    envName: 'SIGHTLINE_LOKI_PORT',
    options: { 'max-entries': { type: 'string' } },
  });
  await startLoki({
    ...args,
    maxEntries: Number(args['max-entries'] ?? 500_000),
  });
}
