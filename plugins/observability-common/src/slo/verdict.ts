import { budgetPolicyLevel, sloStatus } from './budget';
import { formatHumanDuration, formatSloPercent } from './format';
import {
  BudgetPolicyLevel,
  BurnRateAlertSeverity,
  ErrorBudget,
  EvaluatedBurnRateCondition,
  SloStatus,
  SloStatusSummary,
} from './types';

/**
 * The colour an SLO's badge and policy chip carry: `success` (green),
 * `warning` (amber), `error` (red), or `neutral` without data.
 *
 * @public
 */
export type SloTone = 'success' | 'warning' | 'error' | 'neutral';

/**
 * What an evaluation needs for a verdict: the budget, which burn-rate
 * conditions hold and the time to exhaustion (a `SloStatusSummary` has them).
 *
 * @public
 */
export interface SloVerdictInput {
  budget: Pick<ErrorBudget, 'remaining'>;
  alerts: Array<Pick<EvaluatedBurnRateCondition, 'id' | 'severity' | 'firing'>>;
  timeToExhaustionMs?: SloStatusSummary['timeToExhaustionMs'];
}

/**
 * One answer to "how is this SLO doing?", for every view that shows an SLO:
 * the status badge, its colour, the budget-policy level and its sentence, the
 * reason a list shows beside it, and what ranks it in a list. See
 * `sloVerdict` for the rules.
 *
 * @public
 */
export interface SloVerdict {
  status: SloStatus;
  /** The badge's text: `Met`, `At risk`, `Violated`, `No data`. */
  label: string;
  tone: SloTone;
  /** Absent without data. */
  policy?: BudgetPolicyLevel;
  /** The policy and what to do, e.g. `Budget policy: critical (…): …`. Absent without data. */
  policyLine?: string;
  /** Why the SLO stands where it does, in a few words, for lists and strips. */
  reason: string;
  /** The burn-rate conditions of each severity that hold now, by id. */
  holding: Record<BurnRateAlertSeverity, string[]>;
}

/**
 * The badge text of each status.
 *
 * @public
 */
export const SLO_STATUS_LABELS: Readonly<Record<SloStatus, string>> = {
  met: 'Met',
  'at-risk': 'At risk',
  violated: 'Violated',
  'no-data': 'No data',
};

const STATUS_TONES: Record<SloStatus, SloTone> = {
  met: 'success',
  'at-risk': 'warning',
  violated: 'error',
  'no-data': 'neutral',
};

/**
 * The colour of a status when nothing else is known about the SLO (a search
 * result carries only the status): green met, amber at risk, red violated,
 * neutral without data. With the evaluation at hand, use `sloVerdict`'s tone,
 * which is also red while a page condition holds.
 *
 * @public
 */
export function sloStatusTone(status: SloStatus): SloTone {
  return STATUS_TONES[status];
}

/** Policy levels from least to most severe. */
const POLICY_ORDER: BudgetPolicyLevel[] = [
  'healthy',
  'warning',
  'critical',
  'exhausted',
];

/**
 * The least policy level a holding condition allows: a page condition spends
 * the budget fast enough to empty it within days (14.4× empties a 30-day
 * budget in 50 hours), so it is at least `critical`, whatever is left; a
 * ticket condition spends it faster than the window can afford, so at least
 * `warning`.
 */
const BURNING_POLICY: Record<BurnRateAlertSeverity, BudgetPolicyLevel> = {
  page: 'critical',
  ticket: 'warning',
};

const POLICY_ACTION: Record<BudgetPolicyLevel, string> = {
  healthy: 'release as usual',
  warning: 'prefer low-risk releases and watch the burn rate',
  critical: 'put reliability work before new features',
  exhausted: 'hold risky releases until the budget recovers',
};

/** Why the budget alone puts the policy at a level, as the policy line says it. */
const BUDGET_REASON: Record<BudgetPolicyLevel, string> = {
  healthy: 'more than 50% of the budget left',
  warning: '25–50% left',
  critical: 'less than 25% left',
  exhausted: 'nothing left',
};

function holdingIds(
  alerts: SloVerdictInput['alerts'],
  severity: BurnRateAlertSeverity,
): string[] {
  return alerts.filter(a => a.firing && a.severity === severity).map(a => a.id);
}

function plural(ids: string[]): string {
  return `${ids.join(', ')} ${ids.length === 1 ? 'holds' : 'hold'}`;
}

/**
 * When the budget runs out at this pace, the clause that ranks SLOs in
 * roll-ups; `idle` when it is not being spent now.
 */
function runsOut(timeToExhaustionMs: number | undefined, idle = ''): string {
  if (timeToExhaustionMs === undefined) return idle;
  if (timeToExhaustionMs <= 0) return '; the budget is spent';
  return `; at this pace the budget runs out in ${formatHumanDuration(
    timeToExhaustionMs,
  )}`;
}

function policyLine(
  policy: BudgetPolicyLevel,
  budgetLevel: BudgetPolicyLevel,
  holding: SloVerdict['holding'],
): string {
  const reasons = [BUDGET_REASON[budgetLevel]];
  if (holding.page.length > 0) {
    reasons.push(`page condition ${plural(holding.page)}`);
  } else if (holding.ticket.length > 0) {
    reasons.push(`ticket condition ${plural(holding.ticket)}`);
  }
  let action = POLICY_ACTION[policy];
  if (holding.page.length > 0) {
    action =
      policy === 'exhausted'
        ? 'hold releases until the burn stops and the budget recovers'
        : `hold releases until the burn stops, then ${action}`;
  }
  return `Budget policy: ${policy} (${reasons.join('; ')}): ${action}.`;
}

/**
 * How an SLO reads at one instant, decided once for every view (the SLO
 * card, the overview card, roll-ups, the status strip, the backend's
 * `status` and `policy`). Undefined (not measured) reads as no data.
 *
 * - Status: `sloStatus`, i.e. `no-data` without traffic, `violated` when the
 *   budget is overspent, `at-risk` below 25% left or while any burn-rate
 *   condition holds, `met` otherwise.
 * - Policy: the budget's level (`budgetPolicyLevel`: healthy above 50%,
 *   warning 25–50%, critical below 25%, exhausted at 0), raised to at least
 *   `critical` while a page condition holds and at least `warning` while a
 *   ticket condition holds. So a page condition never reads "healthy",
 *   "release as usual": the policy line says which condition holds and to
 *   hold releases until the burn stops.
 * - Tone: green met, amber at risk, red violated, and red too while a page
 *   condition holds (the budget is going within days), neutral without data.
 * - Reason: the most urgent of: the page conditions that hold, the ticket
 *   conditions that hold, an overspent budget, a budget below 25%, else what
 *   is left; each but the overspent one with when the budget runs out at
 *   this pace (or that it is not burning), which is what ranks SLOs in
 *   roll-ups (`compareSloUrgency`).
 *
 * @public
 */
export function sloVerdict(summary: SloVerdictInput | undefined): SloVerdict {
  const remaining = summary?.budget.remaining;
  const alerts = summary?.alerts ?? [];
  const holding = {
    page: holdingIds(alerts, 'page'),
    ticket: holdingIds(alerts, 'ticket'),
  };
  const status = sloStatus(remaining, {
    alertFiring: holding.page.length + holding.ticket.length > 0,
  });
  const budgetLevel = budgetPolicyLevel(remaining);
  if (status === 'no-data' || budgetLevel === undefined) {
    return {
      status: 'no-data',
      label: SLO_STATUS_LABELS['no-data'],
      tone: 'neutral',
      reason: 'No traffic in the window',
      holding,
    };
  }
  const floors = (['page', 'ticket'] as const)
    .filter(severity => holding[severity].length > 0)
    .map(severity => BURNING_POLICY[severity]);
  const policy = [budgetLevel, ...floors].reduce((a, b) =>
    POLICY_ORDER.indexOf(a) >= POLICY_ORDER.indexOf(b) ? a : b,
  );
  const tone = holding.page.length > 0 ? 'error' : sloStatusTone(status);
  const left = formatSloPercent(remaining!, 1);
  let reason: string;
  if (holding.page.length > 0) {
    reason = `Page condition ${plural(holding.page)}${runsOut(
      summary?.timeToExhaustionMs,
    )}`;
  } else if (holding.ticket.length > 0) {
    reason = `Ticket condition ${plural(holding.ticket)}${runsOut(
      summary?.timeToExhaustionMs,
    )}`;
  } else if (status === 'violated') {
    reason = `Budget overspent: ${formatSloPercent(1 - remaining!, 1)} used`;
  } else if (status === 'at-risk') {
    reason = `Only ${left} of the budget left${runsOut(
      summary?.timeToExhaustionMs,
      '; not burning',
    )}`;
  } else {
    reason = `${left} of the budget left${runsOut(
      summary?.timeToExhaustionMs,
      '; not burning',
    )}`;
  }
  return {
    status,
    label: SLO_STATUS_LABELS[status],
    tone,
    policy,
    policyLine: policyLine(policy, budgetLevel, holding),
    reason,
    holding,
  };
}

/** 0: a page condition holds, 1: a ticket condition, 2: neither, 3: no data. */
function urgencyRank(summary: SloVerdictInput | undefined): number {
  if (summary?.budget.remaining === undefined) return 3;
  const firing = (severity: BurnRateAlertSeverity) =>
    summary.alerts.some(a => a.firing && a.severity === severity);
  if (firing('page')) return 0;
  if (firing('ticket')) return 1;
  return 2;
}

/** Ascending, with undefined after every number. */
function ascending(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) {
    return Number(a === undefined) - Number(b === undefined);
  }
  return a - b;
}

/**
 * Orders SLOs most urgent first, for roll-ups and anywhere SLOs are listed
 * across services: those with a page condition holding, then a ticket
 * condition, then the others; within each, the sooner the budget runs out at
 * the current pace the earlier (spent budgets, 0, first; not burning last),
 * then the less budget left the earlier. SLOs without data come last.
 *
 * @public
 */
export function compareSloUrgency(
  a: SloVerdictInput | undefined,
  b: SloVerdictInput | undefined,
): number {
  return (
    urgencyRank(a) - urgencyRank(b) ||
    ascending(a?.timeToExhaustionMs, b?.timeToExhaustionMs) ||
    ascending(a?.budget.remaining, b?.budget.remaining)
  );
}
