// Continuing the backfilled history in the live instruments: the live
// process starts with the backfill's final cumulative values, so Prometheus
// sees neither a counter reset nor a jump where history meets live data.

import {
  DataPointType,
  AggregationTemporality,
} from '@opentelemetry/sdk-metrics';

const labelKey = labels =>
  Object.keys(labels)
    .sort()
    .map(k => `${k}=${labels[k]}`)
    .join(',');

/** Cumulative [{ le, count }] + total count -> per-bucket counts incl. overflow. */
function nonCumulative(buckets, count) {
  const out = [];
  let prev = 0;
  for (const b of buckets) {
    out.push(b.count - prev);
    prev = b.count;
  }
  out.push(count - prev);
  return out;
}

/**
 * prom-client: counters via the public inc(); histograms via zero() and then
 * the histogram's per-label entry (prom-client has no bulk observe). The
 * entry's shape ({ bucketValues, sum, count }) is checked so a prom-client
 * upgrade that changes it fails loudly instead of exporting wrong numbers.
 */
export function seedPromClient(metricsByFamily, series) {
  for (const s of series) {
    const metric = metricsByFamily[s.family];
    if (!metric) continue;
    if (s.type === 'counter') {
      metric.inc(s.labels, s.value);
    } else if (s.type === 'histogram') {
      metric.zero(s.labels);
      const key = labelKey(s.labels);
      const entry = Object.values(metric.hashMap).find(
        e => labelKey(e.labels) === key,
      );
      if (
        !entry ||
        typeof entry.bucketValues !== 'object' ||
        typeof entry.count !== 'number'
      ) {
        throw new Error(
          `prom-client internals changed: cannot seed ${s.family}`,
        );
      }
      const counts = nonCumulative(s.buckets, s.count);
      s.buckets.forEach((b, i) => {
        if (!(Number(b.le) in entry.bucketValues)) {
          throw new Error(
            `${s.family}: bucket ${b.le} of the baseline is not a bucket of the histogram`,
          );
        }
        entry.bucketValues[Number(b.le)] = counts[i];
      });
      entry.sum = s.sum;
      entry.count = s.count;
    }
  }
}

/**
 * OpenTelemetry: the SDK cannot start a histogram from given counts, so the
 * baseline is added at exposition time to what the exporter collected
 * (new objects; the SDK's own state is not touched). Series that have not
 * been observed live yet are emitted from the baseline alone.
 */
export function otelBaselineMerger({
  series,
  metricName,
  description,
  unit,
  scope,
  toAttributes,
}) {
  const base = new Map();
  for (const s of series) {
    if (s.type !== 'histogram') continue;
    const attributes = toAttributes(s.labels);
    base.set(labelKey(stringify(attributes)), {
      attributes,
      boundaries: s.buckets.map(b => Number(b.le)),
      counts: nonCumulative(s.buckets, s.count),
      sum: s.sum,
      count: s.count,
    });
  }
  return function merge(resourceMetrics) {
    let found = false;
    const scopeMetrics = resourceMetrics.scopeMetrics.map(sm => ({
      ...sm,
      metrics: sm.metrics.map(m => {
        if (m.descriptor.name !== metricName || sm.scope.name !== scope.name)
          return m;
        found = true;
        return { ...m, dataPoints: mergePoints(m.dataPoints) };
      }),
    }));
    if (!found && base.size) {
      const now = hrNow();
      scopeMetrics.push({
        scope,
        metrics: [
          {
            descriptor: {
              name: metricName,
              description,
              unit,
              type: 'HISTOGRAM',
              valueType: 1,
              advice: {},
            },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.HISTOGRAM,
            isMonotonic: true,
            dataPoints: mergePoints([], now),
          },
        ],
      });
    }
    return { ...resourceMetrics, scopeMetrics };
  };

  function mergePoints(points, now = hrNow()) {
    const seen = new Set();
    const out = points.map(p => {
      const key = labelKey(stringify(p.attributes));
      const b = base.get(key);
      if (!b) return p;
      seen.add(key);
      const live = p.value.buckets;
      if (live.boundaries.join() !== b.boundaries.join()) {
        throw new Error(
          `${metricName}: live buckets ${live.boundaries} differ from the baseline's`,
        );
      }
      return {
        ...p,
        value: {
          ...p.value,
          buckets: {
            boundaries: live.boundaries,
            counts: live.counts.map((c, i) => c + b.counts[i]),
          },
          sum: p.value.sum + b.sum,
          count: p.value.count + b.count,
        },
      };
    });
    for (const [key, b] of base) {
      if (seen.has(key)) continue;
      out.push({
        attributes: b.attributes,
        startTime: now,
        endTime: now,
        value: {
          buckets: { boundaries: b.boundaries, counts: b.counts },
          sum: b.sum,
          count: b.count,
        },
      });
    }
    return out;
  }
}

function stringify(attributes) {
  return Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [k, String(v)]),
  );
}

function hrNow() {
  const ms = Date.now();
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}
