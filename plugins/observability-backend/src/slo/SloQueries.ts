import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import {
  LabelMatcher,
  ResolvedMetricDialect,
  SloDaySpan,
  SloDefinition,
  formatDuration,
  parseDuration,
} from '@sightline/plugin-observability-common';
import { selector } from '../metrics/promql';

/** The label the combined queries put on each part, so one query answers many windows. */
export const PART_LABEL = 'sightline_part';

/** Joins expressions into one instant query, each tagged with its key in PART_LABEL. */
export function tagged(parts: Record<string, string>): string {
  return Object.entries(parts)
    .map(
      ([key, expr]) =>
        `label_replace(${expr}, "${PART_LABEL}", "${key}", "", "")`,
    )
    .join(' or ');
}

/** A sample's value; NaN and infinities (e.g. 0/0) are no value. */
export function sampleValue(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Nodes that read samples relative to the evaluation time; an `offset` right after one shifts all it reads. */
const READS_SAMPLES = new Set([
  'VectorSelector',
  'MatrixSelector',
  'SubqueryExpr',
]);

/**
 * What an `offset` after each selector would not shift as it shifts the
 * evaluation time: modifiers already on a selector (PromQL allows one
 * offset and one `@` each, and the parser's tree does not say which
 * selector an existing offset belongs to), and functions of the evaluation
 * time itself.
 */
const UNSHIFTABLE = new Set([
  'Offset',
  'At',
  'Anchored',
  'Smoothed',
  'Time',
  'Minute',
  'Hour',
  'DayOfMonth',
  'DayOfWeek',
  'DayOfYear',
  'DaysInMonth',
  'Month',
  'Year',
]);

/** Where an `offset` goes in `expr` (after each selector), or undefined when offsets there would not shift it whole. */
function selectorEnds(expr: string): number[] | undefined {
  const ends: number[] = [];
  let shiftable = true;
  promqlParser.parse(expr).iterate({
    enter: node => {
      if (node.type.isError || UNSHIFTABLE.has(node.name)) {
        shiftable = false;
      } else if (READS_SAMPLES.has(node.name)) {
        ends.push(node.to);
      } else {
        return true;
      }
      // A selector's own parts (a range's inner selector) take no offset of their own.
      return false;
    },
  });
  return shiftable ? ends : undefined;
}

/**
 * `expr` evaluated `offsetMs` before the query's instant, so one instant
 * query can hold every day of a window, each cut at its own bounds: local
 * midnights, the window's start, the instant itself (a range query's evenly
 * spaced steps cannot). The offset goes on every selector, which every
 * engine evaluates as Prometheus does. Expressions where that would not
 * shift everything (an offset or `@` already there, `time()`; only custom
 * SLO queries have them) are instead evaluated there by a subquery one
 * millisecond long, which Prometheus answers but VictoriaMetrics refuses
 * (it evaluates the 1 ms steps over its whole look-back: too many points).
 */
export function offsetBy(expr: string, offsetMs: number): string {
  if (offsetMs === 0) return expr;
  const offset = ` offset ${formatDuration(offsetMs)}`;
  const ends = selectorEnds(expr);
  if (!ends) return `last_over_time((${expr})[1ms:1ms]${offset})`;
  let shifted = expr;
  for (const end of ends.reverse()) {
    shifted = shifted.slice(0, end) + offset + shifted.slice(end);
  }
  return shifted;
}

/**
 * Parts `day <i> <key>` for every day of the window and every expression,
 * each over its day and evaluated at the day's end (see `offsetBy`), so one
 * query answers for all days.
 */
export function dailyParts(
  spans: SloDaySpan[],
  atMs: number,
  expressions: Record<string, (range: string) => string>,
): Record<string, string> {
  return Object.fromEntries(
    spans.flatMap((span, i) =>
      Object.entries(expressions).map(([key, expression]) => [
        `day ${i} ${key}`,
        offsetBy(
          expression(formatDuration(span.endMs - span.startMs)),
          atMs - span.endMs,
        ),
      ]),
    ),
  );
}

/**
 * What an SLI needs from the raw series: the bad and total events in a
 * window (`increase`), and the error ratio over a look-back window.
 */
export interface SliExpressions {
  /** Bad events over the window (an `increase`). */
  bad(window: string): string;
  /** All events over the window (an `increase`). */
  total(window: string): string;
  /** Error ratio over a look-back window (`rate`s, so the ratio is exact). */
  errorRatio(window: string): string;
  /**
   * The error ratio's two sides, for grouped queries that read them apart
   * and divide as PromQL would (see `ratioFromSides`): a grouped query has
   * no `vector(0)` to stand in for a service without error series, and
   * needs not evaluate the requests twice for one.
   */
  ratioSides?(window: string): RatioSides;
}

/** See `SliExpressions.ratioSides`. */
export interface RatioSides {
  numerator: string;
  denominator: string;
  /** The error ratio is 1 − numerator / denominator (the numerator counts good events). */
  complement: boolean;
  /** An absent numerator counts as 0 (no error series: no errors); otherwise there is no ratio. */
  absentNumeratorIsZero: boolean;
}

/**
 * The error ratio from its sides' values, with the float arithmetic PromQL
 * uses (IEEE doubles): no denominator, no ratio; 0/0 and x/0 no value.
 */
export function ratioFromSides(
  sides: Pick<RatioSides, 'complement' | 'absentNumeratorIsZero'>,
  numerator: number | undefined,
  denominator: number | undefined,
  present: { numerator: boolean; denominator: boolean },
): { present: boolean; value?: number } {
  if (!present.denominator) return { present: false };
  if (!present.numerator && !sides.absentNumeratorIsZero) {
    return { present: false };
  }
  // NaN on either side (read as no value) makes the quotient NaN too.
  if (
    denominator === undefined ||
    (present.numerator && numerator === undefined)
  ) {
    return { present: true };
  }
  const ratio = (numerator ?? 0) / denominator;
  const value = sides.complement ? 1 - ratio : ratio;
  return { present: true, value: Number.isFinite(value) ? value : undefined };
}

/**
 * `sum`, or `sum by (labels)` when one query measures many entities at once
 * (each entity one combination of its identity labels' values).
 */
function sumBy(by: readonly string[]): string {
  return by.length ? `sum by (${by.join(', ')}) ` : 'sum';
}

/**
 * Availability from the dialect: errors are the dialect's error matcher.
 * With `by`, every expression keeps those labels, so one query answers for
 * every entity its matchers select (see fleet/FleetQueries).
 */
export function availabilityExpressions(
  entityMatchers: LabelMatcher[],
  dialect: ResolvedMetricDialect,
  by: readonly string[] = [],
): SliExpressions {
  const sum = sumBy(by);
  const requests = (extra: LabelMatcher[] = []) =>
    selector(
      dialect.requestMetric,
      entityMatchers,
      dialect.requestMatchers,
      extra,
    );
  // No error series at all means no errors: `vector(0)` for one entity.
  // Grouped, it has no labels to match: the reader counts an absent bad
  // part as none (`windowCounts`, `ratioFromSides`).
  const errors = (fn: string, window: string) =>
    `(${[
      ...dialect.errorMatchers.map(
        m => `${sum}(${fn}(${requests(m)}[${window}]))`,
      ),
      ...(by.length ? [] : ['vector(0)']),
    ].join(' or ')})`;
  return {
    bad: window => errors('increase', window),
    total: window => `${sum}(increase(${requests()}[${window}]))`,
    errorRatio: window =>
      `${errors('rate', window)} / ${sum}(rate(${requests()}[${window}]))`,
    ratioSides: window => ({
      numerator: errors('rate', window),
      denominator: `${sum}(rate(${requests()}[${window}]))`,
      complement: false,
      absentNumeratorIsZero: true,
    }),
  };
}

/** Latency from the histogram: good = the bucket at the threshold, total = the count. */
export function latencyExpressions(
  entityMatchers: LabelMatcher[],
  dialect: ResolvedMetricDialect & { durationMetric: string },
  le: string,
  by: readonly string[] = [],
): SliExpressions {
  const sum = sumBy(by);
  const bucket = selector(
    `${dialect.durationMetric}_bucket`,
    entityMatchers,
    dialect.requestMatchers,
    [{ name: 'le', op: '=', value: le }],
  );
  const count = selector(
    `${dialect.durationMetric}_count`,
    entityMatchers,
    dialect.requestMatchers,
  );
  return {
    bad: window =>
      `(${sum}(increase(${count}[${window}])) - ${sum}(increase(${bucket}[${window}])))`,
    total: window => `${sum}(increase(${count}[${window}]))`,
    errorRatio: window =>
      `1 - ${sum}(rate(${bucket}[${window}])) / ${sum}(rate(${count}[${window}]))`,
    ratioSides: window => ({
      numerator: `${sum}(rate(${bucket}[${window}]))`,
      denominator: `${sum}(rate(${count}[${window}]))`,
      complement: true,
      absentNumeratorIsZero: false,
    }),
  };
}

/** The cheap query that lists the histogram's bucket boundaries (per `by` group). */
export function bucketBoundariesQuery(
  entityMatchers: LabelMatcher[],
  dialect: ResolvedMetricDialect & { durationMetric: string },
  by: readonly string[] = [],
): string {
  return `group by (${['le', ...by].join(', ')}) (last_over_time(${selector(
    `${dialect.durationMetric}_bucket`,
    entityMatchers,
    dialect.requestMatchers,
  )}[1h]))`;
}

/**
 * The window's good and total events from its `bad` and `total` parts:
 * absent parts count as none, and bad never exceeds total (the two
 * `increase`s are extrapolated separately).
 */
export function windowCounts(parts: Record<string, number | undefined>): {
  good: number;
  total: number;
} {
  const total = Math.max(0, parts.total ?? 0);
  const bad = Math.min(total, Math.max(0, parts.bad ?? 0));
  return { good: total - bad, total };
}

const PLAIN_SELECTOR = /^\s*[a-zA-Z_:][a-zA-Z0-9_:]*\s*(\{[^{}]*\})?\s*$/;

function fill(query: string, window: string): string {
  return query.split('{{.window}}').join(window);
}

/**
 * Expressions for SLOs declared with their own queries (OpenSLO ratio
 * metrics, Sloth events): Sloth-style queries with `{{.window}}`, or plain
 * counter selectors. Returns a reason when the indicator cannot be measured.
 */
export function customExpressions(
  definition: SloDefinition,
):
  | { ok: true; expressions: SliExpressions; countsNormalised: boolean }
  | { ok: false; message: string } {
  const indicator = definition.indicator;
  if (indicator.type === 'ratio') {
    const numerator = indicator.bad ?? indicator.good!;
    const isBad = indicator.bad !== undefined;
    if (indicator.windowTemplate) {
      // Sloth events: rate queries with {{.window}}; × seconds = increase.
      const ratio = (w: string) =>
        `(${fill(numerator, w)}) / (${fill(indicator.total, w)})`;
      const errorRatio = (w: string) => (isBad ? ratio(w) : `1 - ${ratio(w)}`);
      return {
        ok: true,
        countsNormalised: false,
        expressions: {
          errorRatio,
          total: w => `(${fill(indicator.total, w)}) * ${seconds(w)}`,
          bad: w =>
            `(${errorRatio(w)}) * (${fill(indicator.total, w)}) * ${seconds(
              w,
            )}`,
        },
      };
    }
    if (
      PLAIN_SELECTOR.test(numerator) &&
      PLAIN_SELECTOR.test(indicator.total)
    ) {
      const inc = (q: string, w: string) => `sum(increase(${q.trim()}[${w}]))`;
      const bad = (w: string) =>
        isBad
          ? inc(numerator, w)
          : `(${inc(indicator.total, w)} - ${inc(numerator, w)})`;
      return {
        ok: true,
        countsNormalised: false,
        expressions: {
          bad,
          total: w => inc(indicator.total, w),
          errorRatio: w => `${bad(w)} / ${inc(indicator.total, w)}`,
        },
      };
    }
    return {
      ok: false,
      message:
        'the queries are neither Sloth-style rate queries with {{.window}} nor plain counter selectors; Sightline cannot compute increases over the window from them',
    };
  }
  if (indicator.type === 'raw' && indicator.windowTemplate) {
    const errorRatio = (w: string) =>
      indicator.rawType === 'failure'
        ? `(${fill(indicator.query, w)})`
        : `(1 - (${fill(indicator.query, w)}))`;
    return {
      ok: true,
      countsNormalised: true,
      expressions: {
        errorRatio,
        // A ratio query has no event counts: the window counts as 1 event.
        bad: errorRatio,
        total: () => 'vector(1)',
      },
    };
  }
  return {
    ok: false,
    message: `${indicator.type} indicators${
      indicator.type === 'raw' ? ' without {{.window}}' : ''
    } are not supported yet: declare a ratio (good/bad and total) or a Sloth events SLI`,
  };
}

/** A window's length in seconds: a day's cut ends make windows such as `17h50m43s`. */
function seconds(window: string): string {
  const ms = parseDuration(window);
  if (ms === undefined) throw new RangeError(`"${window}" is not a duration`);
  return String(ms / 1000);
}
