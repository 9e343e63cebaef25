import { percentToRatio, ratioToPercent } from './format';
import { latencyThresholdFromQuery } from './latency';
import { DEFAULT_SLO_TIME_ZONE, isTimeZone } from './calendar';
import {
  CALENDAR_WINDOW_MS,
  DEFAULT_SLO_WINDOW,
  ParsedSloWindow,
  checkObjectivePercent,
  parseSloWindow,
} from './parseAnnotations';
import {
  SloDefinition,
  SloIndicator,
  SloSliKind,
  SloSpecProblem,
} from './types';

/**
 * Options for reading SLO files.
 *
 * @public
 */
export interface SloSpecParseOptions {
  /** The file the documents came from, for problems and `declaredAt`. */
  file?: string;
  /**
   * The window of SLOs that declare none: every Sloth `prometheus/v1` SLO
   * (the spec has no window; Sloth itself defaults to 30 days) and OpenSLO
   * SLOs without `timeWindow`. Default `30d`.
   */
  defaultWindow?: string;
}

/**
 * The SLOs read from a file, and one problem per field that stopped an SLO
 * from being read.
 *
 * @public
 */
export interface SloSpecParseResult {
  definitions: SloDefinition[];
  problems: SloSpecProblem[];
}

type Rec = Record<string, unknown>;

function rec(value: unknown): Rec | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Rec)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

const WINDOW_TEMPLATE = /\{\{\s*\.window\s*\}\}/;
const LATENCY_HINT = /_bucket\b|\ble\s*=|histogram_quantile/;

/**
 * Whether custom queries measure latency or availability, by what they
 * select: histogram buckets (`_bucket`, `le=`, `histogram_quantile`) mean
 * latency, anything else availability (a metric name is no guide: Sloth's own
 * availability example counts `http_request_duration_seconds_count`).
 * OpenSLO and Sloth do not say; the UI only uses the kind for wording.
 */
function inferSliKind(queries: string[]): SloSliKind {
  return queries.some(q => LATENCY_HINT.test(q)) ? 'latency' : 'availability';
}

function latencyFields(
  kind: SloSliKind,
  queries: string[],
  objectivePercent: number,
): Pick<SloDefinition, 'latencyThresholdSeconds' | 'latencyPercentile'> {
  if (kind !== 'latency') return {};
  const threshold = queries
    .map(latencyThresholdFromQuery)
    .find(t => t !== undefined);
  return {
    latencyPercentile: objectivePercent,
    ...(threshold === undefined ? {} : { latencyThresholdSeconds: threshold }),
  };
}

function defaultWindow(options: SloSpecParseOptions): ParsedSloWindow {
  const parsed = parseSloWindow(options.defaultWindow ?? DEFAULT_SLO_WINDOW);
  if (!parsed.ok) {
    throw new RangeError(
      `Invalid default SLO window: ${parsed.problem.message}`,
    );
  }
  return parsed.value;
}

interface Collected {
  definition: SloDefinition;
  /** Where the SLO's name is, to report duplicates. */
  nameField: string;
}

class DocumentReader {
  readonly definitions: Collected[] = [];
  readonly problems: SloSpecProblem[] = [];

  constructor(
    readonly options: SloSpecParseOptions,
    readonly documentIndex: number,
  ) {}

  /** Returns a reporter bound to one SLO, and whether it reported anything. */
  forSlo(slo: string | undefined) {
    const before = this.problems.length;
    const report = (field: string, message: string, example?: string) => {
      this.problems.push({
        ...(this.options.file ? { file: this.options.file } : {}),
        documentIndex: this.documentIndex,
        ...(slo ? { slo } : {}),
        field,
        message,
        ...(example ? { example } : {}),
      });
    };
    return { report, failed: () => this.problems.length > before };
  }

  declaredAt(path: string) {
    return {
      ...(this.options.file ? { file: this.options.file } : {}),
      documentIndex: this.documentIndex,
      path,
    };
  }
}

type Report = (field: string, message: string, example?: string) => void;

// ---------------------------------------------------------------- Sloth ----

const SLOTH_EXAMPLE_EVENTS =
  'sli: { events: { error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}])), total_query: sum(rate(http_requests_total[{{.window}}])) } }';

/** A Sloth field in either spelling: `error_query` (prometheus/v1) or `errorQuery` (Kubernetes CRD, newer specs). */
function slothField(
  node: Rec,
  snake: string,
  camel: string,
): { key: string; value: unknown } {
  if (node[snake] !== undefined) return { key: snake, value: node[snake] };
  if (node[camel] !== undefined) return { key: camel, value: node[camel] };
  return { key: snake, value: undefined };
}

function parseSlothSli(
  sliValue: unknown,
  path: string,
  report: Report,
): SloIndicator | undefined {
  const sli = rec(sliValue);
  if (!sli) {
    report(
      `${path}.sli`,
      'is missing: say how to count errors with sli.events (or sli.raw)',
      SLOTH_EXAMPLE_EVENTS,
    );
    return undefined;
  }
  const kinds = ['events', 'raw', 'plugin'].filter(k => sli[k] !== undefined);
  if (kinds.length !== 1) {
    report(
      `${path}.sli`,
      kinds.length === 0
        ? 'needs one of events, raw or plugin'
        : `has ${kinds.join(' and ')}; use only one of them`,
      SLOTH_EXAMPLE_EVENTS,
    );
    return undefined;
  }
  if (kinds[0] === 'plugin') {
    report(
      `${path}.sli.plugin`,
      'SLI plugins are not supported: Sightline cannot run Sloth plugins; write the queries with sli.events',
      SLOTH_EXAMPLE_EVENTS,
    );
    return undefined;
  }
  if (kinds[0] === 'raw') {
    const raw = rec(sli.raw) ?? {};
    const q = slothField(raw, 'error_ratio_query', 'errorRatioQuery');
    const query = str(q.value);
    if (!query) {
      report(
        `${path}.sli.raw.${q.key}`,
        'is missing: a query returning the error ratio (0–1) over {{.window}}',
        'sli: { raw: { error_ratio_query: 1 - avg_over_time(probe_success[{{.window}}]) } }',
      );
      return undefined;
    }
    return {
      type: 'raw',
      query,
      rawType: 'failure',
      windowTemplate: WINDOW_TEMPLATE.test(query),
    };
  }
  const events = rec(sli.events) ?? {};
  const e = slothField(events, 'error_query', 'errorQuery');
  const t = slothField(events, 'total_query', 'totalQuery');
  const errorQuery = str(e.value);
  const totalQuery = str(t.value);
  if (!errorQuery) {
    report(
      `${path}.sli.events.${e.key}`,
      'is missing: a query counting the bad events over {{.window}}',
      SLOTH_EXAMPLE_EVENTS,
    );
  }
  if (!totalQuery) {
    report(
      `${path}.sli.events.${t.key}`,
      'is missing: a query counting all events over {{.window}}',
      SLOTH_EXAMPLE_EVENTS,
    );
  }
  if (!errorQuery || !totalQuery) return undefined;
  return {
    type: 'ratio',
    bad: errorQuery,
    total: totalQuery,
    windowTemplate:
      WINDOW_TEMPLATE.test(errorQuery) || WINDOW_TEMPLATE.test(totalQuery),
  };
}

function slothAlerting(value: unknown): SloDefinition['alerting'] {
  const alerting = rec(value);
  if (!alerting) return undefined;
  const page = rec(slothField(alerting, 'page_alert', 'pageAlert').value);
  const ticket = rec(slothField(alerting, 'ticket_alert', 'ticketAlert').value);
  return {
    ...(str(alerting.name) ? { name: str(alerting.name) } : {}),
    ...(page?.disable === true ? { pageDisabled: true } : {}),
    ...(ticket?.disable === true ? { ticketDisabled: true } : {}),
  };
}

function readSloth(doc: Rec, reader: DocumentReader) {
  const crd = doc.apiVersion !== undefined;
  const prefix = crd ? 'spec.' : '';
  const top = reader.forSlo(undefined);
  if (crd && doc.kind !== 'PrometheusServiceLevel') {
    top.report(
      'kind',
      `is ${JSON.stringify(
        doc.kind,
      )}; a sloth.slok.dev/v1 document with SLOs is kind PrometheusServiceLevel`,
    );
    return;
  }
  const root = crd ? rec(doc.spec) : doc;
  if (!root) {
    top.report('spec', 'is missing: a PrometheusServiceLevel needs a spec');
    return;
  }
  const service = str(root.service);
  if (!service) {
    top.report(
      `${prefix}service`,
      'is missing: the service the SLOs belong to',
      'service: "checkout"',
    );
    return;
  }
  if (!Array.isArray(root.slos) || root.slos.length === 0) {
    top.report(
      `${prefix}slos`,
      'must be a list of SLOs',
      'slos: [{ name: requests-availability, objective: 99.9, sli: { events: … } }]',
    );
    return;
  }
  const window = defaultWindow(reader.options);
  root.slos.forEach((item, i) => {
    const path = `${prefix}slos[${i}]`;
    const slo = rec(item);
    const name = str(slo?.name);
    const { report, failed } = reader.forSlo(name);
    if (!slo) {
      report(path, 'must be a mapping with name, objective and sli');
      return;
    }
    if (!name) {
      report(
        `${path}.name`,
        'is missing: every SLO needs a name',
        'name: requests-availability',
      );
    }
    const objectivePercent = num(slo.objective);
    if (objectivePercent === undefined) {
      report(
        `${path}.objective`,
        slo.objective === undefined
          ? 'is missing: the objective in percent'
          : `${JSON.stringify(slo.objective)} is not a number`,
        'objective: 99.9',
      );
    } else {
      const wrong = checkObjectivePercent(objectivePercent);
      if (wrong) {
        report(`${path}.objective`, wrong, 'objective: 99.9');
      }
    }
    const indicator = parseSlothSli(slo.sli, path, report);
    if (failed() || !indicator || !name || objectivePercent === undefined) {
      return;
    }
    const queries =
      indicator.type === 'ratio'
        ? [indicator.bad ?? '', indicator.total]
        : [indicator.type === 'raw' ? indicator.query : ''];
    const sli = inferSliKind(queries);
    const alerting = slothAlerting(slo.alerting);
    reader.definitions.push({
      nameField: `${path}.name`,
      definition: {
        id: `${service}-${name}`,
        name,
        ...(str(slo.description) ? { description: str(slo.description) } : {}),
        service,
        sli,
        objective: percentToRatio(objectivePercent),
        objectivePercent,
        ...window,
        ...latencyFields(sli, queries, objectivePercent),
        indicator,
        source: 'sloth',
        declaredAt: reader.declaredAt(path),
        budgetingMethod: 'Occurrences',
        ...(alerting ? { alerting } : {}),
      },
    });
  });
}

// -------------------------------------------------------------- OpenSLO ----

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

const OPENSLO_KINDS_IGNORED = new Set([
  'SLI',
  'DataSource',
  'Service',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
]);

// ------------------------------------------------------------ dispatcher ---

/**
 * Reads SLOs from the documents of an OpenSLO v1 or Sloth file, already
 * parsed from YAML into plain objects: one document, or the list of a
 * multi-document file.
 *
 * - OpenSLO v1 (`apiVersion: openslo/v1`): `kind: SLO` documents with an
 *   inline `indicator` or an `indicatorRef` to a `kind: SLI` document of the
 *   same file; `ratioMetric` (good or bad with total, or raw with rawType) or
 *   `thresholdMetric`, each with a Prometheus `metricSource` and
 *   `spec.query`; `objectives[].target` or `targetPercent` (each objective is
 *   an SLO of its own); a rolling `timeWindow`, or a calendar-aligned one
 *   (`isRolling: false`, `1M` or `1w`, `calendar.timeZone`; see
 *   `sloPeriod`); `budgetingMethod: Occurrences`. Other kinds (Service,
 *   DataSource, AlertPolicy…) are read only to resolve references.
 * - Sloth has no calendar windows: its `prometheus/v1` spec declares no
 *   window at all (Sloth evaluates every SLO over a rolling 30 days), so
 *   calendar SLOs are declared in OpenSLO or with `sightline.dev/slo-window`.
 * - Sloth (`version: prometheus/v1`, or the Kubernetes
 *   `sloth.slok.dev/v1` `PrometheusServiceLevel`): `service`,
 *   `slos[].name/objective/description`, `sli.events.error_query/total_query`
 *   or `sli.raw.error_ratio_query` (camelCase accepted), `alerting`.
 *
 * Each invalid SLO gives its own problems (document, SLO, field, why) and is
 * left out; the others are read. Queries are kept as written.
 *
 * @public
 */
export function parseSloDocuments(
  input: unknown,
  options: SloSpecParseOptions = {},
): SloSpecParseResult {
  const documents = Array.isArray(input) ? input : [input];
  const context: OpenSloContext = { slis: new Map(), dataSources: new Map() };
  documents.forEach((value, index) => {
    const doc = rec(value);
    const name = str(rec(doc?.metadata)?.name);
    if (doc?.apiVersion !== 'openslo/v1' || !name) return;
    if (doc.kind === 'SLI') context.slis.set(name, { doc, index });
    if (doc.kind === 'DataSource') context.dataSources.set(name, doc);
  });

  const collected: Collected[] = [];
  const problems: SloSpecProblem[] = [];
  documents.forEach((value, index) => {
    const reader = new DocumentReader(options, index);
    const doc = rec(value);
    if (value === null || value === undefined) {
      // An empty YAML document (a stray `---`) has nothing to read.
    } else if (!doc) {
      reader
        .forSlo(undefined)
        .report(
          '',
          'is not a mapping: expected an OpenSLO v1 or Sloth prometheus/v1 document',
        );
    } else if (
      doc.version === 'prometheus/v1' ||
      doc.apiVersion === 'sloth.slok.dev/v1'
    ) {
      readSloth(doc, reader);
    } else if (doc.apiVersion === 'openslo/v1') {
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
    } else if (
      typeof doc.apiVersion === 'string' &&
      doc.apiVersion.startsWith('openslo/')
    ) {
      reader
        .forSlo(str(rec(doc.metadata)?.name))
        .report(
          'apiVersion',
          `${doc.apiVersion} is not supported; Sightline reads openslo/v1`,
          'apiVersion: openslo/v1',
        );
    } else {
      reader
        .forSlo(undefined)
        .report(
          doc.version !== undefined ? 'version' : 'apiVersion',
          'is not an OpenSLO v1 (apiVersion: openslo/v1) or Sloth (version: prometheus/v1) document',
          'version: prometheus/v1',
        );
    }
    collected.push(...reader.definitions);
    problems.push(...reader.problems);
  });

  const seen = new Set<string>();
  const definitions: SloDefinition[] = [];
  for (const { definition, nameField } of collected) {
    if (seen.has(definition.id)) {
      problems.push({
        ...(options.file ? { file: options.file } : {}),
        documentIndex: definition.declaredAt.documentIndex ?? 0,
        slo: definition.name,
        field: nameField,
        message: `another SLO in this file already has the id "${definition.id}"; give each SLO its own name`,
      });
    } else {
      seen.add(definition.id);
      definitions.push(definition);
    }
  }
  return { definitions, problems };
}
