// The traffic model of the demo workload: pure, deterministic, no I/O.
//
// The 30-day backfill, the live services and the tests all import this one
// module, so history and live traffic have the same shape and a test can
// recompute any backfilled value independently (see README.md).
//
// Time is cut into UTC minutes (minute index = floor(ms / 60000)). For every
// minute, service and route the model gives an integer request count, an
// integer error count and integer histogram bucket counts. Randomness comes
// from a hash of (service, route, stream, minute), never from Math.random, so
// the same minute always has the same numbers, whatever the stack's start time.
// Only the incident windows move with the stack's start time ("anchor").
//
// Keep this file free of `import.meta`, top-level await and imports: Jest
// (SWC, CommonJS) loads it too.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Kubernetes namespace of all demo services. */
export const NAMESPACE = 'shop';
/** Days of history the backfill writes before the stack's start. */
export const HISTORY_DAYS = 30;

/** prom-client buckets of checkout; 0.3 is there so "99% < 300ms" is a valid SLO. */
export const HTTP_BUCKETS = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5, 10,
]);
/** Boundaries the OTel HTTP semantic conventions advise for http.server.request.duration. */
export const OTEL_HTTP_BUCKETS = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);
/** Go client_golang DefBuckets, what a Go Telegram bot gets by default. */
export const KBOT_BUCKETS = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Steady error ratio of checkout and payments outside incidents. */
const HTTP_BASELINE_ERROR_RATIO = 0.0003;

// Latency is log-normal per route and outcome: `median` seconds, `sigma` of ln.
const SERVICE_LIST = [
  {
    name: 'checkout',
    index: 0,
    library: 'prom-client',
    version: '2.3.1',
    pod: 'checkout-7c9f6d5b8-x2k9p',
    okStatus: '200',
    errorStatus: '500',
    baselineErrorRatio: HTTP_BASELINE_ERROR_RATIO,
    buckets: HTTP_BUCKETS,
    routes: [
      {
        key: 'cart',
        method: 'GET',
        route: '/api/cart',
        rps: 5.6,
        ok: { median: 0.025, sigma: 0.5 },
        error: { median: 0.04, sigma: 0.6 },
      },
      {
        key: 'checkout',
        method: 'POST',
        route: '/api/checkout',
        rps: 2.4,
        ok: { median: 0.11, sigma: 0.45 },
        error: { median: 0.15, sigma: 0.6 },
      },
    ],
  },
  {
    name: 'payments',
    index: 1,
    library: 'opentelemetry',
    version: '1.8.0',
    pod: 'payments-5d8b7f9c6-m4q7z',
    okStatus: '200',
    errorStatus: '503',
    baselineErrorRatio: HTTP_BASELINE_ERROR_RATIO,
    buckets: OTEL_HTTP_BUCKETS,
    routes: [
      {
        // Only checkout calls this one: one payment per checkout request.
        key: 'pay',
        method: 'POST',
        route: '/api/payments',
        drivenBy: { service: 'checkout', route: 'checkout' },
        ok: { median: 0.08, sigma: 0.4 },
        error: { median: 0.25, sigma: 0.5 },
      },
      {
        key: 'status',
        method: 'GET',
        route: '/api/payments/:id',
        rps: 1.6,
        ok: { median: 0.015, sigma: 0.5 },
        error: { median: 0.02, sigma: 0.5 },
      },
    ],
  },
  {
    name: 'kbot',
    index: 2,
    library: 'prom-client',
    version: '1.4.2',
    pod: 'kbot-6b7d9c8f5-t8w3n',
    okStatus: 'ok',
    errorStatus: 'error',
    baselineErrorRatio: 0.002,
    buckets: KBOT_BUCKETS,
    routes: [
      {
        key: 'message',
        method: 'POST',
        route: '/webhook',
        rps: 3,
        ok: { median: 0.15, sigma: 0.6 },
        error: { median: 0.6, sigma: 0.5 },
      },
    ],
  },
];

function deepFreeze(o) {
  for (const v of Object.values(o)) {
    if (v && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v);
  }
  return Object.freeze(o);
}

/** The three demo services (catalog entity name = service name). */
export const SERVICES = deepFreeze(
  Object.fromEntries(SERVICE_LIST.map(s => [s.name, s])),
);
export const SERVICE_NAMES = Object.freeze(SERVICE_LIST.map(s => s.name));

/** Default local port of each service (SIGHTLINE_WORKLOAD_PORT_BASE + offset). */
export function servicePort(service, portBase = 9101) {
  return portBase + getService(service).index;
}

function getService(service) {
  const svc = typeof service === 'string' ? SERVICES[service] : service;
  if (!svc) throw new Error(`unknown demo service: ${service}`);
  return svc;
}

function getRoute(svc, routeKey) {
  const r = svc.routes.find(x => x.key === routeKey);
  if (!r) throw new Error(`unknown route ${routeKey} of ${svc.name}`);
  return r;
}

// ---------------------------------------------------------------------------
// Incidents (relative to the anchor = the stack's start time)

/**
 * The model's incident windows for a given anchor (ms):
 * - checkout: 20% errors from 02:00 to 04:00 UTC on the calendar day three
 *   days before the anchor's day (a night-time incident, so its share of the
 *   30-day error budget does not depend much on the hour the stack starts);
 * - payments: 4% errors from 6 hours before the anchor (minute-aligned) on,
 *   without end: it keeps burning its error budget while the stack runs.
 */
export function incidentWindows(anchorMs) {
  const anchorDay = Math.floor(anchorMs / DAY_MS) * DAY_MS;
  const checkoutStart = anchorDay - 3 * DAY_MS + 2 * HOUR_MS;
  const paymentsStart =
    Math.floor(anchorMs / MINUTE_MS) * MINUTE_MS - 6 * HOUR_MS;
  return {
    checkout: {
      startMs: checkoutStart,
      endMs: checkoutStart + 2 * HOUR_MS,
      errorRatio: 0.2,
    },
    payments: { startMs: paymentsStart, endMs: Infinity, errorRatio: 0.04 },
  };
}

/** Probability that a request of `service` at time `tMs` fails. */
export function errorRatioAt(service, tMs, anchorMs) {
  const svc = getService(service);
  const inc = incidentWindows(anchorMs)[svc.name];
  if (inc && tMs >= inc.startMs && tMs < inc.endMs) return inc.errorRatio;
  return svc.baselineErrorRatio;
}

// ---------------------------------------------------------------------------
// Deterministic pseudo-randomness

/** 32-bit hash of four integers (murmur3 finalizer per step), as a float in [0, 1). */
export function hashUniform(a, b, c, d) {
  let h = 0x2545f491;
  for (const x of [a, b, c, d]) {
    let k = Math.imul(x | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Seeded PRNG for the live services (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Streams of hashUniform(service, route, STREAM, minute).
const S_NOISE = 1;
const S_COUNT = 2;
const S_ERRORS = 3;
const S_OK_BUCKETS = 4;
const S_ERR_BUCKETS = 5;

// ---------------------------------------------------------------------------
// Rates and latency

/**
 * Daily traffic cycle: 1 + 0.3 * sin(2π (h - 8) / 24) with h the UTC hour,
 * so traffic peaks at 14:00 UTC (x1.3) and is lowest at 02:00 UTC (x0.7).
 */
export function diurnal(tMs) {
  const h = (((tMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  return 1 + 0.3 * Math.sin((2 * Math.PI * (h - 8)) / 24);
}

/** Per-minute traffic noise, uniform in [0.9, 1.1). */
function noise(svc, routeIndex, minute) {
  return 0.9 + 0.2 * hashUniform(svc.index, routeIndex, S_NOISE, minute);
}

/**
 * Requests per second the load generator sends to `service`/`routeKey` at
 * `tMs`. 0 for routes that other services drive (payments POST /api/payments
 * is called by checkout, once per /api/checkout request).
 */
export function liveRps(service, routeKey, tMs) {
  const svc = getService(service);
  const r = getRoute(svc, routeKey);
  if (r.drivenBy) return 0;
  const ri = svc.routes.indexOf(r);
  return r.rps * diurnal(tMs) * noise(svc, ri, Math.floor(tMs / MINUTE_MS));
}

// Standard normal CDF (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7).
function normalCdf(z) {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) *
      t +
      0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** P(latency <= le) for a log-normal { median, sigma }. */
export function latencyCdf(dist, le) {
  return normalCdf((Math.log(le) - Math.log(dist.median)) / dist.sigma);
}

/** Mean of a log-normal { median, sigma }: median * e^(sigma²/2). */
export function latencyMean(dist) {
  return dist.median * Math.exp((dist.sigma * dist.sigma) / 2);
}

// CDF at every bucket boundary, per service/route/outcome (constant, so cached).
const cdfCache = new Map();
function bucketCdf(svc, ri, outcome) {
  const key = `${svc.name}/${ri}/${outcome}`;
  let v = cdfCache.get(key);
  if (!v) {
    const dist = svc.routes[ri][outcome];
    v = svc.buckets.map(b => latencyCdf(dist, b));
    cdfCache.set(key, v);
  }
  return v;
}

/**
 * What a live service does with one request: fail or not (from the model's
 * error ratio at `tMs`) and how long to take (sampled from the route's
 * log-normal latency). `rng` is a () => [0,1) function.
 */
export function decide(service, routeKey, tMs, anchorMs, rng) {
  const svc = getService(service);
  const r = getRoute(svc, routeKey);
  const error = rng() < errorRatioAt(svc, tMs, anchorMs);
  const dist = error ? r.error : r.ok;
  // Box-Muller; 1 - rng() avoids log(0).
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const latencySeconds = Math.min(dist.median * Math.exp(dist.sigma * z), 10);
  return {
    error,
    status: error ? svc.errorStatus : svc.okStatus,
    latencySeconds,
  };
}

// ---------------------------------------------------------------------------
// Per-minute counts (what the backfill writes)

function routeRequests(svc, ri, minute) {
  const r = svc.routes[ri];
  if (r.drivenBy) {
    const driver = SERVICES[r.drivenBy.service];
    const dri = driver.routes.findIndex(x => x.key === r.drivenBy.route);
    return routeRequests(driver, dri, minute);
  }
  const tMid = minute * MINUTE_MS + MINUTE_MS / 2;
  const x = r.rps * 60 * diurnal(tMid) * noise(svc, ri, minute);
  // Deterministic stochastic rounding keeps the long-run mean exact.
  return Math.floor(x + hashUniform(svc.index, ri, S_COUNT, minute));
}

function outcomeHistogram(svc, ri, outcome, count, u) {
  const cdf = bucketCdf(svc, ri, outcome);
  // The same u for every boundary keeps cumulative buckets monotonic.
  const buckets = cdf.map(f => Math.min(count, Math.floor(count * f + u)));
  return {
    count,
    buckets, // cumulative, one per svc.buckets boundary (+Inf = count)
    sum: count * latencyMean(svc.routes[ri][outcome]),
  };
}

/**
 * The model's numbers for one UTC minute (index = floor(ms / 60000)):
 * per route, requests, errors and the latency histograms of ok and failed
 * requests (cumulative bucket counts per boundary of the service's buckets).
 */
export function minuteStats(service, minute, anchorMs) {
  const svc = getService(service);
  const p = errorRatioAt(svc, minute * MINUTE_MS, anchorMs);
  return svc.routes.map((r, ri) => {
    const requests = routeRequests(svc, ri, minute);
    const errors = Math.min(
      requests,
      Math.floor(requests * p + hashUniform(svc.index, ri, S_ERRORS, minute)),
    );
    const okU = hashUniform(svc.index, ri, S_OK_BUCKETS, minute);
    const errU = hashUniform(svc.index, ri, S_ERR_BUCKETS, minute);
    return {
      key: r.key,
      method: r.method,
      route: r.route,
      requests,
      errors,
      ok: outcomeHistogram(svc, ri, 'ok', requests - errors, okU),
      error: outcomeHistogram(svc, ri, 'error', errors, errU),
    };
  });
}

function assertMinuteAligned(name, ms) {
  if (!Number.isFinite(ms) || ms % MINUTE_MS !== 0) {
    throw new Error(`${name} must be a whole UTC minute in ms, got ${ms}`);
  }
}

/**
 * Totals the model gives for `service` over [fromMs, toMs) (both whole
 * minutes): requests, errors, errorRatio, per route, and the latency
 * histogram of all requests (cumulative count per bucket boundary `le`).
 * This is exactly the increase of the backfilled counters between samples
 * at fromMs and toMs.
 */
export function expectedCounts(service, fromMs, toMs, { anchorMs }) {
  const svc = getService(service);
  assertMinuteAligned('fromMs', fromMs);
  assertMinuteAligned('toMs', toMs);
  const routes = svc.routes.map(r => ({
    key: r.key,
    method: r.method,
    route: r.route,
    requests: 0,
    errors: 0,
  }));
  const buckets = svc.buckets.map(() => 0);
  let sum = 0;
  for (let m = fromMs / MINUTE_MS; m < toMs / MINUTE_MS; m++) {
    minuteStats(svc, m, anchorMs).forEach((s, i) => {
      routes[i].requests += s.requests;
      routes[i].errors += s.errors;
      for (let b = 0; b < buckets.length; b++) {
        buckets[b] += s.ok.buckets[b] + s.error.buckets[b];
      }
      sum += s.ok.sum + s.error.sum;
    });
  }
  const requests = routes.reduce((a, r) => a + r.requests, 0);
  const errors = routes.reduce((a, r) => a + r.errors, 0);
  return {
    service: svc.name,
    fromMs,
    toMs,
    requests,
    errors,
    errorRatio: requests ? errors / requests : 0,
    routes,
    latency: {
      // cumulative, in bucket order; le as the exporters print it
      buckets: svc.buckets.map((b, i) => ({
        le: String(b),
        count: buckets[i],
      })),
      count: requests,
      sum,
    },
  };
}

// ---------------------------------------------------------------------------
// Exposition: the series each service exports (same names and labels live and
// backfilled), built from the per-minute stats.

/**
 * Resource attributes of payments' OTel MeterProvider. The Prometheus exporter
 * turns them into target_info{service_name=...,...} 1.
 */
export const PAYMENTS_RESOURCE = Object.freeze({
  'service.name': 'payments',
  'service.namespace': NAMESPACE,
  'service.version': SERVICES.payments.version,
  'service.instance.id': SERVICES.payments.pod,
});
/** Meter (instrumentation scope) name and version of payments. */
export const PAYMENTS_SCOPE = Object.freeze({
  name: 'shop-payments',
  version: SERVICES.payments.version,
});

function sanitizeLabel(key) {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * The series a service exports, as the backfill writes them and as the live
 * service seeds its instruments from baseline.json. Each entry:
 *   { family, type: 'counter'|'histogram'|'gauge', labels, sources }
 * `family` is the OpenMetrics family name (counter samples are family +
 * "_total"); `sources` lists the [routeIndex, 'ok'|'error'] outcomes summed
 * into the series (empty for gauges, whose value is always 1).
 */
export function seriesDefinitions(service) {
  const svc = getService(service);
  const out = [];
  const outcomes = [
    ['ok', svc.okStatus],
    ['error', svc.errorStatus],
  ];
  if (svc.name === 'checkout') {
    svc.routes.forEach((r, ri) => {
      for (const [o, status] of outcomes) {
        const labels = { method: r.method, route: r.route, status };
        out.push({
          family: 'http_requests',
          type: 'counter',
          labels,
          sources: [[ri, o]],
        });
        out.push({
          family: 'http_request_duration_seconds',
          type: 'histogram',
          labels,
          sources: [[ri, o]],
        });
      }
    });
  } else if (svc.name === 'payments') {
    // The OTel JS Prometheus exporter (0.301) keeps the instrument name as is
    // (no unit suffix: http_server_request_duration, not ..._seconds) and adds
    // the scope as otel_scope_name / otel_scope_version labels.
    out.push({
      family: 'target_info',
      type: 'gauge',
      labels: Object.fromEntries(
        Object.entries(PAYMENTS_RESOURCE).map(([k, v]) => [
          sanitizeLabel(k),
          v,
        ]),
      ),
      sources: [],
    });
    svc.routes.forEach((r, ri) => {
      for (const [o, status] of outcomes) {
        out.push({
          family: 'http_server_request_duration',
          type: 'histogram',
          labels: {
            http_request_method: r.method,
            http_route: r.route,
            http_response_status_code: status,
            otel_scope_name: PAYMENTS_SCOPE.name,
            otel_scope_version: PAYMENTS_SCOPE.version,
          },
          sources: [[ri, o]],
        });
      }
    });
  } else {
    for (const [o, status] of outcomes) {
      out.push({
        family: 'kbot_messages',
        type: 'counter',
        labels: { status },
        sources: [[0, o]],
      });
    }
    out.push({
      family: 'kbot_message_processing_duration_seconds',
      type: 'histogram',
      labels: {},
      sources: [
        [0, 'ok'],
        [0, 'error'],
      ],
    });
  }
  return out;
}

/**
 * Running cumulative values of a service's series from some start minute on:
 * call addMinute(m) for consecutive minutes, read values() whenever a sample
 * is due. values()[i] matches seriesDefinitions(service)[i]: a number for
 * counters and gauges, { buckets (cumulative, per boundary), count, sum } for
 * histograms.
 */
export function createAccumulator(service, anchorMs) {
  const svc = getService(service);
  const defs = seriesDefinitions(svc);
  const state = defs.map(d =>
    d.type === 'histogram'
      ? { buckets: svc.buckets.map(() => 0), count: 0, sum: 0 }
      : d.type === 'gauge'
      ? 1
      : 0,
  );
  return {
    service: svc.name,
    definitions: defs,
    addMinute(minute) {
      const stats = minuteStats(svc, minute, anchorMs);
      defs.forEach((d, i) => {
        for (const [ri, o] of d.sources) {
          const h = stats[ri][o];
          if (d.type === 'counter') {
            state[i] += h.count;
          } else {
            const s = state[i];
            for (let b = 0; b < s.buckets.length; b++)
              s.buckets[b] += h.buckets[b];
            s.count += h.count;
            s.sum += h.sum;
          }
        }
      });
    },
    values() {
      return state;
    },
  };
}

/**
 * The backfill's history window for a stack started at anchorMs: samples from
 * startMs (counters are 0 there, as if the pods started then) to endMs, the
 * last whole minute at or before the anchor. Both are multiples of 5 minutes
 * and 1 minute respectively.
 */
export function historyWindow(anchorMs) {
  const endMs = Math.floor(anchorMs / MINUTE_MS) * MINUTE_MS;
  const startMs =
    Math.floor((endMs - HISTORY_DAYS * DAY_MS) / (5 * MINUTE_MS)) *
    5 *
    MINUTE_MS;
  return { startMs, endMs };
}

/**
 * Cumulative series values at atMs (a whole minute) of a history that starts
 * at startMs: what the backfill stores at timestamp atMs.
 */
export function cumulativeAt(service, startMs, atMs, { anchorMs }) {
  assertMinuteAligned('startMs', startMs);
  assertMinuteAligned('atMs', atMs);
  const acc = createAccumulator(service, anchorMs);
  for (let m = startMs / MINUTE_MS; m < atMs / MINUTE_MS; m++) acc.addMinute(m);
  return acc.definitions.map((d, i) => ({ ...d, value: acc.values()[i] }));
}

/**
 * Labels Prometheus attaches to a service's target (and so to every series of
 * it), the way kube-prometheus' ServiceMonitors do: job = the Kubernetes
 * Service, instance = pod address, plus namespace/service/pod/container/endpoint.
 */
export function targetLabels(service, port) {
  const svc = getService(service);
  return {
    job: svc.name,
    instance: `127.0.0.1:${port}`,
    namespace: NAMESPACE,
    service: svc.name,
    pod: svc.pod,
    container: svc.name,
    endpoint: 'http',
  };
}
