import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DIAGNOSIS_CHECK_IDS,
  DiagnosisCheck,
  DiagnosisCheckId,
  DiagnosisResponse,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OBSERVABILITY_ANNOTATIONS,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import {
  ClusterMonitoringReader,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  MonitoringCluster,
  MonitoringClusters,
  renderYaml,
} from '@sightline/plugin-observability-node';
import {
  GrafanaClient,
  GrafanaPanelQuery,
} from '../upstreams/clients/GrafanaClient';
import { LokiClient } from '../upstreams/clients/LokiClient';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { ClusterConfig } from '../config/ObservabilityConfig';
import { EntityResolver } from '../entities/EntityResolver';
import { TargetResolver } from '../entities/TargetResolver';
import { TargetService } from '../entities/TargetService';
import { SloService } from '../slo/SloService';
import { traceBackendFor } from '../traces/TraceBackend';
import { UpstreamHealthChecker } from '../upstreams/UpstreamHealthChecker';
import {
  checkMonitors,
  checkPrometheusSelects,
  checkService,
  MonitorFindings,
  ServiceFindings,
  Workload,
} from './kubernetesChecks';
import {
  checkLogs,
  checkRules,
  checkScrapeTarget,
  checkSeries,
  checkTraces,
} from './telemetryChecks';
import { ReadableNames } from './readableNames';
import { checkSloObjectives } from './sloChecks';
import { CheckOutcome } from './types';

/** Dashboards whose queries check 6 reads, at most. */
const MAX_DASHBOARDS = 5;

const TITLES: Record<DiagnosisCheckId, string> = {
  config: 'Annotations, cluster and upstreams',
  'kubernetes-service': 'Kubernetes Service and Pods',
  monitor: 'A ServiceMonitor or PodMonitor selects the Service',
  'prometheus-selects-monitor': "The cluster's Prometheus loads the monitor",
  'scrape-target': 'Prometheus scrapes a healthy target',
  series: 'Series exist for the entity',
  logs: 'Log streams exist in Loki',
  traces: 'Spans exist in the trace store',
  rules: 'Alert and SLO rules exist',
  'slo-objectives': 'SLO objectives can be measured',
};

export interface DiagnosisServiceOptions {
  entities: EntityResolver;
  targetResolver: TargetResolver;
  targets: TargetService;
  health: UpstreamHealthChecker;
  /** Clusters with their Kubernetes API, for checks 2–4. */
  clusters?: MonitoringClusters;
  /** The entity's SLOs, for check 10; skipped without. */
  slos?: SloService;
  /** The whole diagnosis answers within this (the upstream query timeout). */
  timeoutMs: number;
}

type Outcome<T> = { check: DiagnosisCheck; value?: T };

const skipped = (reason: string): CheckOutcome => ({
  status: 'skipped',
  skippedReason: reason,
  message: 'Not checked.',
  evidence: [],
});

/**
 * The monitoring doctor: why an entity has no data, and what to change.
 * Runs the checks of DIAGNOSIS_CHECK_IDS; the Kubernetes checks run in
 * order (each needs the previous one's findings), everything else
 * concurrently, and every check is bounded by the same deadline, so one
 * hanging upstream makes its own check fail (naming it) and never the
 * whole answer.
 */
export class DiagnosisService {
  constructor(private readonly options: DiagnosisServiceOptions) {}

  /**
   * `readable` narrows the names of other services the checks found (closest
   * matches, lists of Services and monitors) to entities the caller can read.
   */
  async diagnose(
    entity: Entity,
    readable: ReadableNames,
    now = Date.now(),
  ): Promise<DiagnosisResponse> {
    const deadline = Date.now() + this.options.timeoutMs;
    const entityRef = stringifyEntityRef(entity);
    let cluster: ClusterConfig;
    try {
      cluster = this.options.entities.resolveCluster(entity);
    } catch (error) {
      const checks = [
        this.result('config', 0, {
          status: 'fail',
          message: (error as Error).message,
          evidence: [
            {
              label: OBSERVABILITY_ANNOTATIONS.cluster,
              detail:
                entity.metadata.annotations?.[
                  OBSERVABILITY_ANNOTATIONS.cluster
                ] ?? '(unset)',
            },
          ],
          fix: {
            summary: `Name a configured cluster in ${OBSERVABILITY_ANNOTATIONS.cluster}.`,
          },
        }),
        ...this.skipAllBut(
          'config',
          'The entity names no configured cluster (check 1).',
        ),
      ];
      return this.response(entityRef, '', checks);
    }
    const { detect: _detect, ...target } = this.options.targetResolver.resolve(
      entity,
      cluster.name,
    );

    const [config, kubernetes, scrape, series, logs, traces, rules, slos] =
      await Promise.all([
        this.run('config', deadline, 'An upstream readiness probe', () =>
          this.checkConfig(cluster, target),
        ),
        this.kubernetesChecks(entity, cluster.name, deadline, readable),
        this.withPrometheus(target, 'scrape-target', deadline, (p, metrics) =>
          checkScrapeTarget(p, metrics, readable),
        ),
        this.withPrometheus(target, 'series', deadline, async p => {
          // Detect the dialect here, so a slow Prometheus delays only this check.
          const [detected, dashboards] = await Promise.all([
            this.options.targets.resolve(entity, { atMs: now }),
            this.dashboardQueries(target),
          ]);
          return checkSeries(
            p,
            detected.metrics!,
            workloadOf(entity).namespace,
            now,
            readable,
            dashboards,
          );
        }),
        this.run(
          'logs',
          deadline,
          `Loki of cluster '${cluster.name}'`,
          async () => {
            const upstream = this.options.targets.optionalUpstream(
              target,
              'loki',
            );
            if (!upstream)
              return skipped(
                `Cluster '${cluster.name}' has no Loki (observability.clusters[].loki.url).`,
              );
            if (!target.logs)
              return skipped(
                `${OBSERVABILITY_ANNOTATIONS.logSelector} is malformed (check 1).`,
              );
            return checkLogs(
              new LokiClient(upstream),
              target.logs,
              now,
              readable,
            );
          },
        ),
        this.run(
          'traces',
          deadline,
          `${
            this.options.targets.optionalUpstream(target, 'tempo')
              ? 'Tempo'
              : 'Jaeger'
          } of cluster '${cluster.name}'`,
          async () => {
            const upstream = (kind: 'tempo' | 'jaeger') =>
              this.options.targets.optionalUpstream(target, kind);
            if (!upstream('tempo') && !upstream('jaeger'))
              return skipped(
                `Cluster '${cluster.name}' has no trace store (observability.clusters[].tempo or .jaeger).`,
              );
            return checkTraces(
              traceBackendFor(target, upstream),
              target.traces.serviceName,
              now,
              readable,
            );
          },
        ),
        this.withPrometheus(target, 'rules', deadline, (p, metrics) =>
          checkRules(
            p,
            target.alerts?.matchers ?? metrics.matchers,
            entity.metadata.name,
          ),
        ),
        this.withPrometheus(target, 'slo-objectives', deadline, async p =>
          this.options.slos
            ? checkSloObjectives(
                p,
                this.options.slos,
                entity,
                probe => this.options.targets.resolve(entity, probe),
                now,
              )
            : skipped('The SLO routes are not configured.'),
        ),
      ]);

    // Series without a target carrying the entity's labels: they arrive some
    // other way (relabelled target, remote write); not a cause of no data.
    const scrapeCheck = scrape.check;
    if (
      scrapeCheck.status === 'fail' &&
      scrape.value === false &&
      series.value === true
    ) {
      scrapeCheck.status = 'warn';
      scrapeCheck.message += ` Series with these labels exist all the same (check 6), so they come from a target whose labels differ after relabelling, or from remote write.`;
      delete scrapeCheck.fix;
    }

    return this.response(entityRef, cluster.name, [
      config.check,
      ...kubernetes,
      scrapeCheck,
      series.check,
      logs.check,
      traces.check,
      rules.check,
      slos.check,
    ]);
  }

  private response(
    entityRef: string,
    cluster: string,
    checks: DiagnosisCheck[],
  ): DiagnosisResponse {
    return {
      entityRef,
      cluster,
      checkedAt: new Date().toISOString(),
      firstFailure: checks.find(c => c.status === 'fail')?.id,
      checks,
    };
  }

  private skipAllBut(id: DiagnosisCheckId, reason: string): DiagnosisCheck[] {
    return DIAGNOSIS_CHECK_IDS.filter(k => k !== id).map(k =>
      this.result(k, 0, skipped(reason)),
    );
  }

  private result(
    id: DiagnosisCheckId,
    durationMs: number,
    outcome: CheckOutcome,
  ): DiagnosisCheck {
    return { id, title: TITLES[id], ...outcome, durationMs };
  }

  /**
   * Runs one check until the deadline. A check that throws or runs out of
   * time fails with the reason (upstream errors name the upstream).
   */
  private async run<T>(
    id: DiagnosisCheckId,
    deadline: number,
    waitingOn: string,
    fn: () => Promise<CheckOutcome & { value?: T }>,
  ): Promise<Outcome<T>> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const budget = Math.max(0, deadline - started);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${waitingOn} did not answer within ${budget} ms.`)),
        budget,
      );
    });
    try {
      const { value, ...outcome } = await Promise.race([fn(), timeout]);
      return { check: this.result(id, Date.now() - started, outcome), value };
    } catch (error) {
      return {
        check: this.result(id, Date.now() - started, {
          status: 'fail',
          message: (error as Error).message,
          evidence: [],
        }),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private withPrometheus<T extends boolean>(
    target: TelemetryTarget,
    id: DiagnosisCheckId,
    deadline: number,
    fn: (
      prometheus: PrometheusClient,
      metrics: NonNullable<TelemetryTarget['metrics']>,
    ) => Promise<CheckOutcome & { found?: T }>,
  ): Promise<Outcome<T>> {
    return this.run<T>(
      id,
      deadline,
      `Prometheus of cluster '${target.cluster}'`,
      async () => {
        const upstream = this.options.targets.optionalUpstream(
          target,
          'prometheus',
        );
        if (!upstream)
          return skipped(
            `Cluster '${target.cluster}' has no Prometheus (observability.clusters[].prometheus.url).`,
          );
        if (!target.metrics)
          return skipped(
            `${OBSERVABILITY_ANNOTATIONS.prometheusSelector} is malformed (check 1).`,
          );
        const { found, ...outcome } = await fn(
          new PrometheusClient(upstream),
          target.metrics,
        );
        return { ...outcome, value: found };
      },
    );
  }

  /**
   * The panel queries of the entity's Grafana dashboards (by uid and tag, a
   * few at most). Grafana failing only loses this part of check 6.
   */
  private async dashboardQueries(
    target: TelemetryTarget,
  ): Promise<{ queries: GrafanaPanelQuery[]; problem?: string }> {
    const upstream = this.options.targets.optionalUpstream(target, 'grafana');
    if (!upstream) {
      return { queries: [], problem: 'no Grafana configured' };
    }
    const grafana = new GrafanaClient(upstream);
    try {
      const tagged = await Promise.all(
        target.dashboards.tags.map(tag => grafana.dashboardsTagged(tag)),
      );
      const uids = [
        ...new Set([
          ...target.dashboards.uids,
          ...tagged.flat().map(hit => hit.uid),
        ]),
      ].slice(0, MAX_DASHBOARDS);
      const queries = await Promise.all(
        uids.map(uid => grafana.panelQueries(uid)),
      );
      return { queries: queries.flat() };
    } catch (error) {
      return { queries: [], problem: (error as Error).message };
    }
  }

  private async checkConfig(
    cluster: ClusterConfig,
    target: TelemetryTarget,
  ): Promise<CheckOutcome> {
    const health = await this.options.health.checkCluster(cluster);
    const down = health.upstreams.filter(u => u.status === 'down');
    const evidence = [
      ...target.problems.map(p => ({
        label: `${p.annotation}: ${p.value}`,
        detail: p.message,
      })),
      ...health.upstreams.map(u => ({
        label: `${u.kind} ${u.url}`,
        detail:
          u.status === 'up' ? `up (${u.latencyMs} ms)` : `down: ${u.error}`,
      })),
    ];
    if (target.problems.length > 0) {
      return {
        status: 'fail',
        message: target.problems
          .map(p => `${p.annotation}: ${p.message}`)
          .join(' '),
        evidence,
        fix: {
          summary: 'Correct the malformed annotations, as in these examples.',
          yaml: renderYaml([
            {
              metadata: {
                annotations: Object.fromEntries(
                  target.problems.map(p => [p.annotation, p.example]),
                ),
              },
            },
          ]),
        },
      };
    }
    if (down.length > 0) {
      return {
        status: 'fail',
        message: down
          .map(
            u =>
              `${u.kind} of cluster '${cluster.name}' (${u.url}) does not answer: ${u.error}`,
          )
          .join('; '),
        evidence,
        fix: {
          summary: `Check the URL, credentials and network path of ${down
            .map(u => `observability.clusters[].${u.kind}`)
            .join(', ')}.`,
        },
      };
    }
    return {
      status: 'pass',
      message: `Annotations parse; cluster '${cluster.name}' is configured and its ${health.upstreams.length} upstream(s) answer.`,
      evidence,
    };
  }

  /** Checks 2–4, in order: each needs what the previous one found. */
  private async kubernetesChecks(
    entity: Entity,
    clusterName: string,
    deadline: number,
    readable: ReadableNames,
  ): Promise<DiagnosisCheck[]> {
    const cluster = this.options.clusters?.clusters.get(clusterName);
    if (!cluster?.kubernetes) {
      return (
        ['kubernetes-service', 'monitor', 'prometheus-selects-monitor'] as const
      ).map(id =>
        this.result(
          id,
          0,
          skipped(
            `No Kubernetes API is configured for cluster '${clusterName}' (observability.clusters[].kubernetes).`,
          ),
        ),
      );
    }
    const reader = this.readerFor(cluster, deadline);
    const workload = workloadOf(entity);
    const api = `Kubernetes API of cluster '${clusterName}'`;
    const service = await this.run<ServiceFindings>(
      'kubernetes-service',
      deadline,
      api,
      async () => {
        const found = await checkService(reader, workload, readable);
        return { ...found.outcome, value: found };
      },
    );
    const svc = service.value?.service;
    if (!svc) {
      return [
        service.check,
        this.result(
          'monitor',
          0,
          skipped('There is no Service to select (check 2).'),
        ),
        this.result(
          'prometheus-selects-monitor',
          0,
          skipped('There is no Service to select (check 2).'),
        ),
      ];
    }
    const monitor = await this.run<MonitorFindings>(
      'monitor',
      deadline,
      api,
      async () => {
        const found = await checkMonitors(
          await reader.monitors(),
          svc,
          service.value?.pods ?? [],
          workload,
          readable,
        );
        return { ...found.outcome, value: found };
      },
    );
    const selecting = monitor.value?.selecting ?? [];
    const prometheus =
      selecting.length === 0
        ? {
            check: this.result(
              'prometheus-selects-monitor',
              0,
              skipped('No monitor selects the Service yet (check 3).'),
            ),
          }
        : await this.run(
            'prometheus-selects-monitor',
            deadline,
            api,
            async () => {
              const [prometheuses, namespaces] = await Promise.all([
                reader.prometheuses(),
                // Only needed for label-based namespace selectors; may be forbidden.
                reader.namespaces().catch(() => undefined),
              ]);
              return checkPrometheusSelects(
                prometheuses,
                selecting,
                namespaces,
              );
            },
          );
    return [service.check, monitor.check, prometheus.check];
  }

  private readerFor(cluster: MonitoringCluster, deadline: number) {
    return ClusterMonitoringReader.fromCluster(cluster, {
      timeoutMs: Math.max(1, deadline - Date.now()),
    });
  }
}

/** The entity's workload, as the generators find it. */
function workloadOf(entity: Entity): Workload {
  const annotations = entity.metadata.annotations ?? {};
  return {
    namespace:
      annotations[KUBERNETES_NAMESPACE_ANNOTATION] ??
      entity.metadata.namespace ??
      'default',
    kubernetesId: annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name,
    labelSelector: annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  };
}
