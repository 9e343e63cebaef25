import {
  DiagnosisEvidence,
  LabelMatcher,
  OBSERVABILITY_ANNOTATIONS as A,
  renderMatchers,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { LokiClient } from '../../upstreams/clients/LokiClient';
import { closestFirst } from '../closest';
import { CheckOutcome, DoctorCheck, skipped } from '../DoctorCheck';
import { ReadableNames, readableFirst } from '../readableNames';
import { annotationFix, LOOKBACK_MS, SUGGESTIONS } from './telemetry';

type LogsTarget = NonNullable<TelemetryTarget['logs']>;
type Range = { start: number; end: number };

/** A matcher Loki has no stream for, and the one that would match, if any. */
interface Mismatch {
  problem: string;
  corrected?: LabelMatcher;
}

/** Check 7: Loki has streams for the entity's log selector. */
export const logsCheck: DoctorCheck<never, never> = {
  id: 'logs',
  title: 'Log streams exist in Loki',
  waitingOn: ({ target }) => `Loki of cluster '${target.cluster}'`,
  async run({ clients, target, now, readable }) {
    if (!clients.has('loki')) {
      return skipped(
        `Cluster '${target.cluster}' has no Loki (observability.clusters[].loki.url).`,
      );
    }
    if (!target.logs) {
      return skipped(`${A.logSelector} is malformed (check 1).`);
    }
    return checkLogs(clients.loki(), target.logs, now, readable);
  },
};

async function checkLogs(
  loki: LokiClient,
  logs: LogsTarget,
  now: number,
  readable: ReadableNames,
): Promise<CheckOutcome> {
  const range = { start: now - LOOKBACK_MS, end: now };
  const streams = await loki.series(logs.selector, range);
  const evidence = [
    {
      label: `${loki.name}: /loki/api/v1/series ${logs.selector} (last hour)`,
      detail: streams.length
        ? `${streams.length} stream(s), e.g. {${Object.entries(streams[0])
            .map(([k, v]) => `${k}="${v}"`)
            .join(', ')}}`
        : 'no streams',
    },
  ];
  if (streams.length > 0) {
    return {
      status: 'pass',
      message: `${streams.length} log stream(s) match ${logs.selector}.`,
      evidence,
    };
  }
  const labelNames = await loki.labelNames(range);
  evidence.push({
    label: `${loki.name}: /loki/api/v1/labels`,
    detail: labelNames.join(', ') || 'none',
  });
  const mismatches = new Map<LabelMatcher, Mismatch>();
  // One matcher at a time: each lookup's evidence follows the one before.
  for (const m of logs.matchers.filter(x => x.op === '=')) {
    const mismatch = labelNames.includes(m.name)
      ? await missingValue(loki, m, range, readable, evidence)
      : await missingLabel(loki, m, labelNames, range, evidence);
    if (mismatch) mismatches.set(m, mismatch);
  }
  return noStreams(logs, mismatches, evidence);
}

/**
 * Loki has no label of the matcher's name. The collector may write the same
 * value under another name (Fluent Bit: kubernetes_namespace_name;
 * Promtail: namespace).
 */
async function missingLabel(
  loki: LokiClient,
  m: LabelMatcher,
  labelNames: string[],
  range: Range,
  evidence: DiagnosisEvidence[],
): Promise<Mismatch> {
  const holders: string[] = [];
  for (const name of labelNames) {
    if ((await loki.labelValues(name, range)).includes(m.value)) {
      holders.push(name);
    }
  }
  evidence.push({
    label: `Labels whose values include "${m.value}"`,
    detail: holders.join(', ') || 'none',
  });
  if (holders.length === 0) {
    return {
      problem: `Loki has no label '${m.name}' and no label with the value "${m.value}"`,
    };
  }
  return {
    problem: `Loki has no label '${m.name}'; your collector writes "${
      m.value
    }" as ${holders.map(h => `'${h}'`).join(' / ')}`,
    corrected: { ...m, name: holders[0] },
  };
}

/** The label exists but no stream has the matcher's value: the closest readable one. */
async function missingValue(
  loki: LokiClient,
  m: LabelMatcher,
  range: Range,
  readable: ReadableNames,
  evidence: DiagnosisEvidence[],
): Promise<Mismatch | undefined> {
  const values = await loki.labelValues(m.name, range);
  if (values.includes(m.value)) return undefined;
  const suggestions = await readableFirst(
    readable,
    closestFirst(m.value, values),
    SUGGESTIONS,
  );
  evidence.push({
    label: `Values of ${m.name}`,
    detail:
      suggestions.join(', ') ||
      (values.length ? 'none naming an entity you can read' : 'none'),
  });
  return {
    problem: `no stream has ${m.name}="${m.value}"${
      suggestions.length ? ` (closest: ${suggestions.join(', ')})` : ''
    }`,
    corrected: suggestions.length ? { ...m, value: suggestions[0] } : undefined,
  };
}

function noStreams(
  logs: LogsTarget,
  mismatches: Map<LabelMatcher, Mismatch>,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const problems = [...mismatches.values()].map(x => x.problem);
  const corrected = logs.matchers.map(m => mismatches.get(m)?.corrected ?? m);
  const changed = corrected.some((m, i) => m !== logs.matchers[i]);
  return {
    status: 'fail',
    message: `No log streams match ${logs.selector}${
      problems.length ? `: ${problems.join('; ')}` : ''
    }.`,
    evidence,
    fix: changed
      ? {
          summary: `Use the labels your log collector writes in ${A.logSelector}.`,
          yaml: annotationFix(A.logSelector, `{${renderMatchers(corrected)}}`),
        }
      : {
          summary: `Ship the service's logs to Loki, or set ${A.logSelector} to the labels its streams carry.`,
        },
  };
}
