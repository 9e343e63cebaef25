import { badEvents, errorBudgetFromSegments } from './budget';
import {
  formatHumanDuration,
  formatSloNumber,
  formatSloPercent,
} from './format';
import { SloAdjustedEvaluation } from './adjustments';
import {
  BurnDownPoint,
  SloDailyCount,
  SloDefinition,
  SloReportRow,
  SloStatusSummary,
} from './types';

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayToMs(day: string): number {
  const ms = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March; a real day round-trips.
  if (Number.isNaN(ms) || msToDay(ms) !== day) {
    throw new RangeError(`"${day}" is not a day in the form YYYY-MM-DD`);
  }
  return ms;
}

function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Sorts daily counts by day, refuses duplicates and malformed days and, when
 * a range is given, adds the days the history lacks as days without traffic
 * (so that charts have no gaps) and drops days outside it.
 */
export function normaliseDailyCounts(
  days: SloDailyCount[],
  range?: { from: string; to: string },
): SloDailyCount[] {
  const byDay = new Map<number, SloDailyCount>();
  for (const day of days) {
    const ms = dayToMs(day.day);
    if (byDay.has(ms)) {
      throw new RangeError(`Day ${day.day} appears more than once`);
    }
    byDay.set(ms, day);
  }
  if (!range) {
    return [...byDay.entries()].sort(([a], [b]) => a - b).map(([, d]) => d);
  }
  const from = dayToMs(range.from);
  const to = dayToMs(range.to);
  const sorted = [...byDay.values()].sort(
    (a, b) => dayToMs(a.day) - dayToMs(b.day),
  );
  const fallbackObjective = sorted[sorted.length - 1]?.objective;
  const out: SloDailyCount[] = [];
  let objective = fallbackObjective;
  for (let ms = from; ms <= to; ms += DAY_MS) {
    const found = byDay.get(ms);
    if (found) {
      objective = found.objective;
      out.push(found);
    } else if (objective !== undefined) {
      out.push({ day: msToDay(ms), good: 0, total: 0, objective });
    }
  }
  return out;
}

/**
 * The burn-down of a window's budget, day by day: after each day, the share
 * of the whole window's budget left. The budget is the window's: the bad
 * events the objective in force each day allows for that day's traffic,
 * summed over every day given (see `errorBudgetFromSegments`). So the
 * series starts near 1, falls as errors happen, and its last point equals
 * the window's remaining budget.
 *
 * Pass the days of the window (from the daily history); pass `range` to get a
 * point for days the history lacks too.
 *
 * @public
 */
export function burnDownSeries(
  days: SloDailyCount[],
  range?: { from: string; to: string },
): BurnDownPoint[] {
  const sorted = normaliseDailyCounts(days, range);
  if (sorted.length === 0) return [];
  const { allowedEvents } = errorBudgetFromSegments(sorted, DAY_MS);
  let spent = 0;
  return sorted.map(day => {
    const bad = badEvents(day);
    const sli = day.total > 0 ? 1 - bad / day.total : undefined;
    if (!(allowedEvents > 0)) {
      return { day: day.day, sli };
    }
    spent += bad;
    return {
      day: day.day,
      consumed: bad / allowedEvents,
      remaining: 1 - spent / allowedEvents,
      sli,
    };
  });
}

/**
 * One report row for an SLO evaluated at an instant: target, actual SLI,
 * status, budget used and remaining, all exactly as the evaluation has them
 * (the report and `GET …/slos` give one answer), and, from the days of the
 * window (the current one up to the instant), the day that used the most
 * budget. An SLO that could not be measured is `no-data` with the reason.
 *
 * @public
 */
export function sloReportRow(
  evaluation: {
    definition: Pick<SloDefinition, 'id' | 'name' | 'objectivePercent'>;
    status?: SloStatusSummary;
    problems: Array<{ message: string }>;
    adjusted?: SloAdjustedEvaluation;
  },
  days: SloDailyCount[],
  covered: { from: string; to: string },
): SloReportRow {
  const { definition, status } = evaluation;
  const row: SloReportRow = {
    sloId: definition.id,
    name: definition.name,
    targetPercent: definition.objectivePercent,
    ...covered,
    status: status?.status ?? 'no-data',
    ...(evaluation.adjusted
      ? { excluded: excludedOf(evaluation.adjusted) }
      : {}),
  };
  if (!status) {
    const reason = evaluation.problems.map(p => p.message).join('; ');
    return reason ? { ...row, reason } : row;
  }
  if (status.sli === undefined || status.budget.remaining === undefined) {
    return row;
  }
  row.actualPercent = Number((status.sli * 100).toPrecision(12));
  row.budgetUsed = status.budget.consumed;
  row.budgetRemaining = status.budget.remaining;
  const series = burnDownSeries(days);
  let worst: (typeof series)[number] | undefined;
  for (const point of series) {
    if ((point.consumed ?? 0) > (worst?.consumed ?? 0)) worst = point;
  }
  if (worst?.consumed !== undefined) {
    row.worstDay = {
      day: worst.day,
      sli: worst.sli,
      budgetConsumed: worst.consumed,
    };
  }
  return row;
}

function excludedOf(adjusted: SloAdjustedEvaluation) {
  return {
    reasons: adjusted.reasons,
    periods: adjusted.periods.length,
    excludedMs: adjusted.periods.reduce(
      (sum, p) => sum + Date.parse(p.end) - Date.parse(p.start),
      0,
    ),
  };
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

/**
 * Renders report rows as a Markdown table: SLO, target, actual, status,
 * budget used and remaining, worst day.
 *
 * @public
 */
export function sloReportMarkdown(rows: SloReportRow[]): string {
  const percent = (ratio: number | undefined) =>
    ratio === undefined ? '–' : formatSloPercent(ratio, 1);
  const lines = [
    '| SLO | Target | Actual | Status | Budget used | Budget remaining | Worst day |',
    '| --- | ---: | ---: | --- | ---: | ---: | --- |',
    ...rows.map(row => {
      const actual =
        row.actualPercent === undefined
          ? '–'
          : `${formatSloNumber(row.actualPercent, 3)}%`;
      const worst = row.worstDay
        ? `${row.worstDay.day} (${percent(
            row.worstDay.budgetConsumed,
          )} of the budget)`
        : '–';
      return `| ${[
        cell(row.name),
        `${row.targetPercent}%`,
        actual,
        cell(row.reason ? `${row.status}: ${row.reason}` : row.status),
        percent(row.budgetUsed),
        percent(row.budgetRemaining),
        worst,
      ].join(' | ')} |`;
    }),
  ];
  const excluded = rows.filter(row => row.excluded);
  if (excluded.length > 0) {
    lines.push(
      '',
      'Excluded from the error budgets (budget adjustments):',
      '',
      ...excluded.map(
        ({ name, excluded: e }) =>
          `- ${name}: ${e!.periods} period${
            e!.periods === 1 ? '' : 's'
          }, ${formatHumanDuration(e!.excludedMs)} in all: ${e!.reasons.join(
            '; ',
          )}`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
