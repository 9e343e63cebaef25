/**
 * The OpenSLO v1 reader: `kind: SLO` documents with their indicators
 * (inline or by reference to a `kind: SLI`), objectives and time windows.
 */
import { percentToRatio, ratioToPercent } from '../format';
import { DEFAULT_SLO_TIME_ZONE, isTimeZone } from '../calendar';
import {
  CALENDAR_WINDOW_MS,
  ParsedSloWindow,
  checkObjectivePercent,
  parseSloWindow,
} from '../parseAnnotations';
import { SloIndicator } from '../types';
import {
  DocumentReader,
  defaultWindow,
  inferSliKind,
  latencyFields,
  num,
  Rec,
  rec,
  Report,
  SloSpecParseOptions,
  str,
  WINDOW_TEMPLATE,
} from './documents';

const PROMETHEUS_TYPES = new Set([
  'prometheus',
  'thanos',
  'mimir',
  'cortex',
  'victoriametrics',
]);
const QUERY_EXAMPLE =
  'metricSource: { type: Prometheus, spec: { query: sum(rate(http_requests_total{code!~"5.."}[5m])) } }';
const OBJECTIVE_EXAMPLE =
  'objectives: [{ displayName: Availability, target: 0.999 }]';
const WINDOW_EXAMPLE = 'timeWindow: [{ duration: 30d, isRolling: true }]';
const CALENDAR_EXAMPLE =
  'timeWindow: [{ duration: 1M, isRolling: false, calendar: { startTime: "2026-01-01 00:00:00", timeZone: Europe/Berlin } }]';
const CALENDAR_UNITS: Record<string, 'month' | 'week'> = {
  '1M': 'month',
  '1w': 'week',
  '7d': 'week',
};
const START_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** The documents of a file that SLOs refer to, by name. */
interface OpenSloContext {
  slis: Map<string, { doc: Rec; index: number }>;
  dataSources: Map<string, Rec>;
}

function parseMetricSource(
  node: unknown,
  field: string,
  context: OpenSloContext,
  report: Report,
): string | undefined {
  const source = rec(rec(node)?.metricSource);
  if (!source) {
    report(
      `${field}.metricSource`,
      'is missing: where and how to query the events',
      QUERY_EXAMPLE,
    );
    return undefined;
  }
  const ref = str(source.metricSourceRef);
  let type = str(source.type);
  if (!type && ref) {
    type = str(rec(context.dataSources.get(ref)?.spec)?.type);
  }
  if (!type && !ref) {
    report(
      `${field}.metricSource.type`,
      'is missing: Sightline reads Prometheus-compatible sources',
      QUERY_EXAMPLE,
    );
    return undefined;
  }
  // A metricSourceRef to a DataSource outside this file is taken to be the
  // entity's Prometheus: the backend queries the cluster the entity uses.
  if (type && !PROMETHEUS_TYPES.has(type.toLowerCase())) {
    report(
      `${field}.metricSource.type`,
      `is ${type}; Sightline reads Prometheus-compatible sources only (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics)`,
      QUERY_EXAMPLE,
    );
    return undefined;
  }
  const spec = rec(source.spec);
  const query = str(spec?.query) ?? str(spec?.promql);
  if (!query) {
    report(
      `${field}.metricSource.spec.query`,
      'is missing: the PromQL query',
      QUERY_EXAMPLE,
    );
    return undefined;
  }
  return query;
}

type OpenSloIndicator =
  | { kind: 'ratio'; indicator: SloIndicator; queries: string[] }
  | { kind: 'threshold'; query: string };

function parseOpenSloIndicator(
  indicatorSpec: Rec,
  base: string,
  context: OpenSloContext,
  report: Report,
): OpenSloIndicator | undefined {
  const ratio = rec(indicatorSpec.ratioMetric);
  const threshold = rec(indicatorSpec.thresholdMetric);
  if (ratio && threshold) {
    report(base, 'has both ratioMetric and thresholdMetric; use only one');
    return undefined;
  }
  if (threshold) {
    const query = parseMetricSource(
      threshold,
      `${base}.thresholdMetric`,
      context,
      report,
    );
    return query ? { kind: 'threshold', query } : undefined;
  }
  if (!ratio) {
    report(
      base,
      'needs ratioMetric (good or bad, and total) or thresholdMetric',
      `ratioMetric: { counter: true, good: { ${QUERY_EXAMPLE} }, total: { … } }`,
    );
    return undefined;
  }
  const field = `${base}.ratioMetric`;
  const counter =
    typeof ratio.counter === 'boolean' ? ratio.counter : undefined;
  if (ratio.raw !== undefined) {
    if (
      ratio.good !== undefined ||
      ratio.bad !== undefined ||
      ratio.total !== undefined
    ) {
      report(
        field,
        'has raw together with good, bad or total; raw stands alone',
      );
      return undefined;
    }
    const rawType = ratio.rawType;
    if (rawType !== 'success' && rawType !== 'failure') {
      report(
        `${field}.rawType`,
        'must be success or failure: whether the raw ratio is of good or of bad events',
        'rawType: failure',
      );
      return undefined;
    }
    const query = parseMetricSource(ratio.raw, `${field}.raw`, context, report);
    if (!query) return undefined;
    return {
      kind: 'ratio',
      queries: [query],
      indicator: {
        type: 'raw',
        query,
        rawType,
        windowTemplate: WINDOW_TEMPLATE.test(query),
      },
    };
  }
  if (ratio.good !== undefined && ratio.bad !== undefined) {
    report(field, 'has both good and bad; give one of them with total');
    return undefined;
  }
  if (ratio.good === undefined && ratio.bad === undefined) {
    report(
      `${field}.good`,
      'is missing: give good (or bad) events, with total',
      `good: { ${QUERY_EXAMPLE} }`,
    );
    return undefined;
  }
  const numeratorKey = ratio.good !== undefined ? 'good' : 'bad';
  const numerator = parseMetricSource(
    ratio[numeratorKey],
    `${field}.${numeratorKey}`,
    context,
    report,
  );
  let total: string | undefined;
  if (ratio.total === undefined) {
    report(
      `${field}.total`,
      'is missing: the query counting all events',
      `total: { ${QUERY_EXAMPLE.replace('{code!~"5.."}', '')} }`,
    );
  } else {
    total = parseMetricSource(ratio.total, `${field}.total`, context, report);
  }
  if (!numerator || !total) return undefined;
  if (numerator === total) {
    report(
      `${field}.${numeratorKey}`,
      `is the same query as total, so the SLI would always be ${
        numeratorKey === 'good' ? '100%' : '0%'
      }`,
    );
    return undefined;
  }
  return {
    kind: 'ratio',
    queries: [numerator, total],
    indicator: {
      type: 'ratio',
      [numeratorKey]: numerator,
      total,
      ...(counter === undefined ? {} : { counter }),
      windowTemplate:
        WINDOW_TEMPLATE.test(numerator) || WINDOW_TEMPLATE.test(total),
    },
  };
}

function parseOpenSloWindow(
  spec: Rec,
  options: SloSpecParseOptions,
  report: Report,
): ParsedSloWindow | undefined {
  if (spec.timeWindow === undefined) return defaultWindow(options);
  const list = spec.timeWindow;
  if (!Array.isArray(list) || list.length !== 1) {
    report(
      'spec.timeWindow',
      'must be a list with exactly one window',
      WINDOW_EXAMPLE,
    );
    return undefined;
  }
  const window = rec(list[0]);
  const duration = str(window?.duration);
  if (!window || !duration) {
    report(
      'spec.timeWindow[0].duration',
      'is missing: the length of the rolling window',
      WINDOW_EXAMPLE,
    );
    return undefined;
  }
  if (window.calendar !== undefined || window.isRolling === false) {
    if (window.isRolling === true) {
      report(
        'spec.timeWindow[0].isRolling',
        'is true, but a calendar is given: a window is rolling or calendar-aligned, not both',
        CALENDAR_EXAMPLE,
      );
      return undefined;
    }
    return parseOpenSloCalendar(duration, window.calendar, report);
  }
  const parsed = parseSloWindow(duration, 'spec.timeWindow[0].duration');
  if (!parsed.ok) {
    report(
      'spec.timeWindow[0].duration',
      parsed.problem.message,
      WINDOW_EXAMPLE,
    );
    return undefined;
  }
  return parsed.value;
}

/**
 * A calendar-aligned OpenSLO window: a month (`1M`) or a week (`1w`),
 * starting at local midnight in `calendar.timeZone` (UTC by default); months
 * on the 1st, weeks on the weekday of `calendar.startTime`. Periods that
 * start at another time of day or date are refused: their boundaries would
 * not fall on the days reports and burn-downs are cut into.
 */
function parseOpenSloCalendar(
  duration: string,
  calendarValue: unknown,
  report: Report,
): ParsedSloWindow | undefined {
  const unit = CALENDAR_UNITS[duration];
  if (!unit) {
    report(
      'spec.timeWindow[0].duration',
      `"${duration}" is not a calendar period Sightline supports: write 1M (a calendar month) or 1w (a calendar week)`,
      CALENDAR_EXAMPLE,
    );
    return undefined;
  }
  const calendar = calendarValue === undefined ? {} : rec(calendarValue);
  if (!calendar) {
    report(
      'spec.timeWindow[0].calendar',
      'must be a mapping with startTime and timeZone',
      CALENDAR_EXAMPLE,
    );
    return undefined;
  }
  const timeZone = str(calendar.timeZone) ?? DEFAULT_SLO_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    report(
      'spec.timeWindow[0].calendar.timeZone',
      `"${timeZone}" is not an IANA time zone, e.g. Europe/Berlin or America/New_York`,
      CALENDAR_EXAMPLE,
    );
    return undefined;
  }
  // YAML 1.1 readers turn unquoted timestamps into dates (their UTC fields
  // are the wall-clock time written).
  const startValue =
    calendar.startTime instanceof Date
      ? calendar.startTime.toISOString().slice(0, 19).replace('T', ' ')
      : str(calendar.startTime);
  let weekStart: number | undefined;
  if (startValue !== undefined) {
    const match = START_TIME.exec(startValue);
    const [, year, month, day, hour, minute, second] = match ?? [];
    const date = match
      ? new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
      : undefined;
    if (!date || date.getUTCDate() !== Number(day)) {
      report(
        'spec.timeWindow[0].calendar.startTime',
        `"${startValue}" is not a date and time in the form YYYY-MM-DD HH:MM:SS`,
        CALENDAR_EXAMPLE,
      );
      return undefined;
    }
    if (Number(hour ?? 0) + Number(minute ?? 0) + Number(second ?? 0) > 0) {
      report(
        'spec.timeWindow[0].calendar.startTime',
        `starts at ${hour}:${minute}; Sightline's calendar periods start at midnight`,
        CALENDAR_EXAMPLE,
      );
      return undefined;
    }
    if (unit === 'month' && Number(day) !== 1) {
      report(
        'spec.timeWindow[0].calendar.startTime',
        `starts on day ${Number(
          day,
        )}; Sightline's calendar months start on the 1st`,
        CALENDAR_EXAMPLE,
      );
      return undefined;
    }
    if (unit === 'week') weekStart = ((date.getUTCDay() + 6) % 7) + 1;
  }
  return {
    window: `calendar-${unit}`,
    windowMs: CALENDAR_WINDOW_MS[unit],
    calendar: {
      unit,
      timeZone,
      ...(weekStart && weekStart !== 1 ? { weekStart } : {}),
    },
  };
}

function parseOpenSloTarget(
  objective: Rec,
  field: string,
  report: Report,
): number | undefined {
  const target = objective.target;
  const targetPercent = objective.targetPercent;
  if (target !== undefined && targetPercent !== undefined) {
    report(
      field,
      'has both target and targetPercent; use one',
      OBJECTIVE_EXAMPLE,
    );
    return undefined;
  }
  if (targetPercent !== undefined) {
    const percent = num(targetPercent);
    const wrong =
      percent === undefined
        ? 'is not a number'
        : checkObjectivePercent(percent);
    if (wrong || percent === undefined) {
      report(`${field}.targetPercent`, wrong ?? '', 'targetPercent: 99.9');
      return undefined;
    }
    return percent;
  }
  const ratio = num(target);
  if (ratio === undefined) {
    report(
      `${field}.target`,
      target === undefined
        ? 'is missing: give target (a ratio, e.g. 0.999) or targetPercent (e.g. 99.9)'
        : `${JSON.stringify(target)} is not a number`,
      'target: 0.999',
    );
    return undefined;
  }
  if (!(ratio > 0 && ratio < 1)) {
    report(
      `${field}.target`,
      ratio >= 1
        ? `must be below 1: ${ratio} ${
            ratio > 1
              ? 'looks like a percentage (use targetPercent)'
              : 'leaves no error budget'
          }`
        : 'must be greater than 0',
      'target: 0.999',
    );
    return undefined;
  }
  return ratioToPercent(ratio);
}

const OPS = new Set(['lt', 'lte', 'gt', 'gte']);

function readOpenSloSlo(
  doc: Rec,
  reader: DocumentReader,
  context: OpenSloContext,
) {
  const metadata = rec(doc.metadata);
  const name = str(metadata?.name);
  const sloLevel = reader.forSlo(name);
  const report = sloLevel.report;
  if (!name) {
    report(
      'metadata.name',
      'is missing: every SLO needs a name',
      'metadata: { name: checkout-availability }',
    );
  }
  const spec = rec(doc.spec);
  if (!spec) {
    report('spec', 'is missing');
    return;
  }
  const budgetingMethod = spec.budgetingMethod ?? 'Occurrences';
  if (budgetingMethod !== 'Occurrences') {
    report(
      'spec.budgetingMethod',
      `${JSON.stringify(
        budgetingMethod,
      )} is not supported: Sightline counts events (Occurrences: good / total over the window)`,
      'budgetingMethod: Occurrences',
    );
  }

  let indicatorSpec: Rec | undefined;
  let base = 'spec.indicator.spec';
  let indicatorReport: Report = report;
  const ref = str(spec.indicatorRef);
  if (spec.indicator !== undefined && ref) {
    report('spec.indicator', 'and spec.indicatorRef are both set; use one');
  } else if (ref) {
    const target = context.slis.get(ref);
    if (!target) {
      report(
        'spec.indicatorRef',
        `refers to SLI "${ref}", which this file does not define (add a document with kind: SLI and metadata.name: ${ref})`,
      );
    } else {
      indicatorSpec = rec(target.doc.spec);
      base = 'spec';
      indicatorReport = (field, message, example) =>
        report(
          'spec.indicatorRef',
          `SLI "${ref}" (document ${target.index}), ${field}: ${message}`,
          example,
        );
      if (!indicatorSpec) indicatorReport('spec', 'is missing');
    }
  } else {
    const indicator = rec(spec.indicator);
    indicatorSpec = rec(indicator?.spec);
    if (!indicatorSpec) {
      report(
        indicator ? 'spec.indicator.spec' : 'spec.indicator',
        'is missing: give the SLI inline (indicator: { metadata: { name }, spec: { ratioMetric: … } }) or name one with indicatorRef',
      );
    }
  }
  const parsedIndicator = indicatorSpec
    ? parseOpenSloIndicator(indicatorSpec, base, context, indicatorReport)
    : undefined;
  const window = parseOpenSloWindow(spec, reader.options, report);

  if (!Array.isArray(spec.objectives) || spec.objectives.length === 0) {
    report(
      'spec.objectives',
      'must list at least one objective',
      OBJECTIVE_EXAMPLE,
    );
    return;
  }
  if (parsedIndicator?.kind === 'threshold' && spec.objectives.length > 1) {
    report(
      'spec.objectives',
      'a thresholdMetric SLO can have only one objective',
      'objectives: [{ op: lte, value: 0.3, target: 0.99 }]',
    );
    return;
  }
  if (sloLevel.failed() || !parsedIndicator || !window || !name) return;

  const many = spec.objectives.length > 1;
  spec.objectives.forEach((item, i) => {
    const field = `spec.objectives[${i}]`;
    const objective = rec(item);
    const displayName = str(objective?.displayName);
    const sloName = many
      ? `${str(metadata?.displayName) ?? name} (${
          displayName ?? `objective ${i + 1}`
        })`
      : str(metadata?.displayName) ?? name;
    const { report: objectiveReport, failed } = reader.forSlo(sloName);
    if (!objective) {
      objectiveReport(
        field,
        'must be a mapping with target or targetPercent',
        OBJECTIVE_EXAMPLE,
      );
      return;
    }
    const percent = parseOpenSloTarget(objective, field, objectiveReport);
    let indicator: SloIndicator;
    let queries: string[];
    if (parsedIndicator.kind === 'threshold') {
      const op = objective.op;
      const value = num(objective.value);
      if (typeof op !== 'string' || !OPS.has(op)) {
        objectiveReport(
          `${field}.op`,
          'must be lt, lte, gt or gte for a thresholdMetric: how the query value compares with value',
          'op: lte',
        );
      }
      if (value === undefined) {
        objectiveReport(
          `${field}.value`,
          'is missing: the threshold the query value is compared with',
          'value: 0.3',
        );
      }
      if (failed()) return;
      queries = [parsedIndicator.query];
      indicator = {
        type: 'threshold',
        query: parsedIndicator.query,
        op: op as 'lt' | 'lte' | 'gt' | 'gte',
        value: value!,
        windowTemplate: WINDOW_TEMPLATE.test(parsedIndicator.query),
      };
    } else {
      queries = parsedIndicator.queries;
      indicator = parsedIndicator.indicator;
    }
    if (failed() || percent === undefined) return;
    const sli = inferSliKind(queries);
    const id = many ? `${name}-${i + 1}` : name;
    reader.definitions.push({
      nameField: many ? field : 'metadata.name',
      definition: {
        id,
        name: sloName,
        ...(str(spec.description)
          ? { description: str(spec.description) }
          : {}),
        ...(str(spec.service) ? { service: str(spec.service) } : {}),
        sli,
        objective: percentToRatio(percent),
        objectivePercent: percent,
        ...window,
        ...latencyFields(sli, queries, percent),
        indicator,
        source: 'openslo',
        declaredAt: reader.declaredAt(many ? field : 'spec'),
        budgetingMethod: 'Occurrences',
      },
    });
  });
}

/** Kinds read only to resolve references, or not at all. */
const OPENSLO_KINDS_IGNORED = new Set([
  'SLI',
  'DataSource',
  'Service',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
]);

/**
 * The `kind: SLI` and `kind: DataSource` documents of a file, which its
 * SLOs may refer to from any document (before or after their own).
 */
export function openSloContext(documents: unknown[]): OpenSloContext {
  const context: OpenSloContext = { slis: new Map(), dataSources: new Map() };
  documents.forEach((value, index) => {
    const doc = rec(value);
    const name = str(rec(doc?.metadata)?.name);
    if (doc?.apiVersion !== 'openslo/v1' || !name) return;
    if (doc.kind === 'SLI') context.slis.set(name, { doc, index });
    if (doc.kind === 'DataSource') context.dataSources.set(name, doc);
  });
  return context;
}

/**
 * Reads the SLOs of an `openslo/v1` document into `reader`: `kind: SLO`
 * documents; kinds that only serve references are skipped, others reported.
 */
export function readOpenSlo(
  doc: Rec,
  reader: DocumentReader,
  context: OpenSloContext,
) {
  if (doc.kind === 'SLO') {
    readOpenSloSlo(doc, reader, context);
  } else if (!OPENSLO_KINDS_IGNORED.has(String(doc.kind))) {
    reader
      .forSlo(undefined)
      .report(
        'kind',
        `${JSON.stringify(doc.kind)} is not an OpenSLO v1 kind`,
        'kind: SLO',
      );
  }
}
