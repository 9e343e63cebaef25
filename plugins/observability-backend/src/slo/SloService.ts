import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BurnDownPoint,
  EntitySlosResponse,
  SloDefinition,
  SloEvaluation,
  SloMeasurements,
  SloPeriod,
  SloProblem,
  TelemetryTarget,
  burnDownSeries,
  daySpans,
  computeSloStatus,
  explainSloStatus,
  formatDuration,
  sloPeriod,
} from '@sightline/plugin-observability-common';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { rawSliExpressions } from './measurement/RawSeriesMeasurement';
import { RecordingRules } from './measurement/RecordingRules';
import {
  InstantQueries,
  MeasuredDay,
  SloMeasurement,
} from './measurement/SloMeasurement';
import { SloHistoryReader, withStoredDays } from './measurement/storedHistory';
import { EntitySloDefinitions, SloDefinitionReader } from './SloDefinitions';

/** Dialect detection always probes at least this far back. */
const MIN_DETECTION_LOOKBACK_MS = 3_600_000;

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

/** Prometheus, with the time spent in it counted: each SLO reports its own. */
class TimedPrometheus implements InstantQueries {
  elapsedMs = 0;
  constructor(private readonly client: InstantQueries) {}

  async instant(query: string, atMs: number) {
    const started = performance.now();
    try {
      return await this.client.instant(query, atMs);
    } finally {
      this.elapsedMs += performance.now() - started;
    }
  }
}

/**
 * Evaluates an entity's SLOs: finds which recording rules Prometheus has
 * for them, lets each SLO's measurement (raw series, Sloth rules or Pyrra
 * rules; see measurement/) read its numbers, and turns those into status,
 * explanations and burn-down, with stored history standing in for the
 * days Prometheus no longer holds.
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
    const { entity, target, prometheus, atMs } = options;
    const entityRef = stringifyEntityRef(entity);
    const { definitions, problems } =
      options.declared ?? (await this.definitions.read(entity));
    const rules = await RecordingRules.detect({
      prometheus,
      definitions,
      target,
      service: entity.metadata.name,
      atMs,
      logger: this.logger,
    });
    const results = await Promise.all(
      definitions.map(definition =>
        this.evaluateOne({
          definition,
          measurement: rules.measurementFor(definition),
          target,
          entityRef,
          prometheus,
          atMs,
          useHistory: !flags.fromPrometheusOnly,
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

  /** The SLI expressions from the raw series, or why there are none. */
  rawExpressions(
    prometheus: InstantQueries,
    definition: SloDefinition,
    target: TelemetryTarget,
    atMs: number,
  ) {
    return rawSliExpressions(prometheus, definition, target, atMs);
  }

  private async evaluateOne(options: {
    definition: SloDefinition;
    measurement: SloMeasurement;
    target: TelemetryTarget;
    entityRef: string;
    prometheus: InstantQueries;
    atMs: number;
    useHistory: boolean;
  }): Promise<{ evaluation: SloEvaluation; days: MeasuredDay[] }> {
    const { definition, measurement, atMs } = options;
    const prometheus = new TimedPrometheus(options.prometheus);
    const problems: SloProblem[] = [];
    const base: SloEvaluation = {
      definition,
      explanations: [],
      burnDown: [],
      problems,
    };
    const period = sloPeriod(definition, atMs);
    const window = {
      period,
      spans: daySpans(period.startMs, atMs, period.timeZone),
      range: periodRange(period, atMs),
    };
    try {
      const measured = await measurement.measure({
        prometheus,
        definition,
        target: options.target,
        atMs,
        window,
      });
      if ('problem' in measured) {
        problems.push({ sloId: definition.id, ...measured.problem });
        return {
          evaluation: { ...base, upstreamMs: round(prometheus.elapsedMs) },
          days: [],
        };
      }
      const inPeriod: SloMeasurements = {
        ...measured.measurements,
        ...(period.calendar
          ? { period: { startMs: period.startMs, endMs: period.endMs } }
          : {}),
      };
      const stored =
        this.history && options.useHistory
          ? await withStoredDays({
              history: this.history,
              entityRef: options.entityRef,
              definition,
              days: measured.days,
              measurements: inPeriod,
              countsNormalised: measured.countsNormalised,
              spanMs: atMs - period.startMs,
            })
          : undefined;
      const days = stored?.days ?? measured.days;
      const measurements = stored?.measurements ?? inPeriod;
      const status = computeSloStatus(definition, measurements);
      const evaluation: SloEvaluation = {
        ...base,
        source: measurement.source,
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
        burnDownSource: stored ? 'history' : 'prometheus',
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
}

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
