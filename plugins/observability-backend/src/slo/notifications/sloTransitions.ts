import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  BurnRateAlertSeverity,
  SLO_STATUS_LABELS,
  SloEvaluation,
  SloStatus,
  sloVerdict,
} from '@sightline/plugin-observability-common';

type NotificationSeverity = NonNullable<
  NotificationSendOptions['payload']['severity']
>;

/** What changed about one SLO between two fleet snapshots. */
export type SloTransition =
  | { kind: 'status'; from: SloStatus; to: SloStatus }
  | { kind: 'condition'; severity: BurnRateAlertSeverity; holds: boolean };

const SEVERITIES: BurnRateAlertSeverity[] = ['page', 'ticket'];

/**
 * The transitions from one snapshot of an SLO to the next: its status
 * (met, at risk, violated) changed, or a page or ticket burn-rate condition
 * started or stopped holding. A side without data (no traffic, or not
 * measured) has no status to leave or reach, so a gap in the data is no
 * transition, and the status before the gap is compared with the one after
 * only when the gap fell between two evaluations.
 */
export function sloTransitions(
  previous: SloEvaluation,
  current: SloEvaluation,
): SloTransition[] {
  const before = sloVerdict(previous.status);
  const after = sloVerdict(current.status);
  if (before.status === 'no-data' || after.status === 'no-data') return [];
  const out: SloTransition[] = [];
  if (before.status !== after.status) {
    out.push({ kind: 'status', from: before.status, to: after.status });
  }
  for (const severity of SEVERITIES) {
    const held = before.holding[severity].length > 0;
    const holds = after.holding[severity].length > 0;
    if (held !== holds) out.push({ kind: 'condition', severity, holds });
  }
  return out;
}

/** The transitions as one stable key, e.g. `status:met>at-risk,page:started`. */
export function transitionsKey(transitions: SloTransition[]): string {
  return transitions
    .map(t =>
      t.kind === 'status'
        ? `status:${t.from}>${t.to}`
        : `${t.severity}:${t.holds ? 'started' : 'stopped'}`,
    )
    .join(',');
}

/**
 * The notification's words and severity for an SLO's transitions: the
 * status change when there is one (it says the most), else the condition
 * that started or stopped; the description is the SLO card's reason and
 * budget-policy line at the new snapshot.
 */
export function describeTransitions(options: {
  entityTitle: string;
  evaluation: SloEvaluation;
  transitions: SloTransition[];
}): { title: string; description: string; severity: NotificationSeverity } {
  const { entityTitle, evaluation, transitions } = options;
  const verdict = sloVerdict(evaluation.status);
  const slo = `${entityTitle}: SLO "${evaluation.definition.name}"`;
  const status = transitions.find(
    (t): t is Extract<SloTransition, { kind: 'status' }> => t.kind === 'status',
  );
  const conditions = transitions.filter(
    (t): t is Extract<SloTransition, { kind: 'condition' }> =>
      t.kind === 'condition',
  );
  let title: string;
  if (status) {
    title = `${slo} is ${SLO_STATUS_LABELS[
      status.to
    ].toLowerCase()} (was ${SLO_STATUS_LABELS[status.from].toLowerCase()})`;
  } else {
    title = `${slo}: ${conditions
      .map(
        c =>
          `${c.severity} burn-rate condition ${
            c.holds ? 'holds' : 'stopped holding'
          }`,
      )
      .join('; ')}`;
  }
  // With a status change in the title, conditions that changed with it
  // are said in the description.
  const alsoChanged = status
    ? conditions.map(
        c =>
          `The ${c.severity} burn-rate condition ${
            c.holds ? 'started' : 'stopped'
          } holding.`,
      )
    : [];
  return {
    title,
    description: [
      `${verdict.reason}.`,
      ...alsoChanged,
      ...(verdict.policyLine ? [verdict.policyLine] : []),
    ].join(' '),
    severity: notificationSeverity(verdict),
  };
}

/**
 * Critical while a page condition holds (the budget goes within days),
 * high when violated, normal at risk or while a ticket condition holds,
 * low when the SLO is met again.
 */
function notificationSeverity(
  verdict: ReturnType<typeof sloVerdict>,
): NotificationSeverity {
  if (verdict.holding.page.length > 0) return 'critical';
  if (verdict.status === 'violated') return 'high';
  if (verdict.status === 'at-risk') return 'normal';
  return 'low';
}
