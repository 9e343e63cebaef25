import {
  BURN_RATE_WINDOWS,
  SloDaySpan,
  SloDefinition,
  escapeRegex,
  formatDuration,
} from '@sightline/plugin-observability-common';
import { SLOTH_LABELS } from '@sightline/plugin-observability-node';
import { selector } from '../../metrics/promql';
import { dailyParts, sampleValue } from '../SloQueries';
import {
  measureAdjustedFromRaw,
  measureRawSeries,
} from './RawSeriesMeasurement';
import {
  InstantQueries,
  Measured,
  MeasuredDay,
  MeasurementRequest,
  SloMeasurement,
  instantParts,
} from './SloMeasurement';

const DAY_MS = 86_400_000;
/** Sloth's error ratio over a window is `slo:sli_error:ratio_rate<window>`. */
const ERROR_RATIO_RULE = 'slo:sli_error:ratio_rate';
/** Sloth's shortest window, which every longer window's rule averages. */
export const SLOTH_FIVE_MINUTE_RULE = `${ERROR_RATIO_RULE}5m`;

/** The `sloth_slo` label value Sightline's and Sloth's generators give an SLO. */
export function slothSloName(definition: SloDefinition): string {
  return definition.source === 'annotation' ? definition.id : definition.name;
}

/**
 * From Sloth's recording rules for `<service>/<slo>`. Rules only record from
 * when they were loaded, and Sloth's window ratio is the mean of its 5m
 * ratios over the window: until the 5m rule has been recorded for a whole
 * window, or for a calendar period (Sloth's windows are rolling), the
 * window's budget comes from the raw series (`windowFrom: 'raw'`); burn
 * rates always come from the rules, as Sloth computes each of those from
 * the raw series itself.
 */
export class SlothRulesMeasurement implements SloMeasurement {
  readonly source = 'recording-rules';

  constructor(
    /** The `sloth_service` label value of the SLO's rules. */
    readonly service: string,
    readonly windowFrom: 'rules' | 'raw',
  ) {}

  measure(request: MeasurementRequest): Promise<Measured> {
    if (request.excluded?.length) {
      return measureAdjustedFromRaw(
        request,
        `the Sloth recording rules for ${this.service}/${slothSloName(
          request.definition,
        )}`,
      );
    }
    return this.windowFrom === 'rules'
      ? this.fromRules(request)
      : this.withRawWindow(request);
  }

  /** Ratios only, cheap instant queries: the window is one normalised event. */
  private async fromRules({
    prometheus,
    definition,
    atMs,
    window: { spans },
  }: MeasurementRequest): Promise<Measured> {
    const window = formatDuration(definition.windowMs);
    // Each day is the mean of the 5m ratios over it, as Sloth's window
    // rule is over the window, so the days add up to the window.
    const fiveMinute = selector(
      SLOTH_FIVE_MINUTE_RULE,
      this.labels(definition),
    );
    const [errorRatios, perDay] = await Promise.all([
      this.errorRatios(
        prometheus,
        definition,
        [...new Set([...BURN_RATE_WINDOWS, window])],
        atMs,
      ),
      instantParts(
        prometheus,
        dailyParts(spans, atMs, {
          'error ratio': range => `avg_over_time(${fiveMinute}[${range}])`,
        }),
        atMs,
      ),
    ]);
    const windowRatio = errorRatios[window];
    if (windowRatio === undefined) {
      return {
        problem: {
          field: 'recording rules',
          message: `Sloth rules exist for ${this.service}/${slothSloName(
            definition,
          )} but ${ERROR_RATIO_RULE}${window} has no value at this instant`,
        },
      };
    }
    return {
      countsNormalised: true,
      measurements: {
        window: { good: 1 - windowRatio, total: 1 },
        errorRatios,
      },
      days: normalisedDays(spans, perDay, definition),
    };
  }

  private async withRawWindow(request: MeasurementRequest): Promise<Measured> {
    const { prometheus, definition, atMs } = request;
    const ratios = await this.errorRatios(
      prometheus,
      definition,
      BURN_RATE_WINDOWS,
      atMs,
    );
    const raw = await measureRawSeries(request, { ratios });
    if ('problem' in raw) return raw;
    const rules = `Sloth recording rules for ${this.service}/${slothSloName(
      definition,
    )}`;
    return {
      ...raw,
      windowSource: 'raw',
      note: definition.calendar
        ? `${rules} have rolling windows only (Sloth has no calendar windows), so the calendar ${definition.calendar.unit}'s budget comes from the raw series; burn rates come from the rules.`
        : `${rules} have been recorded for less than the ${formatDuration(
            definition.windowMs,
          )} window (rules only record from when they are loaded), so the window's budget comes from the raw series; burn rates come from the rules.`,
    };
  }

  /** Sloth's error ratios of the given windows, in one query. */
  private async errorRatios(
    prometheus: InstantQueries,
    definition: SloDefinition,
    windows: readonly string[],
    atMs: number,
  ): Promise<Record<string, number | undefined>> {
    const samples = await prometheus.instant(
      selector('', [
        {
          name: '__name__',
          op: '=~',
          value: windows
            .map(w => escapeRegex(`${ERROR_RATIO_RULE}${w}`))
            .join('|'),
        },
        ...this.labels(definition),
      ]),
      atMs,
    );
    const errorRatios: Record<string, number | undefined> = {};
    for (const s of samples) {
      errorRatios[s.metric.__name__.slice(ERROR_RATIO_RULE.length)] =
        sampleValue(s.value[1]);
    }
    return errorRatios;
  }

  private labels(definition: SloDefinition) {
    return [
      { name: SLOTH_LABELS.service, op: '=' as const, value: this.service },
      {
        name: SLOTH_LABELS.slo,
        op: '=' as const,
        value: slothSloName(definition),
      },
    ];
  }
}

/**
 * Days from their mean error ratios, as normalised events: a whole day is
 * one event, a cut day its share of one, so days weigh what they last.
 */
function normalisedDays(
  spans: SloDaySpan[],
  perDay: Record<string, number | undefined>,
  definition: SloDefinition,
): MeasuredDay[] {
  return spans.map((span, i) => {
    const ratio = perDay[`day ${i} error ratio`];
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
