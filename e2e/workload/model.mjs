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
const FIVE_MINUTES_MS = 5 * MINUTE_MS;

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
    // The version running live; CHECKOUT_RELEASES has the ones before it.
    version: '2.4.1',
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
  return svc.baselineErrorRatio * releaseAt(svc, tMs, anchorMs).errorFactor;
}

/** Factor on every latency of `service` at `tMs` (1 but while a slow release runs). */
export function latencyFactorAt(service, tMs, anchorMs) {
  return releaseAt(service, tMs, anchorMs).latencyFactor;
}

// ---------------------------------------------------------------------------
// Releases and rollouts (relative to the anchor, like the incidents)

/** Where the demo images live; the image tag is the version. */
export const IMAGE_REPOSITORY = 'ghcr.io/sightline-demo';

// checkout's Deployment history, oldest first: revision = index + 1. Names
// follow Kubernetes (ReplicaSet = deployment-<pod-template-hash>, pod =
// replicaset-<5 chars>, both from the alphabet "bcdfghjklmnpqrstvwxz2456789").
// 2.4.0 is the bad release: every latency x1.8 (p95 from the histogram
// buckets ≈ +46 %) and 10x the error ratio (0.3 %); 2.4.1, an hour later,
// fixes it, so live traffic (and every SLO figure after the stack starts) is
// as good as before, and the bad hour costs checkout's 30-day budgets < 1 %.
// 2.3.0 changes nothing: a "no significant change" rollout (its error
// counts, a handful per 30 minutes, differ by noise only).
const CHECKOUT_RELEASES = [
  {
    version: '2.2.0',
    podTemplateHash: '6f8d7c9b4',
    pod: 'checkout-6f8d7c9b4-h7k2m',
    errorFactor: 1,
    latencyFactor: 1,
  },
  {
    version: '2.3.0',
    podTemplateHash: '5b9c8d7f6',
    pod: 'checkout-5b9c8d7f6-q9w4f',
    errorFactor: 1,
    latencyFactor: 1,
  },
  {
    version: '2.4.0',
    podTemplateHash: '84d6f9c7b',
    pod: 'checkout-84d6f9c7b-z5n8r',
    errorFactor: 10,
    latencyFactor: 1.8,
  },
  {
    version: '2.4.1',
    podTemplateHash: '7c9f6d5b8',
    pod: 'checkout-7c9f6d5b8-x2k9p',
    errorFactor: 1,
    latencyFactor: 1,
  },
];

// Revision of the (only) ReplicaSet of payments and kbot: both rolled out
// before the history begins.
const SINGLE_RELEASE_REVISION = { payments: 3, kbot: 7 };

/**
 * When each ReplicaSet of `service` was created (ms), oldest first. checkout:
 * 2.2.0 40 days before the anchor (before the history), 2.3.0 exactly 4 days,
 * 2.4.0 exactly 2 hours and 2.4.1 exactly 1 hour before the anchor's
 * 5-minute boundary, so each rollout has 30 minutes of history on both sides
 * and falls on a sample of every backfilled series (1-minute and 5-minute).
 */
function releaseCreatedMs(service, anchorMs) {
  const base = Math.floor(anchorMs / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  if (service === 'checkout') {
    return [
      base - 40 * DAY_MS,
      base - 4 * DAY_MS,
      base - 2 * HOUR_MS,
      base - HOUR_MS,
    ];
  }
  return [base - (service === 'payments' ? 45 : 60) * DAY_MS];
}

/** 64 hex digits derived from a string (for image digests and container ids). */
function hex64(text) {
  let out = '';
  for (let i = 0; out.length < 64; i++) {
    let h = 0;
    for (let k = 0; k < text.length; k++) h = (h * 31 + text.charCodeAt(k)) | 0;
    out += Math.floor(hashUniform(h, i, 0x1d, text.length) * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  }
  return out.slice(0, 64);
}

/** A UID (RFC 4122 shape) derived from a string. */
function uidOf(text) {
  const h = hex64(`uid:${text}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/**
 * Every ReplicaSet (release) of `service`, oldest first: version, revision,
 * ReplicaSet and pod name, image (tag = version) and digest, container id,
 * creation instant, and the release's effect on errors and latency.
 */
// releases() runs for every minute of the history: keep the last anchor's.
let releasesAnchorMs;
let releasesByService = {};
export function releases(service, anchorMs) {
  const svc = getService(service);
  if (anchorMs !== releasesAnchorMs) {
    releasesAnchorMs = anchorMs;
    releasesByService = {};
  }
  return (releasesByService[svc.name] ??= deepFreeze(
    computeReleases(svc, anchorMs),
  ));
}

function computeReleases(svc, anchorMs) {
  const created = releaseCreatedMs(svc.name, anchorMs);
  const list =
    svc.name === 'checkout'
      ? CHECKOUT_RELEASES
      : [
          {
            version: svc.version,
            podTemplateHash: svc.pod.split('-').at(-2),
            pod: svc.pod,
            errorFactor: 1,
            latencyFactor: 1,
          },
        ];
  const firstRevision =
    svc.name === 'checkout' ? 1 : SINGLE_RELEASE_REVISION[svc.name];
  return list.map((r, i) => {
    const image = `${IMAGE_REPOSITORY}/${svc.name}:${r.version}`;
    return {
      service: svc.name,
      namespace: NAMESPACE,
      deployment: svc.name,
      version: r.version,
      revision: firstRevision + i,
      replicaSet: `${svc.name}-${r.podTemplateHash}`,
      podTemplateHash: r.podTemplateHash,
      pod: r.pod,
      podUid: uidOf(r.pod),
      container: svc.name,
      image,
      imageId: `${IMAGE_REPOSITORY}/${svc.name}@sha256:${hex64(image)}`,
      containerId: `containerd://${hex64(`container:${r.pod}`)}`,
      createdMs: created[i],
      errorFactor: r.errorFactor,
      latencyFactor: r.latencyFactor,
    };
  });
}

/** The release of `service` running at `tMs` (the newest created at or before it). */
export function releaseAt(service, tMs, anchorMs) {
  const all = releases(service, anchorMs);
  let current = all[0];
  for (const r of all) if (r.createdMs <= tMs) current = r;
  return current;
}

/** Minutes before and after a rollout that its before/after figures cover. */
export const ROLLOUT_WINDOW_MS = 30 * MINUTE_MS;

/**
 * The rollouts inside the history of a stack started at anchorMs, oldest
 * first: checkout 2.2.0 → 2.3.0 (no change), 2.3.0 → 2.4.0 (latency
 * x1.8, error ratio x10) and 2.4.0 → 2.4.1 (back to normal). `atMs` is
 * the new ReplicaSet's creation; `before`/`after` are the 30-minute windows
 * either side of it.
 */
export function rollouts(anchorMs) {
  const out = [];
  for (const service of SERVICE_NAMES) {
    const all = releases(service, anchorMs);
    for (let i = 1; i < all.length; i++) {
      const atMs = all[i].createdMs;
      out.push({
        service,
        namespace: NAMESPACE,
        deployment: service,
        atMs,
        from: all[i - 1],
        to: all[i],
        before: { fromMs: atMs - ROLLOUT_WINDOW_MS, toMs: atMs },
        after: { fromMs: atMs, toMs: atMs + ROLLOUT_WINDOW_MS },
      });
    }
  }
  return out.sort((a, b) => a.atMs - b.atMs);
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

/** A log-normal latency with every value multiplied by `factor` (memoised). */
const scaledCache = new WeakMap();
function scaled(dist, factor) {
  if (factor === 1) return dist;
  let byFactor = scaledCache.get(dist);
  if (!byFactor) scaledCache.set(dist, (byFactor = new Map()));
  let d = byFactor.get(factor);
  if (!d) {
    d = Object.freeze({ median: dist.median * factor, sigma: dist.sigma });
    byFactor.set(factor, d);
  }
  return d;
}

// CDF at every boundary of `buckets` of a latency distribution (cached per
// distribution object and bucket list: there are only a few of each).
const cdfCache = new WeakMap();
function cdfAt(dist, buckets) {
  let byBuckets = cdfCache.get(dist);
  if (!byBuckets) cdfCache.set(dist, (byBuckets = new Map()));
  let v = byBuckets.get(buckets);
  if (!v) {
    v = buckets.map(b => latencyCdf(dist, b));
    byBuckets.set(buckets, v);
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
  const dist = scaled(
    error ? r.error : r.ok,
    latencyFactorAt(svc, tMs, anchorMs),
  );
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

/**
 * `count` observations of `dist` as a histogram on `buckets`: cumulative
 * counts per boundary (+Inf = count) and the sum (count x mean). `u` is the
 * minute's uniform for the stochastic rounding; the same u for every
 * boundary keeps the cumulative counts monotonic.
 */
function histogramOf(dist, buckets, count, u) {
  const cdf = cdfAt(dist, buckets);
  return {
    count,
    buckets: cdf.map(f => Math.min(count, Math.floor(count * f + u))),
    sum: count * latencyMean(dist),
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
  const factor = latencyFactorAt(svc, minute * MINUTE_MS, anchorMs);
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
      ok: histogramOf(
        scaled(r.ok, factor),
        svc.buckets,
        requests - errors,
        okU,
      ),
      error: histogramOf(scaled(r.error, factor), svc.buckets, errors, errU),
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

/**
 * histogram_quantile as Prometheus computes it (promql/quantile.go): linear
 * interpolation inside the bucket the rank falls in, the lower bound of the
 * first bucket taken as 0, and the highest finite boundary when the rank
 * falls into +Inf. `buckets` are cumulative { le, count } without +Inf;
 * `count` is the total (the +Inf bucket). NaN without observations.
 */
export function histogramQuantile(q, buckets, count) {
  if (!count) return NaN;
  const bs = [
    ...buckets.map(b => ({ le: Number(b.le), count: b.count })),
    { le: Infinity, count },
  ];
  const rank = q * count;
  let b = bs.findIndex((x, i) => i < bs.length - 1 && x.count >= rank);
  if (b === -1) return bs[bs.length - 2].le;
  if (b === 0 && bs[0].le <= 0) return bs[0].le;
  const lower = b > 0 ? bs[b - 1] : { le: 0, count: 0 };
  return (
    lower.le +
    ((bs[b].le - lower.le) * (rank - lower.count)) / (bs[b].count - lower.count)
  );
}

/**
 * The RED figures of `service` over [fromMs, toMs) (whole minutes) as a
 * query over the backfilled counters gives them: requests per second
 * (increase / seconds), error ratio, and p95 (histogram_quantile(0.95) of
 * the increase of every bucket), besides the counts.
 */
export function expectedRed(service, fromMs, toMs, { anchorMs }) {
  const c = expectedCounts(service, fromMs, toMs, { anchorMs });
  return {
    service: c.service,
    fromMs,
    toMs,
    requests: c.requests,
    errors: c.errors,
    rate: c.requests / ((toMs - fromMs) / 1000),
    errorRatio: c.errorRatio,
    p95: histogramQuantile(0.95, c.latency.buckets, c.latency.count),
  };
}

/**
 * Each rollout with the RED figures of the 30 minutes before and after it
 * (expectedRed of rollout.before and rollout.after).
 */
export function expectedRollouts(anchorMs) {
  return rollouts(anchorMs).map(r => ({
    ...r,
    red: {
      before: expectedRed(r.service, r.before.fromMs, r.before.toMs, {
        anchorMs,
      }),
      after: expectedRed(r.service, r.after.fromMs, r.after.toMs, {
        anchorMs,
      }),
    },
  }));
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
 * call addMinute(m) for consecutive minutes (it returns the minute's
 * minuteStats), read values() whenever a sample is due. values()[i] matches seriesDefinitions(service)[i]: a number for
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
      return stats;
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

// ---------------------------------------------------------------------------
// target_info: the OpenTelemetry resource of each service, as the OTel
// Prometheus exporters print it (dots become underscores). payments' comes
// from its MeterProvider (seriesDefinitions); checkout and kbot export the
// same gauge by hand next to their prom-client metrics, so every service has
// a version label without one on its request series.

/** target_info's labels for `service` at `tMs`: its running release's version and pod. */
export function targetInfoAt(service, tMs, anchorMs) {
  const svc = getService(service);
  if (svc.name === 'payments') {
    return Object.fromEntries(
      Object.entries(PAYMENTS_RESOURCE).map(([k, v]) => [sanitizeLabel(k), v]),
    );
  }
  const r = releaseAt(svc, tMs, anchorMs);
  return {
    service_name: svc.name,
    service_namespace: NAMESPACE,
    service_version: r.version,
    service_instance_id: r.pod,
  };
}

// ---------------------------------------------------------------------------
// kube-state-metrics: the series KSM 2.x exports for the demo Deployments,
// their ReplicaSets and pods (names and labels from its docs:
// docs/metrics/workload/{deployment,replicaset,pod}-metrics.md).

/** The job and target of the stack's kube-state-metrics scrape. */
export const KUBE_STATE_METRICS_JOB = 'kube-state-metrics';

/**
 * Every kube-state-metrics series at `tMs` for a stack started at anchorMs:
 * { name, labels, value } (all gauges). Each Deployment's generation counts
 * its rollouts (generation = revision of the newest ReplicaSet, observed at
 * once); every ReplicaSet created by then is listed (old ones scaled to 0,
 * as Deployments keep them for rollbacks); only the running release's pod
 * exists.
 */
export function kubeStateMetricsAt(tMs, anchorMs) {
  const out = [];
  const add = (name, labels, value) => out.push({ name, labels, value });
  for (const service of SERVICE_NAMES) {
    const all = releases(service, anchorMs).filter(r => r.createdMs <= tMs);
    if (!all.length) continue;
    const current = all[all.length - 1];
    const ns = { namespace: NAMESPACE };
    const dep = { ...ns, deployment: service };
    add('kube_deployment_metadata_generation', dep, current.revision);
    add('kube_deployment_status_observed_generation', dep, current.revision);
    add('kube_deployment_spec_replicas', dep, 1);
    add('kube_deployment_status_replicas_available', dep, 1);
    for (const r of all) {
      const rs = { ...ns, replicaset: r.replicaSet };
      const replicas = r === current ? 1 : 0;
      add('kube_replicaset_created', rs, r.createdMs / 1000);
      add(
        'kube_replicaset_owner',
        {
          ...rs,
          owner_kind: 'Deployment',
          owner_name: service,
          owner_is_controller: 'true',
        },
        1,
      );
      add('kube_replicaset_spec_replicas', rs, replicas);
      add('kube_replicaset_status_ready_replicas', rs, replicas);
    }
    const pod = { ...ns, pod: current.pod, uid: current.podUid };
    add(
      'kube_pod_owner',
      {
        ...pod,
        owner_kind: 'ReplicaSet',
        owner_name: current.replicaSet,
        owner_is_controller: 'true',
      },
      1,
    );
    add(
      'kube_pod_container_info',
      {
        ...pod,
        container: current.container,
        image_spec: current.image,
        image: current.image,
        image_id: current.imageId,
        container_id: current.containerId,
      },
      1,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------
// Service graph: what Tempo's metrics-generator (service-graphs processor)
// makes of the workload's spans, per minute.
//
// Tempo pairs each client span with the server span whose parent it is; an
// edge that stays unpaired for `wait` (10 s) becomes a "virtual node" edge
// (connection_type="virtual_node"): a root server span gets client="user",
// a client span with a peer attribute (peer.service, ...) gets that value
// as server. Its missing side's latency is observed as 0. Labels: client,
// server, connection_type (empty for a plain client/server pair, so absent
// in Prometheus). Histogram buckets: Tempo's default for service graphs.

/** Tempo's default `histogram_buckets` of the service-graphs processor. */
export const SERVICE_GRAPH_BUCKETS = Object.freeze([
  0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8,
]);
/** The job Prometheus scrapes the generator's series under. */
export const SERVICE_GRAPH_JOB = 'tempo-metrics-generator';

// `served`: the edge's requests are those routes' requests (the server side is
// an instrumented service). `calls`: the edge is a call the client makes per
// request of that route to an uninstrumented peer (checkout reserves stock
// in inventory, which sends no spans; kbot answers through the Telegram Bot
// API), failing at `errorRatio`, or with the request (`failsWithRequest`).
const EDGE_LIST = [
  {
    client: 'user',
    server: 'checkout',
    connectionType: 'virtual_node',
    served: { service: 'checkout', routes: ['cart', 'checkout'] },
  },
  {
    client: 'user',
    server: 'payments',
    connectionType: 'virtual_node',
    served: { service: 'payments', routes: ['status'] },
  },
  {
    client: 'user',
    server: 'kbot',
    connectionType: 'virtual_node',
    served: { service: 'kbot', routes: ['message'] },
  },
  {
    client: 'checkout',
    server: 'payments',
    connectionType: '',
    // The client span also covers the network: 5 % longer.
    served: { service: 'payments', routes: ['pay'], clientFactor: 1.05 },
  },
  {
    client: 'checkout',
    server: 'inventory',
    connectionType: 'virtual_node',
    peerAttributes: { 'peer.service': 'inventory' },
    calls: {
      service: 'checkout',
      route: 'checkout',
      errorRatio: 0.001,
      ok: { median: 0.012, sigma: 0.5 },
      error: { median: 0.03, sigma: 0.5 },
    },
  },
  {
    client: 'kbot',
    server: 'api.telegram.org',
    connectionType: 'virtual_node',
    peerAttributes: {
      'peer.service': 'api.telegram.org',
      'server.address': 'api.telegram.org',
    },
    calls: {
      service: 'kbot',
      route: 'message',
      failsWithRequest: true,
      ok: { median: 0.09, sigma: 0.5 },
      error: { median: 0.5, sigma: 0.3 },
    },
  },
];

/** The service graph's edges: client, server, connectionType ('' or 'virtual_node'). */
export const SERVICE_GRAPH_EDGES = deepFreeze(
  EDGE_LIST.map(e => ({
    client: e.client,
    server: e.server,
    connectionType: e.connectionType,
    ...(e.peerAttributes ? { peerAttributes: e.peerAttributes } : {}),
  })),
);

/** The labels of an edge's series (connection_type only when not empty). */
export function serviceGraphLabels(edge) {
  return {
    client: edge.client,
    server: edge.server,
    ...(edge.connectionType ? { connection_type: edge.connectionType } : {}),
  };
}

function getEdge(client, server) {
  const i = EDGE_LIST.findIndex(
    e => e.client === client && e.server === server,
  );
  if (i === -1) throw new Error(`no service graph edge ${client} -> ${server}`);
  return i;
}

/** Adds `n` observations of `dist` (rounded with the minute's uniform `u`). */
function addObservations(into, dist, n, u) {
  const cdf = cdfAt(dist, SERVICE_GRAPH_BUCKETS);
  into.count += n;
  into.sum += n * latencyMean(dist);
  for (let b = 0; b < cdf.length; b++) {
    into.buckets[b] += Math.min(n, Math.floor(n * cdf[b] + u));
  }
}

/** Adds `n` observations of 0 s (the side of an edge Tempo has no span of). */
function addZeros(into, n) {
  into.count += n;
  for (let b = 0; b < into.buckets.length; b++) into.buckets[b] += n;
}

function addHistogram(into, h) {
  into.count += h.count;
  into.sum += h.sum;
  for (let b = 0; b < into.buckets.length; b++) into.buckets[b] += h.buckets[b];
}

const emptyHistogram = () => ({
  count: 0,
  buckets: SERVICE_GRAPH_BUCKETS.map(() => 0),
  sum: 0,
});

const routeIndex = (service, key) =>
  SERVICES[service].routes.findIndex(r => r.key === key);

// Streams of hashUniform(100 + edge, part, STREAM, minute).
const S_EDGE_FAILED = 6;
const S_EDGE_SERVER = 7;
const S_EDGE_CLIENT = 8;

/**
 * The service graph's numbers for one UTC minute, per edge (in
 * SERVICE_GRAPH_EDGES order): requests, failed, and the server and client
 * latency histograms (cumulative per SERVICE_GRAPH_BUCKETS boundary).
 * `stats` (optional) maps service -> minuteStats(service, minute, anchorMs).
 */
export function serviceGraphMinute(minute, anchorMs, stats = {}) {
  const statsOf = s => (stats[s] ??= minuteStats(s, minute, anchorMs));
  const tMs = minute * MINUTE_MS;
  return EDGE_LIST.map((e, ei) => {
    const server = emptyHistogram();
    const client = emptyHistogram();
    let requests = 0;
    let failed = 0;
    const u = (part, stream) => hashUniform(100 + ei, part, stream, minute);
    if (e.served) {
      const svc = SERVICES[e.served.service];
      const factor = latencyFactorAt(svc, tMs, anchorMs);
      for (const key of e.served.routes) {
        const ri = routeIndex(svc.name, key);
        const st = statsOf(svc.name)[ri];
        requests += st.requests;
        failed += st.errors;
        const outcomes = [
          ['ok', st.requests - st.errors],
          ['error', st.errors],
        ];
        outcomes.forEach(([o, n], k) => {
          const dist = scaled(svc.routes[ri][o], factor);
          const part = 2 * ri + k;
          addObservations(server, dist, n, u(part, S_EDGE_SERVER));
          if (e.served.clientFactor) {
            const d = scaled(dist, e.served.clientFactor);
            addObservations(client, d, n, u(part, S_EDGE_CLIENT));
          } else {
            addZeros(client, n);
          }
        });
      }
    } else {
      const c = e.calls;
      const st = statsOf(c.service)[routeIndex(c.service, c.route)];
      requests = st.requests;
      failed = c.failsWithRequest
        ? st.errors
        : Math.min(
            requests,
            Math.floor(requests * c.errorRatio + u(0, S_EDGE_FAILED)),
          );
      addObservations(client, c.ok, requests - failed, u(0, S_EDGE_CLIENT));
      addObservations(client, c.error, failed, u(1, S_EDGE_CLIENT));
      addZeros(server, requests);
    }
    return {
      client: e.client,
      server: e.server,
      connectionType: e.connectionType,
      requests,
      failed,
      serverLatency: server,
      clientLatency: client,
    };
  });
}

/**
 * Running cumulative service-graph values from some start minute on (as
 * createAccumulator for a service): addMinute(m) for consecutive minutes,
 * values() per edge { requests, failed, serverLatency, clientLatency }.
 */
export function createServiceGraphAccumulator(anchorMs) {
  const state = EDGE_LIST.map(() => ({
    requests: 0,
    failed: 0,
    serverLatency: emptyHistogram(),
    clientLatency: emptyHistogram(),
  }));
  return {
    edges: SERVICE_GRAPH_EDGES,
    addMinute(minute, stats) {
      serviceGraphMinute(minute, anchorMs, stats).forEach((m, i) => {
        state[i].requests += m.requests;
        state[i].failed += m.failed;
        addHistogram(state[i].serverLatency, m.serverLatency);
        addHistogram(state[i].clientLatency, m.clientLatency);
      });
    },
    values() {
      return state;
    },
  };
}

const withLe = h => ({
  buckets: SERVICE_GRAPH_BUCKETS.map((le, i) => ({
    le: String(le),
    count: h.buckets[i],
  })),
  count: h.count,
  sum: h.sum,
});

/**
 * The service graph over [fromMs, toMs) (whole minutes), per edge: the
 * increase of each counter and histogram, and what a query over them gives
 * (requests per second, error ratio = failed / requests, p95 of the server
 * and of the client latency by histogram_quantile).
 */
export function expectedServiceGraph(fromMs, toMs, { anchorMs }) {
  assertMinuteAligned('fromMs', fromMs);
  assertMinuteAligned('toMs', toMs);
  const acc = createServiceGraphAccumulator(anchorMs);
  for (let m = fromMs / MINUTE_MS; m < toMs / MINUTE_MS; m++) acc.addMinute(m);
  return acc.values().map((v, i) => {
    const e = SERVICE_GRAPH_EDGES[i];
    const server = withLe(v.serverLatency);
    const client = withLe(v.clientLatency);
    return {
      client: e.client,
      server: e.server,
      connectionType: e.connectionType,
      requests: v.requests,
      failed: v.failed,
      rate: v.requests / ((toMs - fromMs) / 1000),
      errorRatio: v.requests ? v.failed / v.requests : 0,
      serverLatency: server,
      clientLatency: client,
      p95Server: histogramQuantile(0.95, server.buckets, server.count),
      p95Client: histogramQuantile(0.95, client.buckets, client.count),
    };
  });
}

/**
 * What a live client does for one call to an uninstrumented peer (an edge
 * with `calls`): fail or not (given, for calls that fail with the request)
 * and how long it takes.
 */
export function decideCall(client, server, rng, failed) {
  const c = EDGE_LIST[getEdge(client, server)].calls;
  if (!c) throw new Error(`${client} -> ${server} is not a call to a peer`);
  const fails = failed ?? rng() < c.errorRatio;
  const dist = fails ? c.error : c.ok;
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return {
    failed: fails,
    latencySeconds: Math.min(dist.median * Math.exp(dist.sigma * z), 10),
  };
}

// ---------------------------------------------------------------------------
// The stack's exporters besides the services (e2e/workload/exporters.mjs)

const EXPORTER_PORT_OFFSETS = {
  [KUBE_STATE_METRICS_JOB]: 4,
  [SERVICE_GRAPH_JOB]: 5,
};
/** The exporters' scrape jobs: kube-state-metrics and tempo-metrics-generator. */
export const EXPORTER_JOBS = Object.freeze(Object.keys(EXPORTER_PORT_OFFSETS));

/** Port of an exporter: SIGHTLINE_WORKLOAD_PORT_BASE + 4 (KSM) or + 5 (service graph). */
export function exporterPort(job, portBase = 9101) {
  const offset = EXPORTER_PORT_OFFSETS[job];
  if (offset === undefined) throw new Error(`unknown exporter: ${job}`);
  return portBase + offset;
}

/**
 * Labels Prometheus attaches to an exporter's series: job and instance only.
 * The series carry their own namespace (kube-state-metrics: honor_labels, as
 * kube-prometheus scrapes it).
 */
export function exporterTargetLabels(job, port) {
  return { job, instance: `127.0.0.1:${port}` };
}

// ---------------------------------------------------------------------------
// The same rollouts as Kubernetes API objects, for the Kubernetes stand-in
// (e2e/standins/kubernetes.mjs: PUT /__standin/objects or --objects).

/** Where the demo services' manifests live (Argo CD's source). */
export const GITOPS_REPO_URL = 'https://github.com/sightline-demo/shop-deploy';

/** A 40-hex git commit for a release (deterministic). */
function commitOf(release) {
  return hex64(`commit:${release.service}:${release.version}`).slice(0, 40);
}

/**
 * Every ReplicaSet of the demo Deployments as the Kubernetes API returns it
 * (apps/v1 ReplicaSet, https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/replica-set-v1/):
 * creationTimestamp = the rollout instant, the Deployment controller's
 * annotations (deployment.kubernetes.io/revision, desired-replicas,
 * max-replicas), its ownerReference to the Deployment, the pod template's
 * image (tag = version) and labels (app, pod-template-hash and the
 * backstage.io/kubernetes-id the demo entities are found by). Old
 * ReplicaSets are kept scaled to 0, as Deployments keep them for rollbacks.
 * Plus one Argo CD Application (argoproj.io/v1alpha1, in namespace argocd)
 * that deploys checkout, whose status.history[] has one entry per rollout
 * (revision = the manifests' commit, deployedAt = the rollout instant;
 * https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_app_history/).
 */
export function kubernetesObjects(anchorMs) {
  const iso = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const objects = [];
  for (const service of SERVICE_NAMES) {
    const all = releases(service, anchorMs);
    const current = all[all.length - 1];
    for (const r of all) {
      const replicas = r === current ? 1 : 0;
      const labels = {
        app: service,
        'backstage.io/kubernetes-id': service,
        'pod-template-hash': r.podTemplateHash,
      };
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: r.replicaSet,
          namespace: NAMESPACE,
          uid: uidOf(r.replicaSet),
          generation: 1,
          creationTimestamp: iso(r.createdMs),
          labels,
          annotations: {
            'deployment.kubernetes.io/desired-replicas': '1',
            'deployment.kubernetes.io/max-replicas': '2',
            'deployment.kubernetes.io/revision': String(r.revision),
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: service,
              uid: uidOf(`deployment:${service}`),
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas,
          selector: {
            matchLabels: {
              app: service,
              'pod-template-hash': r.podTemplateHash,
            },
          },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: r.container,
                  image: r.image,
                  ports: [
                    { name: 'http', containerPort: 8080, protocol: 'TCP' },
                  ],
                },
              ],
            },
          },
        },
        status: {
          replicas,
          fullyLabeledReplicas: replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
          observedGeneration: 1,
        },
      });
    }
  }
  const checkout = releases('checkout', anchorMs);
  objects.push({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'checkout',
      namespace: 'argocd',
      uid: uidOf('application:checkout'),
      creationTimestamp: iso(checkout[0].createdMs),
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
    },
    spec: {
      project: 'shop',
      source: {
        repoURL: GITOPS_REPO_URL,
        path: 'apps/checkout',
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: NAMESPACE,
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: {
      sync: { status: 'Synced', revision: commitOf(checkout.at(-1)) },
      health: { status: 'Healthy' },
      summary: { images: [checkout.at(-1).image] },
      history: checkout.map((r, i) => ({
        id: i,
        revision: commitOf(r),
        deployStartedAt: iso(r.createdMs),
        deployedAt: iso(r.createdMs),
        source: {
          repoURL: GITOPS_REPO_URL,
          path: 'apps/checkout',
          targetRevision: 'main',
        },
      })),
    },
  });
  return objects;
}

/** The commit (40 hex) of a release's manifests, as in the Argo CD history. */
export function releaseCommit(service, version, anchorMs) {
  const r = releases(service, anchorMs).find(x => x.version === version);
  if (!r) throw new Error(`${service} has no release ${version}`);
  return commitOf(r);
}
