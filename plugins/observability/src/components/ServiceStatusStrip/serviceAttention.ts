import {
  AlertsResponse,
  compareSloUrgency,
  EntityAlert,
  EntitySlosResponse,
  SloEvaluation,
  SloTone,
  SloVerdict,
  sloVerdict,
} from '@sightline/plugin-observability-common';
import { activeAlerts } from '../FiringAlertsCard/FiringAlertsCard';

/** Severity labels that page someone: Sightline's and Sloth's page alerts are `critical`. */
const PAGE_SEVERITIES = ['critical', 'page'];

/**
 * Whether an alert pages: its `severity` is `critical` or `page`, or Sloth
 * marked it a page alert (`sloth_severity="page"`).
 */
export function isPageAlert(alert: EntityAlert): boolean {
  return (
    PAGE_SEVERITIES.includes(alert.severity?.toLowerCase() ?? '') ||
    alert.labels.sloth_severity === 'page'
  );
}

/** An SLO with its verdict. */
export type JudgedSlo = { slo: SloEvaluation; verdict: SloVerdict };

/** A count on a section's tab, with what it counts for screen readers. */
export type SectionBadge = {
  count: number;
  tone: SloTone;
  description: string;
};

/**
 * What on a service wants attention now, from its alerts and its SLOs: the
 * Overview's status strip and the Alerts and SLOs tab badges read it.
 */
export type ServiceAttention = {
  /** Alerts firing now (not pending, not silenced), most severe first. */
  firing: EntityAlert[];
  /** Those of them that page. */
  paging: EntityAlert[];
  /** Every SLO, most urgent first. */
  slos: JudgedSlo[];
  /** The SLOs with a burn-rate condition holding, most urgent first. */
  burning: JudgedSlo[];
  /** An alert pages or a burn-rate condition holds: show the strip. */
  needsAttention: boolean;
  alertsBadge?: SectionBadge;
  slosBadge?: SectionBadge;
};

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What wants attention, from the two answers the service page already asks
 * for; either may be missing (still loading, or failed: its own section says
 * why).
 */
export function serviceAttention(
  alerts?: AlertsResponse,
  slos?: EntitySlosResponse,
): ServiceAttention {
  const firing = alerts
    ? activeAlerts(alerts).filter(a => a.state === 'firing')
    : [];
  const paging = firing.filter(isPageAlert);
  const judged = (slos?.slos ?? [])
    .map(slo => ({ slo, verdict: sloVerdict(slo.status) }))
    .sort((a, b) => compareSloUrgency(a.slo.status, b.slo.status));
  const burning = judged.filter(
    ({ verdict }) =>
      verdict.holding.page.length + verdict.holding.ticket.length > 0,
  );
  return {
    firing,
    paging,
    slos: judged,
    burning,
    needsAttention: paging.length > 0 || burning.length > 0,
    alertsBadge:
      firing.length > 0
        ? {
            count: firing.length,
            tone: paging.length > 0 ? 'error' : 'warning',
            description: `${plural(firing.length, 'alert', 'alerts')} firing`,
          }
        : undefined,
    slosBadge:
      burning.length > 0
        ? {
            count: burning.length,
            tone: burning[0].verdict.tone,
            description: `${plural(burning.length, 'SLO', 'SLOs')} burning`,
          }
        : undefined,
  };
}
