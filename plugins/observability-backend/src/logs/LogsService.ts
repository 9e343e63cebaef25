import { InputError } from '@backstage/errors';
import {
  LogLevel,
  LogLine,
  LogsResponse,
  OBSERVABILITY_ANNOTATIONS,
  TelemetryTarget,
  TimeSeries,
} from '@sightline/plugin-observability-common';
import { LokiStream } from '../upstreams/clients/LokiClient';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { buildLogQueries, LogFilters } from './logql';
import { parseLogLine } from './logParsing';
import { TimeRange } from '../http/TimeRange';

/** Histogram buckets people read easily; the smallest giving at most MAX_BUCKETS is used. */
const VOLUME_STEPS_S = [
  15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
const MAX_BUCKETS = 100;

export interface LogsParams extends LogFilters {
  levels?: LogLevel[];
  limit: number;
  direction: 'forward' | 'backward';
}

/** The step of the volume histogram for a range. */
export function volumeStepMs(range: { start: number; end: number }): number {
  const spanS = (range.end - range.start) / 1000;
  const step =
    VOLUME_STEPS_S.find(s => spanS / s <= MAX_BUCKETS) ??
    Math.ceil(spanS / MAX_BUCKETS / 86400) * 86400;
  return step * 1000;
}

/** Orders decimal strings as the numbers they are (nanoseconds exceed 2^53). */
function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Merges Loki's streams into one list in the asked order. */
export function mergeStreams(
  streams: LokiStream[],
  direction: 'forward' | 'backward',
  limit: number,
): LogLine[] {
  const entries: {
    ns: string;
    line: string;
    labels: Record<string, string>;
  }[] = [];
  for (const s of streams) {
    for (const [ns, line] of s.values ?? []) {
      if (
        typeof ns === 'string' &&
        /^\d{1,20}$/.test(ns) &&
        typeof line === 'string'
      ) {
        entries.push({ ns, line, labels: s.stream ?? {} });
      }
    }
  }
  entries.sort((a, b) =>
    direction === 'forward' ? compareNs(a.ns, b.ns) : compareNs(b.ns, a.ns),
  );
  return entries.slice(0, limit).map(({ ns, line, labels }) => ({
    timestamp: Number(BigInt(ns) / 1_000_000n),
    timestampNs: ns,
    line,
    labels,
    ...parseLogLine(line, labels),
  }));
}

/** The entity's logs from Loki, over its stream selector only. */
export class LogsService {
  constructor(private readonly clients: UpstreamClients) {}

  async logs(
    target: TelemetryTarget,
    range: TimeRange,
    params: LogsParams,
  ): Promise<LogsResponse> {
    const loki = this.clients.forCluster(target.cluster).loki();
    const logs = requireLogs(target);
    const stepMs = volumeStepMs(range);
    const queries = buildLogQueries(logs.selector, params, stepMs);
    const volumeRange = {
      start: Math.floor(range.start / stepMs) * stepMs,
      end: Math.ceil(range.end / stepMs) * stepMs,
    };
    const [streams, volume] = await Promise.all([
      loki.streams(queries.lines, range, params.limit, params.direction),
      // The histogram is a help, not the point: its failure leaves the lines.
      loki.matrix(queries.volume, volumeRange, stepMs).then(
        series => ({ series }),
        (error: Error) => ({ error }),
      ),
    ]);
    const lines = mergeStreams(streams, params.direction, params.limit);
    return {
      entityRef: target.entityRef,
      cluster: target.cluster,
      selector: logs.selector,
      range: { start: range.start, end: range.end },
      direction: params.direction,
      limit: params.limit,
      lines,
      truncated: lines.length >= params.limit,
      ...('series' in volume
        ? { volume: { stepMs, series: toVolumeSeries(volume.series) } }
        : { volumeError: volume.error.message }),
      queries: [
        { name: 'lines', query: queries.lines },
        { name: 'volume', query: queries.volume },
      ],
    };
  }
}

function toVolumeSeries(
  series: { metric: Record<string, string>; values: [number, string][] }[],
): TimeSeries[] {
  const byLevel = new Map<string, Map<number, number>>();
  for (const s of series) {
    const level = s.metric?.level || 'unknown';
    const points = byLevel.get(level) ?? new Map<number, number>();
    for (const [t, v] of s.values ?? []) {
      const ms = Math.round(Number(t) * 1000);
      const n = Number(v);
      if (Number.isFinite(ms) && Number.isFinite(n))
        points.set(ms, (points.get(ms) ?? 0) + n);
    }
    byLevel.set(level, points);
  }
  return [...byLevel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([level, points]) => ({
      labels: { level },
      points: [...points.entries()].sort(([a], [b]) => a - b),
    }));
}

/** The entity's log selector, or a 400 that names the malformed annotation. */
function requireLogs(target: TelemetryTarget) {
  if (target.logs) return target.logs;
  const annotation = OBSERVABILITY_ANNOTATIONS.logSelector;
  const problem = target.problems.find(p => p.annotation === annotation);
  if (!problem) {
    throw new InputError(
      `The entity has no log selector; set ${annotation}, e.g. {namespace="shop", app="checkout"}`,
    );
  }
  throw new InputError(
    problem.value
      ? `Annotation ${annotation} is malformed: ${problem.message}. Example: ${problem.example}`
      : `The entity has no usable log selector (${annotation}): ${problem.message}. Example: ${problem.example}`,
  );
}
