import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BURN_RATE_WINDOWS,
  BurnDownPoint,
  EntitySlosResponse,
  SloAdjustedEvaluation,
  SloAdjustment,
  SloDefinition,
  SloEvaluation,
  SloMeasurements,
  SloPeriod,
  SloProblem,
  SloStatusSummary,
  TelemetryTarget,
  burnDownSeries,
  daySpans,
  computeSloStatus,
  explainSloStatus,
  formatDuration,
  parseDuration,
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
import { SloAdjustmentService } from './adjustments/SloAdjustmentService';
import { Exclusions, exclusionsFor } from './adjustments/excludedIntervals';

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

/** The longest burn-rate window: how far before the instant an SLO's figures look, besides its window. */
const LONGEST_BURN_WINDOW_MS = Math.max(
  ...BURN_RATE_WINDOWS.map(w => parseDuration(w)!),
);

/**
 * What the adjustments exclude from one SLO at `atMs`: the periods inside
 * its window or its burn-rate windows, merged.
 */
export function sloExclusions(
  adjustments: SloAdjustment[],
  definition: SloDefinition,
  atMs: number,
): Exclusions {
  const fromMs = Math.min(
    sloPeriod(definition, atMs).startMs,
    atMs - LONGEST_BURN_WINDOW_MS,
  );
  return exclusionsFor(adjustments, definition.id, fromMs, atMs);
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
    adjustments?: SloAdjustmentService;
  }) {
    return new SloService(
      options.definitions,
      options.logger,
      options.history,
      options.adjustments,
    );
  }

  private constructor(
    readonly definitions: SloDefinitionReader,
    private readonly logger: LoggerService,
    private readonly history?: SloHistoryReader,
    private readonly adjustments?: SloAdjustmentService,
  ) {}

  /** The budget adjustments that apply to the entity, from every source. */
  async adjustmentsOf(
    entity: Entity,
    cluster: string,
    declared: EntitySloDefinitions,
  ): Promise<SloAdjustment[]> {
    return this.adjustments
      ? this.adjustments.forEntity(entity, cluster, declared.adjustments ?? [])
      : [];
  }

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
    flags: {
      /** Days measured by Prometheus alone, with no period excluded: what history stores. */
      fromPrometheusOnly?: boolean;
    } = {},
  ): Promise<{
    response: EntitySlosResponse;
    days: Map<string, MeasuredDay[]>;
  }> {
    const { entity, target, prometheus, atMs } = options;
    const entityRef = stringifyEntityRef(entity);
    const declared = options.declared ?? (await this.definitions.read(entity));
    const { definitions, problems } = declared;
    // Stored days are unadjusted: an adjustment deleted later must not
    // leave its periods missing from history.
    const adjustments = flags.fromPrometheusOnly
      ? []
      : await this.adjustmentsOf(entity, target.cluster, declared);
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
          exclusions: sloExclusions(adjustments, definition, atMs),
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
    exclusions: Exclusions;
  }): Promise<{ evaluation: SloEvaluation; days: MeasuredDay[] }> {
    const { definition, measurement, atMs, exclusions } = options;
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
        excluded: exclusions.intervals,
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
              excluded: exclusions.intervals,
            })
          : undefined;
      const days = stored?.days ?? measured.days;
      const measurements = stored?.measurements ?? inPeriod;
      const status = computeSloStatus(definition, measurements);
      const adjusted = adjustedEvaluation(exclusions, status, () =>
        measured.unadjusted
          ? computeSloStatus(definition, {
              ...inPeriod,
              ...measured.unadjusted,
            })
          : undefined,
      );
      const notes = [
        measured.note,
        exclusions.intervals.length > 0 && measured.countsNormalised
          ? 'Budget adjustments cannot exclude periods from this SLO: its indicator is a ratio query, with no events to take them out of.'
          : undefined,
      ].filter(Boolean);
      const evaluation: SloEvaluation = {
        ...base,
        source: measured.source ?? measurement.source,
        ...(measured.windowSource
          ? { windowSource: measured.windowSource }
          : {}),
        ...(notes.length ? { sourceNote: notes.join(' ') } : {}),
        ...(measured.countsNormalised ? { countsNormalised: true } : {}),
        status,
        explanations: explainSloStatus(definition, status, {
          countsNormalised: measured.countsNormalised,
        }),
        burnDown: burnDownFor(days, atMs),
        burnDownSource: stored ? 'history' : 'prometheus',
        upstreamMs: round(prometheus.elapsedMs),
        ...(adjusted ? { adjusted } : {}),
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

/**
 * What the evaluation excluded, and which burn-rate conditions the
 * generated Prometheus rules (which cannot know adjustments) evaluate
 * otherwise: those that hold without the exclusions and not with them,
 * or the reverse. Undefined when nothing was excluded.
 */
function adjustedEvaluation(
  exclusions: Exclusions,
  status: SloStatusSummary,
  unadjustedStatus: () => SloStatusSummary | undefined,
): SloAdjustedEvaluation | undefined {
  if (exclusions.intervals.length === 0 && exclusions.truncated.length === 0) {
    return undefined;
  }
  const unadjusted = unadjustedStatus();
  const firing = new Map(status.alerts.map(a => [a.id, a.firing]));
  return {
    adjustmentIds: exclusions.adjustmentIds,
    reasons: exclusions.reasons,
    periods: exclusions.intervals.map(i => ({
      start: new Date(i.startMs).toISOString(),
      end: new Date(i.endMs).toISOString(),
    })),
    rulesDisagree: (unadjusted?.alerts ?? [])
      .filter(a => a.firing !== firing.get(a.id))
      .map(a => a.id),
    ...(exclusions.truncated.length ? { truncated: exclusions.truncated } : {}),
  };
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
