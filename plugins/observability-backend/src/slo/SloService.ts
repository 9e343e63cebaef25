import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BURN_RATE_WINDOWS,
  BurnDownPoint,
  EntitySlosResponse,
  SloDailyCount,
  SloDefinition,
  SloEvaluation,
  SloMeasurements,
  SloProblem,
  TelemetryTarget,
  burnDownSeries,
  escapeRegex,
  computeSloStatus,
  explainSloStatus,
  findBucketBoundary,
  formatDuration,
} from '@sightline/plugin-observability-common';
import { SLOTH_LABELS } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../clients/PrometheusClient';
import { selector } from '../query/promql';
import { SloDefinitionReader } from './SloDefinitions';
import {
  PART_LABEL,
  SliExpressions,
  availabilityExpressions,
  bucketBoundariesQuery,
  customExpressions,
  latencyExpressions,
  tagged,
} from './SloQueries';

const DAY_MS = 86_400_000;

/** Where daily history comes from when a store is configured. */
export interface SloHistoryReader {
  dailyCounts(
    entityRef: string,
    sloId: string,
    fromDay: string,
    toDay: string,
  ): Promise<SloDailyCount[]>;
}

/** Prometheus, with the time spent in it counted. */
class TimedPrometheus {
  elapsedMs = 0;
  queries = 0;
  constructor(private readonly client: PrometheusClient) {}

  async instant(query: string, atMs: number) {
    return this.timed(() => this.client.instant(query, atMs));
  }

  async range(
    query: string,
    range: { start: number; end: number; stepMs: number },
  ) {
    return this.timed(() => this.client.range(query, range));
  }

  private async timed<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.queries += 1;
    try {
      return await fn();
    } finally {
      this.elapsedMs += performance.now() - started;
    }
  }
}

function value(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function byPart(
  samples: Array<{ metric: Record<string, string>; value: [number, string] }>,
): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const s of samples) {
    out[s.metric[PART_LABEL]] = value(s.value[1]);
  }
  return out;
}

function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC midnights that end each whole day of the window before `atMs`. */
export function windowDays(atMs: number, windowMs: number) {
  const lastEnd = Math.floor(atMs / DAY_MS) * DAY_MS;
  const days = Math.max(0, Math.floor(windowMs / DAY_MS));
  return {
    start: lastEnd - (days - 1) * DAY_MS,
    end: lastEnd,
    days,
  };
}

/** The `sloth_slo` label value Sightline's and Sloth's generators give an SLO. */
export function slothSloName(definition: SloDefinition): string {
  return definition.source === 'annotation' ? definition.id : definition.name;
}

/**
 * Measures an entity's SLOs: from Sloth recording rules when Prometheus has
 * them for the service (cheap instant queries), from the raw request and
 * histogram series otherwise (bounded `increase`/`rate` queries, two or
 * three instant queries and one daily range query per SLO).
 */
export class SloService {
  static create(options: {
    definitions: SloDefinitionReader;
    logger: LoggerService;
    history?: SloHistoryReader;
  }) {
    return new SloService(options.definitions, options.logger, options.history);
  }

  private constructor(
    readonly definitions: SloDefinitionReader,
    private readonly logger: LoggerService,
    private readonly history?: SloHistoryReader,
  ) {}

  async evaluate(options: {
    entity: Entity;
    target: TelemetryTarget;
    prometheus: PrometheusClient;
    atMs: number;
  }): Promise<EntitySlosResponse> {
    return (await this.evaluateWithDays(options)).response;
  }

  /** As `evaluate`, with each SLO's daily counts over the window (for reports). */
  async evaluateWithDays(
    options: {
      entity: Entity;
      target: TelemetryTarget;
      prometheus: PrometheusClient;
      atMs: number;
    },
    flags: { fromPrometheusOnly?: boolean } = {},
  ): Promise<{
    response: EntitySlosResponse;
    days: Map<string, SloDailyCount[]>;
  }> {
    const { entity, target, atMs } = options;
    const entityRef = stringifyEntityRef(entity);
    const { definitions, problems } = await this.definitions.read(entity);
    const service = entity.metadata.name;
    const prometheus = new TimedPrometheus(options.prometheus);
    const slothSlos = await this.detectRecordingRules(
      prometheus,
      definitions,
      service,
      atMs,
    );
    const results = await Promise.all(
      definitions.map(definition =>
        this.evaluateOne({
          definition,
          target,
          entityRef,
          prometheus: options.prometheus,
          atMs,
          slothService: definition.service ?? service,
          useHistory: !flags.fromPrometheusOnly,
          useRecordingRules: slothSlos.has(
            `${definition.service ?? service}/${slothSloName(definition)}`,
          ),
        }),
      ),
    );
    return {
      response: {
        entityRef,
        at: new Date(atMs).toISOString(),
        slos: results.map(r => r.evaluation),
        problems,
      },
      days: new Map(results.map(r => [r.evaluation.definition.id, r.days])),
    };
  }

  /**
   * Which SLOs Prometheus has Sloth recording rules for: one instant query
   * over the 5m error-ratio rule of the entity's Sloth services.
   */
  private async detectRecordingRules(
    prometheus: TimedPrometheus,
    definitions: SloDefinition[],
    service: string,
    atMs: number,
  ): Promise<Set<string>> {
    const services = [
      ...new Set(
        definitions
          .filter(d => d.source !== 'openslo')
          .map(d => d.service ?? service),
      ),
    ];
    if (services.length === 0) return new Set();
    try {
      const samples = await prometheus.instant(
        `count by (${SLOTH_LABELS.service}, ${SLOTH_LABELS.slo}) (${selector(
          'slo:sli_error:ratio_rate5m',
          [
            {
              name: SLOTH_LABELS.service,
              op: '=~',
              value: services.map(escapeRegex).join('|'),
            },
          ],
        )})`,
        atMs,
      );
      return new Set(
        samples.map(
          s =>
            `${s.metric[SLOTH_LABELS.service]}/${s.metric[SLOTH_LABELS.slo]}`,
        ),
      );
    } catch (error) {
      this.logger.warn('Could not look for Sloth recording rules', {
        error: String(error),
      });
      return new Set();
    }
  }

  private async evaluateOne(options: {
    definition: SloDefinition;
    target: TelemetryTarget;
    entityRef: string;
    prometheus: PrometheusClient;
    atMs: number;
    slothService: string;
    useRecordingRules: boolean;
    useHistory: boolean;
  }): Promise<{ evaluation: SloEvaluation; days: SloDailyCount[] }> {
    const { definition, atMs } = options;
    const prometheus = new TimedPrometheus(options.prometheus);
    const problems: SloProblem[] = [];
    const base: SloEvaluation = {
      definition,
      explanations: [],
      burnDown: [],
      problems,
    };
    try {
      const measured = options.useRecordingRules
        ? await this.fromRecordingRules(
            prometheus,
            definition,
            options.slothService,
            atMs,
          )
        : await this.fromRaw(prometheus, definition, options.target, atMs);
      if ('problem' in measured) {
        problems.push({ sloId: definition.id, ...measured.problem });
        return {
          evaluation: { ...base, upstreamMs: round(prometheus.elapsedMs) },
          days: [],
        };
      }
      const status = computeSloStatus(definition, measured.measurements);
      let burnDown = measured.burnDown;
      let dayCounts = measured.days;
      let burnDownSource: SloEvaluation['burnDownSource'] = 'prometheus';
      if (this.history && options.useHistory) {
        const days = windowDays(atMs, definition.windowMs);
        const stored = await this.history.dailyCounts(
          options.entityRef,
          definition.id,
          msToDay(days.start - DAY_MS),
          msToDay(days.end - DAY_MS),
        );
        if (stored.length > 0) {
          burnDown = burnDownSeries(stored, {
            from: msToDay(days.start - DAY_MS),
            to: msToDay(days.end - DAY_MS),
          });
          burnDownSource = 'history';
          dayCounts = stored;
        }
      }
      const evaluation: SloEvaluation = {
        ...base,
        source: measured.source,
        ...(measured.countsNormalised ? { countsNormalised: true } : {}),
        status,
        explanations: explainSloStatus(definition, status),
        burnDown,
        burnDownSource,
        upstreamMs: round(prometheus.elapsedMs),
      };
      return { evaluation, days: dayCounts };
    } catch (error) {
      problems.push({
        sloId: definition.id,
        message: `Prometheus could not answer: ${
          error instanceof Error ? error.message : String(error)
        }`,
      });
      return {
        evaluation: { ...base, upstreamMs: round(prometheus.elapsedMs) },
        days: [],
      };
    }
  }

  /** The SLI expressions from the raw series, or why there are none. */
  async rawExpressions(
    prometheus: { instant: PrometheusClient['instant'] },
    definition: SloDefinition,
    target: TelemetryTarget,
    atMs: number,
  ): Promise<
    | { expressions: SliExpressions; countsNormalised: boolean }
    | { problem: Omit<SloProblem, 'sloId'> }
  > {
    if (definition.indicator.type !== 'dialect') {
      const custom = customExpressions(definition);
      return custom.ok
        ? custom
        : { problem: { field: 'indicator', message: custom.message } };
    }
    const metrics = target.metrics;
    if (!metrics?.dialect) {
      return {
        problem: {
          field: 'metrics',
          message:
            'the entity has no usable metrics selector or dialect; see the target problems',
        },
      };
    }
    const { dialect, matchers } = metrics;
    if (definition.sli === 'availability') {
      return {
        expressions: availabilityExpressions(matchers, dialect),
        countsNormalised: false,
      };
    }
    const durationMetric = dialect.durationMetric;
    if (!durationMetric || definition.latencyThresholdSeconds === undefined) {
      return {
        problem: {
          field: 'latency',
          message: `the ${dialect.title} dialect has no duration histogram, so a latency SLO cannot be measured`,
        },
      };
    }
    const histogram = { ...dialect, durationMetric };
    const boundaries = await prometheus.instant(
      bucketBoundariesQuery(matchers, histogram),
      atMs,
    );
    const found = findBucketBoundary(
      boundaries.map(b => b.metric.le).filter(Boolean),
      definition.latencyThresholdSeconds,
      { metric: `${durationMetric}_bucket`, unit: dialect.durationUnit },
    );
    if (!found.ok) {
      return {
        problem: { field: 'latency threshold', message: found.message },
      };
    }
    return {
      expressions: latencyExpressions(matchers, histogram, found.le),
      countsNormalised: false,
    };
  }

  private async fromRaw(
    prometheus: TimedPrometheus,
    definition: SloDefinition,
    target: TelemetryTarget,
    atMs: number,
  ): Promise<Measured> {
    const built = await this.rawExpressions(
      prometheus,
      definition,
      target,
      atMs,
    );
    if ('problem' in built) return built;
    const { expressions, countsNormalised } = built;
    const window = formatDuration(definition.windowMs);
    const days = windowDays(atMs, definition.windowMs);
    const [counts, ratios, daily] = await Promise.all([
      prometheus.instant(
        tagged({
          bad: expressions.bad(window),
          total: expressions.total(window),
        }),
        atMs,
      ),
      prometheus.instant(
        tagged(
          Object.fromEntries(
            BURN_RATE_WINDOWS.map(w => [w, expressions.errorRatio(w)]),
          ),
        ),
        atMs,
      ),
      days.days > 0
        ? prometheus.range(
            tagged({
              bad: expressions.bad('1d'),
              total: expressions.total('1d'),
            }),
            { start: days.start, end: days.end, stepMs: DAY_MS },
          )
        : Promise.resolve([]),
    ]);
    const parts = byPart(counts);
    const total = Math.max(0, parts.total ?? 0);
    const bad = Math.min(total, Math.max(0, parts.bad ?? 0));
    const dailyCounts = new Map<string, SloDailyCount>();
    for (const series of daily) {
      const part = series.metric[PART_LABEL];
      for (const [t, v] of series.values) {
        const day = msToDay(t * 1000 - DAY_MS);
        const entry = dailyCounts.get(day) ?? {
          day,
          good: 0,
          total: 0,
          objective: definition.objective,
        };
        const n = Math.max(0, value(v) ?? 0);
        if (part === 'total') entry.total = n;
        if (part === 'bad') entry.good = -n;
        dailyCounts.set(day, entry);
      }
    }
    const dayList = [...dailyCounts.values()].map(d => ({
      ...d,
      // `good` held −bad until the total was known.
      good: Math.max(0, d.total + Math.min(0, d.good)),
    }));
    return {
      source: 'raw',
      countsNormalised,
      measurements: {
        window: { good: total - bad, total },
        errorRatios: byPart(ratios),
      },
      burnDown: burnDownFor(dayList, days),
      days: dayList,
    };
  }

  private async fromRecordingRules(
    prometheus: TimedPrometheus,
    definition: SloDefinition,
    service: string,
    atMs: number,
  ): Promise<Measured> {
    const window = formatDuration(definition.windowMs);
    const windows = [...new Set([...BURN_RATE_WINDOWS, window])];
    const labels = [
      { name: SLOTH_LABELS.service, op: '=' as const, value: service },
      {
        name: SLOTH_LABELS.slo,
        op: '=' as const,
        value: slothSloName(definition),
      },
    ];
    const names = windows.map(w => `slo:sli_error:ratio_rate${w}`);
    const days = windowDays(atMs, definition.windowMs);
    const [samples, daily] = await Promise.all([
      prometheus.instant(
        selector('', [
          {
            name: '__name__',
            op: '=~',
            value: names.map(escapeRegex).join('|'),
          },
          ...labels,
        ]),
        atMs,
      ),
      days.days > 0
        ? prometheus.range(selector('slo:sli_error:ratio_rate1d', labels), {
            start: days.start,
            end: days.end,
            stepMs: DAY_MS,
          })
        : Promise.resolve([]),
    ]);
    const errorRatios: Record<string, number | undefined> = {};
    for (const s of samples) {
      const w = s.metric.__name__.slice('slo:sli_error:ratio_rate'.length);
      errorRatios[w] = value(s.value[1]);
    }
    const windowRatio = errorRatios[window];
    if (windowRatio === undefined) {
      return {
        problem: {
          field: 'recording rules',
          message: `Sloth rules exist for ${service}/${slothSloName(
            definition,
          )} but slo:sli_error:ratio_rate${window} has no value at this instant`,
        },
      };
    }
    const dayList: SloDailyCount[] = (daily[0]?.values ?? []).map(([t, v]) => {
      const ratio = value(v);
      return {
        day: msToDay(t * 1000 - DAY_MS),
        good: ratio === undefined ? 0 : 1 - ratio,
        total: ratio === undefined ? 0 : 1,
        objective: definition.objective,
      };
    });
    return {
      source: 'recording-rules',
      countsNormalised: true,
      measurements: {
        // Ratios only: the window is one normalised event.
        window: { good: 1 - windowRatio, total: 1 },
        errorRatios,
      },
      burnDown: burnDownFor(dayList, days),
      days: dayList,
    };
  }
}

type Measured =
  | {
      source: 'raw' | 'recording-rules';
      countsNormalised: boolean;
      measurements: SloMeasurements;
      burnDown: BurnDownPoint[];
      days: SloDailyCount[];
    }
  | { problem: Omit<SloProblem, 'sloId'> };

function burnDownFor(
  dayList: SloDailyCount[],
  days: { start: number; end: number; days: number },
): BurnDownPoint[] {
  if (days.days === 0 || dayList.length === 0) return [];
  return burnDownSeries(dayList, {
    from: msToDay(days.start - DAY_MS),
    to: msToDay(days.end - DAY_MS),
  });
}

function round(ms: number) {
  return Math.round(ms * 10) / 10;
}
