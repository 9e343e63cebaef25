import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BURN_RATE_WINDOWS,
  BurnDownPoint,
  EntitySlosResponse,
  SloDailyCount,
  SloDaySpan,
  SloDefinition,
  SloEvaluation,
  SloMeasurementSource,
  SloMeasurements,
  SloPeriod,
  SloProblem,
  TelemetryTarget,
  burnDownSeries,
  daySpans,
  escapeRegex,
  computeSloStatus,
  explainSloStatus,
  findBucketBoundary,
  formatDuration,
  formatLatency,
  parseDuration,
  sloPeriod,
} from '@sightline/plugin-observability-common';
import { SLOTH_LABELS } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { selector } from '../metrics/promql';
import {
  PyrraSloRules,
  pyrraBurnRateSelector,
  pyrraDetectionQuery,
  pyrraRulesFound,
  pyrraSloNames,
  pyrraWindowExpressions,
} from './PyrraRules';
import { EntitySloDefinitions, SloDefinitionReader } from './SloDefinitions';
import {
  PART_LABEL,
  SliExpressions,
  availabilityExpressions,
  bucketBoundariesQuery,
  customExpressions,
  latencyExpressions,
  offsetBy,
  tagged,
  sampleValue as value,
  windowCounts,
} from './SloQueries';

const DAY_MS = 86_400_000;
/** Dialect detection always probes at least this far back. */
const MIN_DETECTION_LOOKBACK_MS = 3_600_000;

/**
 * One day of an SLO's window as measured: its counts and its bounds. The
 * window's first and last days are cut at its start and at the instant.
 */
export type MeasuredDay = SloDailyCount & {
  startMs: number;
  endMs: number;
  normalised?: boolean;
};

/** A whole UTC day: what the history store keeps. */
export function isWholeUtcDay(day: { startMs: number; endMs: number }) {
  return day.startMs % DAY_MS === 0 && day.endMs - day.startMs === DAY_MS;
}

/**
 * How far before the instant dialect detection must look so that every SLO
 * of the entity can be measured: the shortest window (for calendar windows,
 * the part of the period so far), and never less than an hour.
 */
export function detectionLookbackMs(
  definitions: SloDefinition[],
  atMs: number,
): number {
  // Without SLOs (none declared, or all malformed) the hour suffices.
  if (definitions.length === 0) return MIN_DETECTION_LOOKBACK_MS;
  const spans = definitions.map(d => atMs - sloPeriod(d, atMs).startMs);
  return Math.max(MIN_DETECTION_LOOKBACK_MS, Math.min(...spans));
}

/** The period so far as a PromQL range; undefined when none of it has passed. */
export function periodRange(period: SloPeriod, atMs: number) {
  return atMs > period.startMs
    ? formatDuration(atMs - period.startMs)
    : undefined;
}

/** Where daily history comes from when a store is configured. */
export interface SloHistoryReader {
  dailyCounts(
    entityRef: string,
    sloId: string,
    fromDay: string,
    toDay: string,
  ): Promise<Array<SloDailyCount & { normalised?: boolean }>>;
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

function byPart(
  samples: Array<{ metric: Record<string, string>; value: [number, string] }>,
): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const s of samples) {
    out[s.metric[PART_LABEL]] = value(s.value[1]);
  }
  return out;
}

/** The `sloth_slo` label value Sightline's and Sloth's generators give an SLO. */
export function slothSloName(definition: SloDefinition): string {
  return definition.source === 'annotation' ? definition.id : definition.name;
}

/** What recording rules Prometheus has for an entity's SLOs. */
interface RecordingRules {
  /** Sloth SLOs (`<sloth_service>/<sloth_slo>`), and whether their rules cover the whole window. */
  sloth: Map<string, { coversWindow: boolean }>;
  /** Pyrra rules by SLO definition id. */
  pyrra: Map<string, PyrraSloRules>;
}

/**
 * Measures an entity's SLOs: from Sloth or Pyrra recording rules when
 * Prometheus has them for the service (cheap instant queries), from the raw
 * request and histogram series otherwise (bounded `increase`/`rate`
 * queries, two or three instant queries and one daily range query per SLO).
 *
 * Recording rules only record from when they were loaded. Sloth's window
 * ratio is the mean of its 5m ratios over the window, so until the 5m rule
 * has been recorded for a whole window the window's budget comes from the
 * raw series (burn rates still from the rules: Sloth computes each of those
 * from the raw series itself). Pyrra's `:increase<window>` rule is an
 * `increase` over the raw series, right from its first evaluation.
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

  /**
   * As `evaluate`, with each SLO's days over the window (for reports).
   * `declared` is the entity's SLOs when the caller has read them already
   * (to size dialect detection).
   */
  async evaluateWithDays(
    options: {
      entity: Entity;
      target: TelemetryTarget;
      prometheus: PrometheusClient;
      atMs: number;
      declared?: EntitySloDefinitions;
    },
    flags: { fromPrometheusOnly?: boolean } = {},
  ): Promise<{
    response: EntitySlosResponse;
    days: Map<string, MeasuredDay[]>;
  }> {
    const { entity, target, atMs } = options;
    const entityRef = stringifyEntityRef(entity);
    const { definitions, problems } =
      options.declared ?? (await this.definitions.read(entity));
    const service = entity.metadata.name;
    const prometheus = new TimedPrometheus(options.prometheus);
    const rules = await this.detectRecordingRules(
      prometheus,
      definitions,
      target,
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
          sloth: rules.sloth.get(
            `${definition.service ?? service}/${slothSloName(definition)}`,
          ),
          pyrra: rules.pyrra.get(definition.id),
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
   * Which SLOs Prometheus has recording rules for, in at most two instant
   * queries: Sloth's 5m error-ratio rule of the entity's Sloth services, now
   * and one window ago (whether it covers the window); Pyrra's rules whose
   * `slo` label may name the entity's availability SLOs.
   */
  private async detectRecordingRules(
    prometheus: TimedPrometheus,
    definitions: SloDefinition[],
    target: TelemetryTarget,
    service: string,
    atMs: number,
  ): Promise<RecordingRules> {
    const [sloth, pyrra] = await Promise.all([
      this.detectSloth(prometheus, definitions, service, atMs),
      this.detectPyrra(prometheus, definitions, target, service, atMs),
    ]);
    return { sloth, pyrra };
  }

  private async detectSloth(
    prometheus: TimedPrometheus,
    definitions: SloDefinition[],
    service: string,
    atMs: number,
  ): Promise<RecordingRules['sloth']> {
    const slothDefinitions = definitions.filter(d => d.source !== 'openslo');
    const services = [
      ...new Set(slothDefinitions.map(d => d.service ?? service)),
    ];
    if (services.length === 0) return new Map();
    const labels = `${SLOTH_LABELS.service}, ${SLOTH_LABELS.slo}`;
    const rule = selector('slo:sli_error:ratio_rate5m', [
      {
        name: SLOTH_LABELS.service,
        op: '=~',
        value: services.map(escapeRegex).join('|'),
      },
    ]);
    // Sloth's window rules are rolling: calendar SLOs only use its burn rates.
    const windows = [
      ...new Set(
        slothDefinitions
          .filter(d => !d.calendar)
          .map(d => formatDuration(d.windowMs)),
      ),
    ];
    try {
      const samples = await prometheus.instant(
        tagged({
          now: `count by (${labels}) (${rule})`,
          ...Object.fromEntries(
            windows.map(w => [
              `window ago ${w}`,
              `count by (${labels}) (${rule} offset ${w})`,
            ]),
          ),
        }),
        atMs,
      );
      const key = (s: { metric: Record<string, string> }) =>
        `${s.metric[SLOTH_LABELS.service]}/${s.metric[SLOTH_LABELS.slo]}`;
      const found: RecordingRules['sloth'] = new Map();
      for (const s of samples.filter(x => x.metric[PART_LABEL] === 'now')) {
        // The service may have Sloth SLOs this entity does not declare.
        const definition = slothDefinitions.find(
          d => `${d.service ?? service}/${slothSloName(d)}` === key(s),
        );
        if (!definition) continue;
        const windowAgo = `window ago ${formatDuration(definition.windowMs)}`;
        found.set(key(s), {
          coversWindow: samples.some(
            x => x.metric[PART_LABEL] === windowAgo && key(x) === key(s),
          ),
        });
      }
      return found;
    } catch (error) {
      this.logger.warn('Could not look for Sloth recording rules', {
        error: String(error),
      });
      return new Map();
    }
  }

  private async detectPyrra(
    prometheus: TimedPrometheus,
    definitions: SloDefinition[],
    target: TelemetryTarget,
    service: string,
    atMs: number,
  ): Promise<RecordingRules['pyrra']> {
    const matchers = target.metrics?.matchers;
    // Pyrra ratio SLOs over the dialect's requests: availability.
    const candidates = definitions.filter(
      d => d.sli === 'availability' && d.indicator.type === 'dialect',
    );
    if (!matchers || !target.metrics?.dialect || candidates.length === 0) {
      return new Map();
    }
    const namesOf = new Map(
      candidates.map(d => [d.id, pyrraSloNames(d, service)]),
    );
    try {
      const found = pyrraRulesFound(
        await prometheus.instant(
          pyrraDetectionQuery([...namesOf.values()].flat(), matchers),
          atMs,
        ),
      );
      const out: RecordingRules['pyrra'] = new Map();
      for (const [id, names] of namesOf) {
        const rules = names
          .map(n => found.get(n))
          .find(r => r && r.burnRates.size > 0);
        if (rules) out.set(id, rules);
      }
      return out;
    } catch (error) {
      this.logger.warn('Could not look for Pyrra recording rules', {
        error: String(error),
      });
      return new Map();
    }
  }

  private async evaluateOne(options: {
    definition: SloDefinition;
    target: TelemetryTarget;
    entityRef: string;
    prometheus: PrometheusClient;
    atMs: number;
    slothService: string;
    sloth?: { coversWindow: boolean };
    pyrra?: PyrraSloRules;
    useHistory: boolean;
  }): Promise<{ evaluation: SloEvaluation; days: MeasuredDay[] }> {
    const { definition, atMs } = options;
    const prometheus = new TimedPrometheus(options.prometheus);
    const problems: SloProblem[] = [];
    const base: SloEvaluation = {
      definition,
      explanations: [],
      burnDown: [],
      problems,
    };
    const period = sloPeriod(definition, atMs);
    const window: MeasuredWindow = {
      period,
      spans: daySpans(period.startMs, atMs, period.timeZone),
      range: periodRange(period, atMs),
    };
    try {
      const measured = await this.measure(prometheus, { ...options, window });
      if ('problem' in measured) {
        problems.push({ sloId: definition.id, ...measured.problem });
        return {
          evaluation: { ...base, upstreamMs: round(prometheus.elapsedMs) },
          days: [],
        };
      }
      let days = measured.days;
      let burnDownSource: SloEvaluation['burnDownSource'] = 'prometheus';
      let measurements: SloMeasurements = {
        ...measured.measurements,
        ...(period.calendar
          ? { period: { startMs: period.startMs, endMs: period.endMs } }
          : {}),
      };
      const stored =
        this.history && options.useHistory
          ? await this.storedDays(options.entityRef, definition, measured)
          : [];
      if (stored.length > 0) {
        const byDay = new Map(stored.map(d => [d.day, d]));
        days = days.map(d => {
          const found = isWholeUtcDay(d) && byDay.get(d.day);
          return found ? { ...found, startMs: d.startMs, endMs: d.endMs } : d;
        });
        burnDownSource = 'history';
        measurements = withObjectiveChanges(
          measurements,
          stored,
          definition,
          atMs - period.startMs,
          measured.countsNormalised,
        );
      }
      const status = computeSloStatus(definition, measurements);
      const evaluation: SloEvaluation = {
        ...base,
        source: measured.source,
        ...(measured.windowSource
          ? { windowSource: measured.windowSource }
          : {}),
        ...(measured.note ? { sourceNote: measured.note } : {}),
        ...(measured.countsNormalised ? { countsNormalised: true } : {}),
        status,
        explanations: explainSloStatus(definition, status, {
          countsNormalised: measured.countsNormalised,
        }),
        burnDown: burnDownFor(days, atMs),
        burnDownSource,
        upstreamMs: round(prometheus.elapsedMs),
      };
      return { evaluation, days };
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

  /**
   * The stored days that stand in for the measured whole UTC days (history
   * outlives Prometheus' retention), measured the same way (event counts or
   * normalised ratios: the two do not add up). The window's cut first and
   * last days always come from Prometheus.
   */
  private async storedDays(
    entityRef: string,
    definition: SloDefinition,
    measured: { days: MeasuredDay[]; countsNormalised: boolean },
  ): Promise<Array<SloDailyCount & { normalised?: boolean }>> {
    const whole = measured.days.filter(isWholeUtcDay);
    if (whole.length === 0) return [];
    const inWindow = new Set(whole.map(d => d.day));
    const stored = await this.history!.dailyCounts(
      entityRef,
      definition.id,
      whole[0].day,
      whole[whole.length - 1].day,
    );
    return stored.filter(
      d => inWindow.has(d.day) && !!d.normalised === measured.countsNormalised,
    );
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
            metrics?.detection?.failure ??
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
        problem: {
          field: 'latency threshold',
          message: found.message,
          ...nearestThresholdExample(definition, found),
        },
      };
    }
    return {
      expressions: latencyExpressions(matchers, histogram, found.le),
      countsNormalised: false,
    };
  }

  /** Picks the cheapest path that gives right numbers for this SLO. */
  private async measure(
    prometheus: TimedPrometheus,
    options: {
      definition: SloDefinition;
      target: TelemetryTarget;
      atMs: number;
      window: MeasuredWindow;
      slothService: string;
      sloth?: { coversWindow: boolean };
      pyrra?: PyrraSloRules;
    },
  ): Promise<Measured> {
    const { definition, target, atMs, window, slothService, sloth, pyrra } =
      options;
    if (sloth?.coversWindow && !definition.calendar) {
      return this.fromRecordingRules(
        prometheus,
        definition,
        slothService,
        atMs,
        window,
      );
    }
    if (sloth) {
      const ratios = await this.slothErrorRatios(
        prometheus,
        definition,
        slothService,
        BURN_RATE_WINDOWS,
        atMs,
      );
      const raw = await this.fromRaw(
        prometheus,
        definition,
        target,
        atMs,
        window,
        {
          ratios,
        },
      );
      if ('problem' in raw) return raw;
      const rules = `Sloth recording rules for ${slothService}/${slothSloName(
        definition,
      )}`;
      return {
        ...raw,
        source: 'recording-rules',
        windowSource: 'raw',
        note: definition.calendar
          ? `${rules} have rolling windows only (Sloth has no calendar windows), so the calendar ${definition.calendar.unit}'s budget comes from the raw series; burn rates come from the rules.`
          : `${rules} have been recorded for less than the ${formatDuration(
              definition.windowMs,
            )} window (rules only record from when they are loaded), so the window's budget comes from the raw series; burn rates come from the rules.`,
      };
    }
    if (pyrra) {
      return this.fromPyrraRules(
        prometheus,
        definition,
        target,
        pyrra,
        atMs,
        window,
      );
    }
    return this.fromRaw(prometheus, definition, target, atMs, window);
  }

  /**
   * From the raw series. What `known` gives (read from recording rules):
   * error ratios of some windows, the window's events, is not queried again.
   * The days of the window come from one instant query, each day's counts
   * evaluated at its own end (see `offsetBy`).
   */
  private async fromRaw(
    prometheus: TimedPrometheus,
    definition: SloDefinition,
    target: TelemetryTarget,
    atMs: number,
    window: MeasuredWindow,
    known: {
      ratios?: Record<string, number | undefined>;
      window?: { good: number; total: number };
    } = {},
  ): Promise<Measured> {
    const built = await this.rawExpressions(
      prometheus,
      definition,
      target,
      atMs,
    );
    if ('problem' in built) return built;
    const { expressions, countsNormalised } = built;
    const { range, spans } = window;
    const knownRatios = known.ratios ?? {};
    const missing = BURN_RATE_WINDOWS.filter(w => !(w in knownRatios));
    const dayParts = (span: SloDaySpan, i: number) => {
      const length = formatDuration(span.endMs - span.startMs);
      const offsetMs = atMs - span.endMs;
      return [
        [`day ${i} bad`, offsetBy(expressions.bad(length), offsetMs)],
        [`day ${i} total`, offsetBy(expressions.total(length), offsetMs)],
      ];
    };
    const [counts, ratios, daily] = await Promise.all([
      known.window || !range
        ? Promise.resolve([])
        : prometheus.instant(
            tagged({
              bad: expressions.bad(range),
              total: expressions.total(range),
            }),
            atMs,
          ),
      missing.length > 0
        ? prometheus.instant(
            tagged(
              Object.fromEntries(
                missing.map(w => [w, expressions.errorRatio(w)]),
              ),
            ),
            atMs,
          )
        : Promise.resolve([]),
      spans.length > 0
        ? prometheus.instant(
            tagged(Object.fromEntries(spans.flatMap(dayParts))),
            atMs,
          )
        : Promise.resolve([]),
    ]);
    const measuredWindow = known.window ?? windowCounts(byPart(counts));
    const perDay = byPart(daily);
    const days = spans.map((span, i): MeasuredDay => {
      const dayTotal = Math.max(0, perDay[`day ${i} total`] ?? 0);
      const dayBad = Math.min(
        dayTotal,
        Math.max(0, perDay[`day ${i} bad`] ?? 0),
      );
      return {
        ...span,
        good: dayTotal - dayBad,
        total: dayTotal,
        objective: definition.objective,
      };
    });
    return {
      source: 'raw',
      countsNormalised,
      measurements: {
        window: measuredWindow,
        errorRatios: { ...knownRatios, ...byPart(ratios) },
      },
      days,
    };
  }

  /** Sloth's `slo:sli_error:ratio_rate<w>` for the given windows, in one query. */
  private async slothErrorRatios(
    prometheus: TimedPrometheus,
    definition: SloDefinition,
    service: string,
    windows: readonly string[],
    atMs: number,
  ): Promise<Record<string, number | undefined>> {
    const names = windows.map(w => `slo:sli_error:ratio_rate${w}`);
    const samples = await prometheus.instant(
      selector('', [
        {
          name: '__name__',
          op: '=~',
          value: names.map(escapeRegex).join('|'),
        },
        ...slothLabels(definition, service),
      ]),
      atMs,
    );
    const errorRatios: Record<string, number | undefined> = {};
    for (const s of samples) {
      const w = s.metric.__name__.slice('slo:sli_error:ratio_rate'.length);
      errorRatios[w] = value(s.value[1]);
    }
    return errorRatios;
  }

  private async fromRecordingRules(
    prometheus: TimedPrometheus,
    definition: SloDefinition,
    service: string,
    atMs: number,
    { spans }: MeasuredWindow,
  ): Promise<Measured> {
    const window = formatDuration(definition.windowMs);
    const windows = [...new Set([...BURN_RATE_WINDOWS, window])];
    // Each day is the mean of the 5m ratios over it, as Sloth's window
    // rule is over the window, so the days add up to the window.
    const fiveMinute = selector(
      'slo:sli_error:ratio_rate5m',
      slothLabels(definition, service),
    );
    const [errorRatios, daily] = await Promise.all([
      this.slothErrorRatios(prometheus, definition, service, windows, atMs),
      spans.length > 0
        ? prometheus.instant(
            tagged(
              Object.fromEntries(
                spans.map((span, i) => [
                  `day ${i}`,
                  offsetBy(
                    `avg_over_time(${fiveMinute}[${formatDuration(
                      span.endMs - span.startMs,
                    )}])`,
                    atMs - span.endMs,
                  ),
                ]),
              ),
            ),
            atMs,
          )
        : Promise.resolve([]),
    ]);
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
    return {
      source: 'recording-rules',
      countsNormalised: true,
      measurements: {
        // Ratios only: the window is one normalised event.
        window: { good: 1 - windowRatio, total: 1 },
        errorRatios,
      },
      days: normalisedDays(spans, byPart(daily), definition),
    };
  }

  /**
   * From Pyrra's rules: error ratios from `:burnrate<w>` and the window's
   * events from `:increase<window>` (real counts, split by the dialect's
   * error matchers). Windows Pyrra has no rule for (its 4w objectives have
   * 4d, not 3d) and the daily burn-down come from the raw series: Pyrra's
   * rules hold no per-day history before they were loaded.
   */
  private async fromPyrraRules(
    prometheus: TimedPrometheus,
    definition: SloDefinition,
    target: TelemetryTarget,
    rules: PyrraSloRules,
    atMs: number,
    window: MeasuredWindow,
  ): Promise<Measured> {
    const { matchers, dialect } = target.metrics!;
    const burnNames = new Map<string, string>();
    for (const w of BURN_RATE_WINDOWS) {
      const name = rules.burnRates.get(parseDuration(w)!);
      if (name) burnNames.set(name, w);
    }
    // Pyrra's windows are rolling: a calendar period has no increase rule.
    const increase = definition.calendar
      ? undefined
      : rules.increases.get(definition.windowMs);
    const [burnSamples, windowSamples] = await Promise.all([
      prometheus.instant(
        pyrraBurnRateSelector(rules, [...burnNames.keys()], matchers),
        atMs,
      ),
      increase
        ? prometheus.instant(
            tagged(pyrraWindowExpressions(rules, increase, matchers, dialect!)),
            atMs,
          )
        : Promise.resolve(undefined),
    ]);
    const ratios: Record<string, number | undefined> = {};
    for (const s of burnSamples) {
      ratios[burnNames.get(s.metric.__name__)!] = value(s.value[1]);
    }
    const raw = await this.fromRaw(
      prometheus,
      definition,
      target,
      atMs,
      window,
      {
        ratios,
        window: windowSamples && windowCounts(byPart(windowSamples)),
      },
    );
    if ('problem' in raw) return raw;
    const missing = BURN_RATE_WINDOWS.filter(w => !(w in ratios));
    const notes = [
      ...(missing.length
        ? [
            `Pyrra has no burn-rate rule for ${missing.join(', ')}; ${
              missing.length > 1 ? 'those come' : 'that comes'
            } from the raw series.`,
          ]
        : []),
      ...(increase
        ? []
        : [
            `Pyrra has no ${rules.metric}:increase rule for the ${
              definition.calendar
                ? `calendar ${definition.calendar.unit}`
                : `${formatDuration(definition.windowMs)} window`
            } of SLO ${
              rules.slo
            }, so the window's budget comes from the raw series.`,
          ]),
    ];
    return {
      ...raw,
      source: 'pyrra-recording-rules',
      ...(increase ? {} : { windowSource: 'raw' as const }),
      ...(notes.length ? { note: notes.join(' ') } : {}),
    };
  }
}

/**
 * When the stored days of the window were measured against another
 * objective than today's, the window's budget is combined per segment: each
 * stored (whole, UTC) day with the objective it had, the rest of the
 * window's events (its cut first and last days) with today's. Only for
 * event counts: normalised days and windows do not add up.
 */
export function withObjectiveChanges(
  measurements: SloMeasurements,
  stored: Array<SloDailyCount & { normalised?: boolean }>,
  definition: Pick<SloDefinition, 'objective'>,
  spanMs: number,
  countsNormalised: boolean,
): SloMeasurements {
  const { window } = measurements;
  if (
    countsNormalised ||
    Array.isArray(window) ||
    stored.some(d => d.normalised) ||
    stored.every(d => d.objective === definition.objective)
  ) {
    return measurements;
  }
  const days = stored.map(d => ({
    good: d.good,
    total: d.total,
    objective: d.objective,
    durationMs: DAY_MS,
  }));
  const storedTotal = days.reduce((sum, d) => sum + d.total, 0);
  const storedGood = days.reduce((sum, d) => sum + d.good, 0);
  const restTotal = Math.max(0, window.total - storedTotal);
  const rest = {
    total: restTotal,
    good: Math.min(restTotal, Math.max(0, window.good - storedGood)),
    objective: definition.objective,
    durationMs: Math.max(0, spanMs - days.length * DAY_MS),
  };
  return { ...measurements, window: [...days, rest] };
}

/**
 * For a latency annotation whose threshold is no bucket boundary: the
 * annotation at the nearest boundary (files name no single value to show).
 */
function nearestThresholdExample(
  definition: SloDefinition,
  boundaries: { below?: number; above?: number },
): { example?: string } {
  const threshold = definition.latencyThresholdSeconds!;
  const nearest = [boundaries.below, boundaries.above]
    .filter((b): b is number => b !== undefined)
    .sort((a, b) => Math.abs(a - threshold) - Math.abs(b - threshold))[0];
  if (definition.source !== 'annotation' || nearest === undefined) return {};
  return {
    example: `${definition.objectivePercent}% < ${formatLatency(nearest)}`,
  };
}

function slothLabels(definition: SloDefinition, service: string) {
  return [
    { name: SLOTH_LABELS.service, op: '=' as const, value: service },
    {
      name: SLOTH_LABELS.slo,
      op: '=' as const,
      value: slothSloName(definition),
    },
  ];
}

/**
 * Days from their mean error ratios, as normalised events: a whole day is
 * one event, a cut day its share of one, so days weigh what they last.
 */
function normalisedDays(
  spans: SloDaySpan[],
  ratios: Record<string, number | undefined>,
  definition: SloDefinition,
): MeasuredDay[] {
  return spans.map((span, i) => {
    const ratio = ratios[`day ${i}`];
    const total =
      ratio === undefined ? 0 : (span.endMs - span.startMs) / DAY_MS;
    return {
      ...span,
      good: ratio === undefined ? 0 : total * (1 - ratio),
      total,
      objective: definition.objective,
      normalised: true,
    };
  });
}

/** The window's days, the last cut at the instant. */
interface MeasuredWindow {
  period: SloPeriod;
  /** The days from the period's start to the instant. */
  spans: SloDaySpan[];
  /** The period so far as a PromQL range (`30d` for a rolling 30 days); absent when nothing of it has passed. */
  range?: string;
}

type Measured =
  | {
      source: SloMeasurementSource;
      /** When the window came from elsewhere than `source`. */
      windowSource?: SloMeasurementSource;
      note?: string;
      countsNormalised: boolean;
      measurements: SloMeasurements;
      days: MeasuredDay[];
    }
  | { problem: Omit<SloProblem, 'sloId'> };

/** The burn-down of the window's days, running to the instant evaluated. */
function burnDownFor(days: MeasuredDay[], atMs: number): BurnDownPoint[] {
  const points = burnDownSeries(
    days.map(({ day, good, total, objective }) => ({
      day,
      good,
      total,
      objective,
    })),
  );
  if (points.length === 0) return points;
  points[points.length - 1] = {
    ...points[points.length - 1],
    until: new Date(atMs).toISOString(),
  };
  return points;
}

function round(ms: number) {
  return Math.round(ms * 10) / 10;
}
