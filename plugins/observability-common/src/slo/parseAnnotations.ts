import { OBSERVABILITY_ANNOTATIONS } from '../annotations';
import { parseDuration } from '../duration';
import { AnnotationProblem } from '../target';
import { DEFAULT_SLO_TIME_ZONE, isTimeZone } from './calendar';
import { formatLatency, percentToRatio, ratioToPercent } from './format';
import { SloCalendar, SloDefinition } from './types';

/** The default rolling window: 30 days. */
export const DEFAULT_SLO_WINDOW = '30d';
/** The shortest window Sightline accepts: 1 hour. @public */
export const MIN_SLO_WINDOW_MS = 3_600_000;
/** The longest window Sightline accepts: 400 days (the default history retention). */
const MAX_SLO_WINDOW_MS = 400 * 86_400_000;

/**
 * The result of parsing one annotation value: the value, or a problem that
 * says which annotation, what was wrong and gives a correct example.
 */
export type SloAnnotationResult<T> =
  | { ok: true; value: T }
  | { ok: false; problem: AnnotationProblem };

/**
 * An objective, both as a ratio and as the percentage that was written.
 */
export interface ParsedObjective {
  /** `0.999` */
  objective: number;
  /** `99.9` */
  objectivePercent: number;
}

/**
 * A latency objective such as `99% < 300ms`.
 */
export interface ParsedLatencyObjective extends ParsedObjective {
  /** The percentile as written: `p95` → `95`, `99% < …` → `99`. */
  percentile: number;
  thresholdSeconds: number;
}

/**
 * A rolling window such as `30d`.
 */
export interface ParsedSloWindow {
  windowMs: number;
  /** The window as written, trimmed: `30d`, `4w`, `calendar-month`. */
  window: string;
  /** Set for calendar windows. */
  calendar?: SloCalendar;
}

/**
 * The nominal length of a calendar window: its longest period (a 31-day
 * month, a week), so that anything sized by it covers every period.
 */
export const CALENDAR_WINDOW_MS: Record<SloCalendar['unit'], number> = {
  month: 31 * 86_400_000,
  week: 7 * 86_400_000,
};

const EXAMPLES = {
  availability: '99.9',
  latency: '99% < 300ms',
  window: '30d',
};

const NUMBER = /^(\d+(?:\.\d+)?)$/;

function fail<T>(
  annotation: string,
  value: string,
  message: string,
  example: string,
): SloAnnotationResult<T> {
  return { ok: false, problem: { annotation, value, message, example } };
}

/**
 * Checks a percentage objective: strictly between 0 and 100, and not a ratio
 * written by mistake (`0.999` meaning 99.9%). Returns the reason it is wrong,
 * or undefined.
 */
export function checkObjectivePercent(percent: number): string | undefined {
  if (!Number.isFinite(percent)) return 'is not a number';
  if (percent <= 0) return 'must be greater than 0%';
  if (percent >= 100) {
    return 'must be below 100%: an objective of 100% leaves no error budget';
  }
  if (percent <= 1) {
    return `looks like a ratio; write the objective in percent (${percent} means ${percent}%, not ${ratioToPercent(
      percent,
    )}%)`;
  }
  return undefined;
}

/**
 * Parses an objective percentage as written in annotations: `99.9`, `99.95%`,
 * `99.5 %`.
 */
function parseObjectivePercent(
  value: string,
  annotation: string = OBSERVABILITY_ANNOTATIONS.sloAvailability,
  example: string = EXAMPLES.availability,
): SloAnnotationResult<ParsedObjective> {
  const text = value.trim().replace(/\s*%$/, '');
  if (!NUMBER.test(text)) {
    return fail(
      annotation,
      value,
      `"${value}" is not a percentage; write a number between 0 and 100, optionally followed by %`,
      example,
    );
  }
  const percent = Number(text);
  const wrong = checkObjectivePercent(percent);
  if (wrong) {
    return fail(annotation, value, `The objective ${wrong}`, example);
  }
  return {
    ok: true,
    value: { objective: percentToRatio(percent), objectivePercent: percent },
  };
}

/**
 * Parses `sightline.dev/slo-availability`: `99.9`, `99.95%`.
 */
export function parseAvailabilityObjective(
  value: string,
): SloAnnotationResult<ParsedObjective> {
  return parseObjectivePercent(value);
}

const THRESHOLD = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/;
const THRESHOLD_SCALE: Record<string, number> = { ms: 0.001, s: 1, m: 60 };

/**
 * Parses a latency threshold into seconds: `300ms`, `1.5s`, `250 ms`, `2m`.
 * Whole numbers go through `parseDuration`; decimals are read here because
 * Prometheus durations have none. Returns undefined for anything else
 * (including zero).
 */
export function parseLatencyThreshold(value: string): number | undefined {
  const text = value.trim();
  const match = THRESHOLD.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  const seconds = amount.includes('.')
    ? Number((Number(amount) * THRESHOLD_SCALE[unit]).toPrecision(15))
    : (parseDuration(`${amount}${unit}`) ?? 0) / 1000;
  return seconds > 0 ? seconds : undefined;
}

const LATENCY = /^(?:p\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*%)\s*(<=?)\s*(.+)$/i;

/**
 * Parses `sightline.dev/slo-latency`: `99% < 300ms`, `p95 < 1.5s`,
 * `99.5% < 250 ms` (`<=` is accepted too; a histogram bucket counts
 * requests at or below its boundary either way).
 */
export function parseLatencyObjective(
  value: string,
): SloAnnotationResult<ParsedLatencyObjective> {
  const annotation = OBSERVABILITY_ANNOTATIONS.sloLatency;
  const match = LATENCY.exec(value.trim());
  if (!match) {
    return fail(
      annotation,
      value,
      `"${value}" is not a latency objective; write "<percent>% < <threshold>" or "p<percentile> < <threshold>"`,
      `${EXAMPLES.latency} or p95 < 1.5s`,
    );
  }
  const [, pValue, percentValue, , thresholdText] = match;
  const percent = Number(pValue ?? percentValue);
  const wrong = checkObjectivePercent(percent);
  if (wrong) {
    return fail(annotation, value, `The percentile ${wrong}`, EXAMPLES.latency);
  }
  const thresholdSeconds = parseLatencyThreshold(thresholdText);
  if (thresholdSeconds === undefined) {
    const zero = /^0+(?:\.0+)?\s*(?:ms|s|m)?$/.test(thresholdText.trim());
    return fail(
      annotation,
      value,
      zero
        ? 'The latency threshold must be greater than 0'
        : `"${thresholdText.trim()}" is not a latency threshold; write a number with a unit: ms, s or m`,
      EXAMPLES.latency,
    );
  }
  return {
    ok: true,
    value: {
      objective: percentToRatio(percent),
      objectivePercent: percent,
      percentile: percent,
      thresholdSeconds,
    },
  };
}

/**
 * Parses a rolling window (`30d`, `28d`, `7d`, `1w`, `720h`) with
 * `parseDuration` and checks it is between 1 hour and 400 days.
 */
export function parseSloWindow(
  value: string,
  annotation: string = OBSERVABILITY_ANNOTATIONS.sloWindow,
): SloAnnotationResult<ParsedSloWindow> {
  const window = value.trim();
  const windowMs = parseDuration(window);
  if (windowMs === undefined) {
    const hint = /^\d+[MQY]$/.test(window)
      ? '; months, quarters and years vary in length, so write days, or calendar-month for calendar months'
      : '';
    return fail(
      annotation,
      value,
      `"${value}" is not a duration${hint}; write a whole number with a unit such as d (days), w (weeks) or h (hours)`,
      EXAMPLES.window,
    );
  }
  if (windowMs < MIN_SLO_WINDOW_MS) {
    return fail(
      annotation,
      value,
      `The window ${window} is shorter than 1h; an error budget needs a window of hours to days`,
      EXAMPLES.window,
    );
  }
  if (windowMs > MAX_SLO_WINDOW_MS) {
    return fail(
      annotation,
      value,
      `The window ${window} is longer than 400d, longer than Sightline keeps history`,
      EXAMPLES.window,
    );
  }
  return { ok: true, value: { windowMs, window } };
}

const CALENDAR_WINDOW = /^calendar-(month|week)(?:\s+(\S+))?$/;

/**
 * Parses a calendar window as written in `sightline.dev/slo-window`:
 * `calendar-month` or `calendar-week` (weeks start on Monday), optionally
 * followed by the IANA time zone whose midnights bound the periods,
 * `calendar-month Europe/Berlin`; UTC by default. Undefined when the value is
 * not a calendar window at all (then it is a rolling one).
 */
export function parseCalendarWindow(
  value: string,
  annotation: string = OBSERVABILITY_ANNOTATIONS.sloWindow,
): SloAnnotationResult<ParsedSloWindow> | undefined {
  const window = value.trim().replace(/\s+/g, ' ');
  if (!window.startsWith('calendar')) return undefined;
  const match = CALENDAR_WINDOW.exec(window);
  if (!match) {
    return fail(
      annotation,
      value,
      `"${value}" is not a calendar window; write calendar-month or calendar-week, optionally followed by an IANA time zone`,
      'calendar-month Europe/Berlin',
    );
  }
  const unit = match[1] as SloCalendar['unit'];
  const timeZone = match[2] ?? DEFAULT_SLO_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    return fail(
      annotation,
      value,
      `"${timeZone}" is not a time zone this runtime knows; write an IANA name such as Europe/Berlin or America/New_York`,
      `calendar-${unit} Europe/Berlin`,
    );
  }
  return {
    ok: true,
    value: {
      window,
      windowMs: CALENDAR_WINDOW_MS[unit],
      calendar: { unit, timeZone },
    },
  };
}

/** How a definition's description names its window. */
function windowWords(window: ParsedSloWindow, declared: boolean): string {
  if (window.calendar) {
    return `per calendar ${window.calendar.unit} (${window.calendar.timeZone})`;
  }
  return `over a rolling ${window.window}${
    declared ? '' : ' (the default window)'
  }`;
}

/**
 * The SLOs an entity declares with the shorthand annotations, and a problem
 * for each malformed one.
 *
 * @public
 */
export interface SloAnnotationsResult {
  definitions: SloDefinition[];
  problems: AnnotationProblem[];
}

/**
 * Reads `sightline.dev/slo-availability`, `sightline.dev/slo-latency` and
 * `sightline.dev/slo-window` into SLO definitions. A malformed objective
 * drops only its SLO; a malformed window drops both (every number would be
 * wrong with a guessed window). Annotations that are absent give nothing.
 *
 * @public
 */
export function sloDefinitionsFromAnnotations(
  annotations: Record<string, string | undefined>,
): SloAnnotationsResult {
  const keys = OBSERVABILITY_ANNOTATIONS;
  const definitions: SloDefinition[] = [];
  const problems: AnnotationProblem[] = [];
  const availabilityText = annotations[keys.sloAvailability];
  const latencyText = annotations[keys.sloLatency];
  if (availabilityText === undefined && latencyText === undefined) {
    return { definitions, problems };
  }

  const windowText = annotations[keys.sloWindow] ?? DEFAULT_SLO_WINDOW;
  const windowResult =
    parseCalendarWindow(windowText) ?? parseSloWindow(windowText);
  if (!windowResult.ok) {
    problems.push(windowResult.problem);
  }
  const windowDeclaredAt = annotations[keys.sloWindow] !== undefined;

  if (availabilityText !== undefined) {
    const parsed = parseAvailabilityObjective(availabilityText);
    if (!parsed.ok) {
      problems.push(parsed.problem);
    } else if (windowResult.ok) {
      const { objective, objectivePercent } = parsed.value;
      definitions.push({
        id: 'availability',
        name: 'Availability',
        description: `${objectivePercent}% of requests succeed ${windowWords(
          windowResult.value,
          windowDeclaredAt,
        )}`,
        sli: 'availability',
        objective,
        objectivePercent,
        ...windowResult.value,
        indicator: { type: 'dialect' },
        source: 'annotation',
        declaredAt: { annotation: keys.sloAvailability },
        budgetingMethod: 'Occurrences',
      });
    }
  }

  if (latencyText !== undefined) {
    const parsed = parseLatencyObjective(latencyText);
    if (!parsed.ok) {
      problems.push(parsed.problem);
    } else if (windowResult.ok) {
      const { objective, objectivePercent, percentile, thresholdSeconds } =
        parsed.value;
      definitions.push({
        id: 'latency',
        name: 'Latency',
        description: `${objectivePercent}% of requests complete within ${formatLatency(
          thresholdSeconds,
        )} ${windowWords(windowResult.value, windowDeclaredAt)}`,
        sli: 'latency',
        objective,
        objectivePercent,
        ...windowResult.value,
        latencyThresholdSeconds: thresholdSeconds,
        latencyPercentile: percentile,
        indicator: { type: 'dialect' },
        source: 'annotation',
        declaredAt: { annotation: keys.sloLatency },
        budgetingMethod: 'Occurrences',
      });
    }
  }
  return { definitions, problems };
}
