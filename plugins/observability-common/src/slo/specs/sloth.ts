/**
 * The Sloth reader: `prometheus/v1` specs and the Kubernetes
 * `PrometheusServiceLevel`, in either field spelling.
 */
import { percentToRatio } from '../format';
import { checkObjectivePercent } from '../parseAnnotations';
import { SloDefinition, SloIndicator } from '../types';
import {
  DocumentReader,
  inferSliKind,
  latencyFields,
  num,
  Rec,
  rec,
  Report,
  str,
  WINDOW_TEMPLATE,
  defaultWindow,
} from './documents';

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

/**
 * Reads the SLOs of a Sloth document (`version: prometheus/v1`, or the
 * Kubernetes `sloth.slok.dev/v1` `PrometheusServiceLevel`) into `reader`.
 */
export function readSloth(doc: Rec, reader: DocumentReader) {
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
