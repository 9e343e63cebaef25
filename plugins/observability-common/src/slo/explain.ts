import { parseDuration } from '../duration';
import { AT_RISK_REMAINING } from './budget';
import { formatLocalTime } from './calendar';
import {
  formatHumanDuration,
  formatLatency,
  formatSloNumber,
  formatSloPercent,
} from './format';
import {
  BurnRateReading,
  EvaluatedBurnRateCondition,
  SloDefinition,
  SloExplanation,
  SloStatusSummary,
} from './types';
import { sloVerdict } from './verdict';

const UNITS: Array<[number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

function windowParts(ms: number): [number, string] | undefined {
  for (const [size, unit] of UNITS) {
    if (ms >= size && ms % size === 0) return [ms / size, unit];
  }
  return undefined;
}

/**
 * A look-back or SLO window in words: `30 days`, `1 hour`, `5 minutes`; as
 * an adjective: `30-day`, `1-hour`.
 */
export function formatWindow(
  ms: number,
  options: { adjective?: boolean } = {},
): string {
  const parts = windowParts(ms);
  if (!parts) return formatHumanDuration(ms);
  const [n, unit] = parts;
  if (options.adjective) return `${n}-${unit}`;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** `the last 5 minutes`, `the last hour`, `the last 30 days`. */
function theLast(ms: number): string {
  const parts = windowParts(ms);
  if (parts && parts[0] === 1) return `the last ${parts[1]}`;
  return `the last ${formatWindow(ms)}`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function what(slo: Pick<SloDefinition, 'sli' | 'latencyThresholdSeconds'>) {
  if (slo.sli === 'latency') {
    return slo.latencyThresholdSeconds === undefined
      ? 'were fast enough'
      : `completed within ${formatLatency(slo.latencyThresholdSeconds)}`;
  }
  return 'succeeded';
}

function fail(slo: Pick<SloDefinition, 'sli' | 'latencyThresholdSeconds'>) {
  if (slo.sli === 'latency') {
    return slo.latencyThresholdSeconds === undefined
      ? 'be too slow'
      : `take longer than ${formatLatency(slo.latencyThresholdSeconds)}`;
  }
  return 'fail';
}

/** What the sentences call the SLO's window or period. */
interface WindowWords {
  /** `the last 30 days`, `this calendar month (since 2026-12-01 00:00 UTC)`. */
  name: string;
  /** `30 days`, `this calendar month (31 days)`. */
  length: string;
  /** When the errors stop counting: `leave the 30-day window`, `the budget resets on …`. */
  recovery: string;
}

function windowWords(
  slo: Pick<SloDefinition, 'calendar'>,
  summary: SloStatusSummary,
): WindowWords {
  if (slo.calendar && summary.period) {
    const zone = slo.calendar.timeZone;
    const period = `this calendar ${slo.calendar.unit}`;
    const at = (iso: string) =>
      `${formatLocalTime(Date.parse(iso), zone)} ${zone}`;
    return {
      name: `${period} (since ${at(summary.period.start)})`,
      length: `${period} (${formatWindow(summary.windowMs)})`,
      recovery: `the budget resets at ${at(summary.period.end)}`,
    };
  }
  return {
    name: theLast(summary.windowMs),
    length: formatWindow(summary.windowMs),
    recovery: `enough of those errors leave the ${formatWindow(
      summary.windowMs,
      { adjective: true },
    )} window`,
  };
}

function explainSli(
  slo: Pick<SloDefinition, 'sli' | 'latencyThresholdSeconds'>,
  summary: SloStatusSummary,
  windowName: string,
  ratiosOnly: boolean,
): string {
  if (summary.sli === undefined) {
    return `No requests were counted in ${windowName}, so there is no SLI: no traffic is no data, not 100%.`;
  }
  const good = summary.total - summary.budget.badEvents;
  const counts = ratiosOnly
    ? ''
    : ` (${count(good)} of ${count(summary.total)})`;
  return `Over ${windowName}, ${formatSloPercent(
    summary.sli,
  )} of requests ${what(slo)}${counts}; the objective is ${formatSloPercent(
    summary.objective,
  )}.`;
}

function explainBudget(
  slo: Pick<SloDefinition, 'sli' | 'latencyThresholdSeconds'>,
  summary: SloStatusSummary,
  over: string,
  ratiosOnly: boolean,
): string {
  const { budget } = summary;
  const share = formatSloPercent(budget.allowedRatio);
  const time = formatHumanDuration(budget.allowedMs);
  if (summary.total <= 0 || ratiosOnly) {
    return `The ${formatSloPercent(
      summary.objective,
    )} objective over ${over} lets ${share} of requests ${fail(
      slo,
    )}, the equivalent of ${time} of complete outage.`;
  }
  return `The ${formatSloPercent(
    summary.objective,
  )} objective over ${over} lets ${share} of requests ${fail(slo)}: ${count(
    budget.allowedEvents,
  )} of the ${count(
    summary.total,
  )} so far, the equivalent of ${time} of complete outage.`;
}

function explainRemaining(
  summary: SloStatusSummary,
  { name: windowName, recovery }: WindowWords,
): string {
  const { budget } = summary;
  if (
    budget.remaining === undefined ||
    budget.consumed === undefined ||
    budget.consumedMs === undefined ||
    budget.remainingMs === undefined
  ) {
    return `No requests in ${windowName}: nothing has been spent, and nothing can be measured.`;
  }
  if (budget.remaining < -1e-9) {
    return `Errors have used ${formatSloPercent(
      budget.consumed,
      1,
    )} of the budget, ${formatHumanDuration(
      -budget.remainingMs,
    )} more than the objective allows; the SLO stays violated until ${recovery}.`;
  }
  if (budget.remaining <= 1e-9) {
    return 'Errors have used all of the budget: any further error violates the SLO.';
  }
  return `Errors have used ${formatSloPercent(
    budget.consumed,
    1,
  )} of the budget (${formatHumanDuration(
    budget.consumedMs,
  )}); ${formatSloPercent(budget.remaining, 1)} (${formatHumanDuration(
    budget.remainingMs,
  )}) remains.`;
}

function explainBurnRate(
  reading: BurnRateReading,
  summary: SloStatusSummary,
): string {
  const last = theLast(reading.windowMs);
  if (reading.burnRate === undefined || reading.errorRatio === undefined) {
    return `No requests in ${last}: no burn rate.`;
  }
  if (reading.burnRate === 0) {
    return `No errors in ${last}: the budget is not burning.`;
  }
  const lasts = formatHumanDuration(summary.windowMs / reading.burnRate);
  return `Over ${last} errors burned the budget at ${formatSloNumber(
    reading.burnRate,
  )}× the sustainable rate (${formatSloPercent(
    reading.errorRatio,
  )} of requests failed where ${formatSloPercent(
    summary.budget.allowedRatio,
  )} is allowed); at that pace a whole ${formatWindow(summary.windowMs, {
    adjective: true,
  })} budget lasts ${lasts}.`;
}

function explainTimeToExhaustion(summary: SloStatusSummary): string {
  const { budget, currentBurnRate, timeToExhaustionMs } = summary;
  const currentMs = parseDuration(summary.currentWindow);
  const current =
    currentMs === undefined
      ? `the last ${summary.currentWindow}`
      : theLast(currentMs);
  if (budget.remaining === undefined || budget.remainingMs === undefined) {
    return 'Without traffic there is no budget to run out.';
  }
  if (timeToExhaustionMs === 0) {
    return 'The budget is already exhausted.';
  }
  if (currentBurnRate === undefined) {
    return `No requests in ${current}, so there is no current burn rate to project.`;
  }
  if (timeToExhaustionMs === undefined) {
    return `No errors in ${current}: at this rate the budget does not run out.`;
  }
  const sustainable =
    currentBurnRate <= 1
      ? ' A burn rate of 1× or less is sustainable in the long run: kept up for a whole window, it spends no more than the budget.'
      : '';
  return `At the current rate (${formatSloNumber(
    currentBurnRate,
  )}× over ${current}) the remaining ${formatHumanDuration(
    budget.remainingMs,
  )} of budget last ${formatHumanDuration(timeToExhaustionMs)}.${sustainable}`;
}

function conditionWindows(c: EvaluatedBurnRateCondition) {
  return `${c.shortWindow} & ${c.longWindow} at ${formatSloNumber(c.factor)}×`;
}

function explainStatus(summary: SloStatusSummary, windowName: string): string {
  const { budget } = summary;
  switch (summary.status) {
    case 'no-data':
      return `No data: no requests in ${windowName}.`;
    case 'violated':
      return `Violated: the SLI over ${windowName} (${formatSloPercent(
        summary.sli ?? 0,
      )}) is below the objective (${formatSloPercent(summary.objective)}).`;
    case 'at-risk': {
      const reasons: string[] = [];
      if ((budget.remaining ?? 0) < AT_RISK_REMAINING - 1e-9) {
        reasons.push(
          `only ${formatSloPercent(
            budget.remaining ?? 0,
            1,
          )} of the budget remains (below ${formatSloPercent(
            AT_RISK_REMAINING,
          )})`,
        );
      }
      const firing = summary.alerts.filter(a => a.firing);
      if (firing.length > 0) {
        reasons.push(
          `the budget is burning fast enough to run out within the window (${firing
            .map(a => `${a.id}: ${conditionWindows(a)}`)
            .join('; ')})`,
        );
      }
      return `At risk: ${reasons.join(', and ')}.`;
    }
    default:
      return `Met: the SLI is at or above the objective, at least ${formatSloPercent(
        AT_RISK_REMAINING,
      )} of the budget remains and no burn-rate alert condition holds.`;
  }
}

function explainAlert(c: EvaluatedBurnRateCondition, windowMs: number): string {
  const action = c.severity === 'page' ? 'pages' : 'opens a ticket';
  const rule = `${c.id} ${action} when more than ${formatSloPercent(
    c.errorRatioThreshold,
  )} of requests fail over both ${theLast(c.shortWindowMs)} and ${theLast(
    c.longWindowMs,
  )} (a ${formatSloNumber(c.factor)}× burn: ${formatSloPercent(
    c.budgetShare,
  )} of the ${formatWindow(windowMs, {
    adjective: true,
  })} budget in ${formatWindow(c.longWindowMs)}).`;
  if (c.missingWindows.length > 0) {
    return `${rule} No data for ${c.missingWindows.join(
      ' and ',
    )}, so it cannot fire.`;
  }
  return `${rule} Now ${formatSloPercent(
    c.shortErrorRatio ?? 0,
  )} and ${formatSloPercent(c.longErrorRatio ?? 0)}: ${
    c.firing ? 'firing' : 'not firing'
  }.`;
}

/**
 * A sentence a developer understands for each number of an SLO status: the
 * SLI, the budget, what remains, the burn rate per look-back window, the
 * time to exhaustion, the status, the policy level and each alert condition.
 * With `countsNormalised` (the window is known only as ratios, e.g. from
 * recording rules), sentences give ratios and never event counts.
 *
 * @example
 * "At the current rate (3.2× over the last 1 hour) the remaining 21 min of
 * budget last 3 h 10 min."
 *
 * @public
 */
export function explainSloStatus(
  slo: Pick<SloDefinition, 'sli' | 'latencyThresholdSeconds' | 'calendar'>,
  summary: SloStatusSummary,
  options: { countsNormalised?: boolean } = {},
): SloExplanation[] {
  const words = windowWords(slo, summary);
  const windowName = words.name;
  const ratiosOnly = options.countsNormalised === true;
  const out: SloExplanation[] = [
    { topic: 'sli', text: explainSli(slo, summary, windowName, ratiosOnly) },
    {
      topic: 'budget',
      text: explainBudget(slo, summary, words.length, ratiosOnly),
    },
    { topic: 'remaining', text: explainRemaining(summary, words) },
    ...summary.burnRates.map(reading => ({
      topic: 'burn-rate' as const,
      key: reading.window,
      text: explainBurnRate(reading, summary),
    })),
    { topic: 'time-to-exhaustion', text: explainTimeToExhaustion(summary) },
    { topic: 'status', text: explainStatus(summary, windowName) },
  ];
  const { policyLine } = sloVerdict(summary);
  if (policyLine) {
    out.push({ topic: 'policy', text: policyLine });
  }
  for (const alert of summary.alerts) {
    out.push({
      topic: 'alert',
      key: alert.id,
      text: explainAlert(alert, summary.windowMs),
    });
  }
  return out;
}
