import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  compareSloUrgency,
  DiagnosisResponse,
  EntitySloSnapshotResponse,
  SloStatus,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { AlertsService } from '../alerts/AlertsService';
import { DashboardsService } from '../dashboards/DashboardsService';
import { DiagnosisService } from '../diagnosis/DiagnosisService';
import { EntityCatalog } from '../entities/EntityCatalog';
import { TargetService } from '../entities/TargetService';
import { entitySlos, SloRouteDeps } from '../slo/sloRoutes';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { AlertRouting } from './alertRouting';

/**
 * What a production-readiness scorecard asks of an entity's observability,
 * one fact each, with the reason behind each `false` (what to change).
 * The Tech Insights fact retriever stores these as they are.
 */
export type ReadinessFacts = {
  entityRef: string;
  /** A ServiceMonitor or PodMonitor selects the entity's Service or Pods (doctor check `monitor`). */
  hasMonitoring: boolean;
  /** At least one SLO is declared. */
  hasSlo: boolean;
  /** The most urgent SLO's status; `none` without an SLO. */
  sloStatus: SloStatus | 'none';
  /** The smallest share of error budget left among its SLOs; null without a figure. */
  sloBudgetRemaining: number | null;
  /** It has alert rules, each with a `runbook_url`, each routed to a receiver that notifies someone. */
  alertsRoutedWithRunbooks: boolean;
  /** Grafana has at least one dashboard for it. */
  dashboardPresent: boolean;
  /** No check of the monitoring doctor fails. */
  doctorPassing: boolean;
  /** Why each fact that is false (or unknown) is so, by fact name. */
  reasons: Record<string, string>;
};

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Works out an entity's readiness facts from the very services the routes
 * use: the doctor, the SLO snapshots, the alerts and Alertmanager's routing,
 * and the dashboards. A part whose upstream fails makes its facts false,
 * with the error as their reason, rather than failing the whole answer.
 */
export class ReadinessFactsService {
  constructor(
    private readonly deps: {
      entities: EntityCatalog;
      targets: TargetService;
      clients: UpstreamClients;
      alerts: AlertsService;
      dashboards: DashboardsService;
      doctor: DiagnosisService;
      slos: SloRouteDeps;
    },
  ) {}

  /** `entity` must have been read with the caller's credentials. */
  async facts(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<ReadinessFacts> {
    const { deps } = this;
    const target = deps.targets.resolveWithoutDetection(entity);
    const settle = <T>(work: () => Promise<T>) =>
      work().then(
        value => ({ value }),
        error => ({ error: errorMessage(error) }),
      );
    const [diagnosis, slos, alerts, dashboards] = await Promise.all([
      settle(() =>
        deps.doctor.diagnose(entity, names =>
          deps.entities.readableNames(names, credentials),
        ),
      ),
      settle(() => entitySlos(deps.slos, entity, credentials)),
      settle(() => this.routedAlerts(target)),
      settle(() => deps.dashboards.dashboards(target, {})),
    ]);
    const reasons: Record<string, string> = {};
    const fact = (
      name: string,
      outcome: { value: boolean; reason?: string } | { error: string },
    ) => {
      if ('error' in outcome) {
        reasons[name] = outcome.error;
        return false;
      }
      if (!outcome.value && outcome.reason) reasons[name] = outcome.reason;
      return outcome.value;
    };
    const slo = 'value' in slos ? sloFacts(slos.value) : undefined;
    return {
      entityRef: stringifyEntityRef(entity),
      hasMonitoring: fact(
        'hasMonitoring',
        'value' in diagnosis ? monitoring(diagnosis.value) : diagnosis,
      ),
      doctorPassing: fact(
        'doctorPassing',
        'value' in diagnosis ? doctor(diagnosis.value) : diagnosis,
      ),
      hasSlo: fact(
        'hasSlo',
        slo
          ? {
              value: slo.count > 0,
              reason:
                'No SLO is declared: add sightline.dev/slo-availability (e.g. "99.9") or an SLO file.',
            }
          : (slos as { error: string }),
      ),
      sloStatus: slo?.status ?? 'none',
      sloBudgetRemaining: slo?.budgetRemaining ?? null,
      alertsRoutedWithRunbooks: fact(
        'alertsRoutedWithRunbooks',
        'value' in alerts ? alerts.value : alerts,
      ),
      dashboardPresent: fact(
        'dashboardPresent',
        'value' in dashboards
          ? {
              value: dashboards.value.dashboards.length > 0,
              reason:
                'Grafana has no dashboard for it: tag one with the entity name or set sightline.dev/grafana-dashboards.',
            }
          : dashboards,
      ),
      reasons,
    };
  }

  /** Rules with runbooks, each routed to a receiver that notifies someone. */
  private async routedAlerts(
    target: TelemetryTarget,
  ): Promise<{ value: boolean; reason?: string }> {
    const { cluster } = target;
    const { rules, matchers } = await this.deps.alerts.alerts(target);
    if (rules.length === 0) {
      return {
        value: false,
        reason:
          'No Prometheus alert rule selects it: add rules for its metrics (Setup → Generate monitoring).',
      };
    }
    const withoutRunbook = rules.filter(r => !r.runbookUrl).map(r => r.name);
    if (withoutRunbook.length) {
      return {
        value: false,
        reason: `Rules without a runbook_url annotation: ${withoutRunbook.join(
          ', ',
        )}.`,
      };
    }
    const clients = this.deps.clients.forCluster(cluster);
    if (!clients.has('alertmanager')) {
      return {
        value: false,
        reason: `Cluster '${cluster}' has no Alertmanager configured, so where alerts go is unknown.`,
      };
    }
    const routing = AlertRouting.fromConfigYaml(
      await clients.alertmanager().configYaml(),
    );
    // The labels its alerts carry: the entity's label equalities (from the
    // expression's series), the rule's own labels and its name.
    const entityLabels = Object.fromEntries(
      matchers.filter(m => m.op === '=').map(m => [m.name, m.value]),
    );
    const unrouted = rules
      .filter(rule => {
        const receivers = routing.receiversFor({
          ...entityLabels,
          ...rule.labels,
          alertname: rule.name,
        });
        return !receivers.some(r => routing.delivers(r));
      })
      .map(r => r.name);
    return unrouted.length
      ? {
          value: false,
          reason: `Alertmanager routes these rules to no receiver that notifies anyone: ${unrouted.join(
            ', ',
          )}. Add a route for them to a receiver with an integration (e.g. slack_configs).`,
        }
      : { value: true };
  }
}

/**
 * Found when the doctor's `monitor` check passes; where it cannot look
 * (no Kubernetes API configured), when Prometheus scrapes a target of it.
 */
function monitoring(diagnosis: DiagnosisResponse) {
  const check = (id: string) => diagnosis.checks.find(c => c.id === id);
  const monitor = check('monitor');
  const found =
    monitor?.status === 'skipped'
      ? check('scrape-target')?.status === 'pass'
      : monitor?.status === 'pass' || monitor?.status === 'warn';
  return {
    value: found,
    reason:
      monitor?.status === 'skipped'
        ? `Prometheus scrapes no healthy target of it: ${
            check('scrape-target')?.message ?? ''
          }`
        : monitor?.fix?.summary ?? monitor?.message,
  };
}

function doctor(diagnosis: DiagnosisResponse) {
  const failing = diagnosis.checks.filter(c => c.status === 'fail');
  return {
    value: failing.length === 0,
    reason: failing
      .map(c => `${c.title}: ${c.fix?.summary ?? c.message}`)
      .join(' '),
  };
}

function sloFacts(response: EntitySloSnapshotResponse) {
  const statuses = response.slos.map(s => s.status);
  const mostUrgent = [...statuses].sort(compareSloUrgency)[0];
  const remaining = statuses
    .map(s => s?.budget.remaining)
    .filter((r): r is number => r !== undefined);
  return {
    count: response.slos.length,
    status: response.slos.length
      ? mostUrgent?.status ?? ('no-data' as const)
      : ('none' as const),
    budgetRemaining: remaining.length ? Math.min(...remaining) : undefined,
  };
}
