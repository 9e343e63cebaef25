import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AlertsResponse,
  CreateSilenceRequest,
  EntityAlert,
  EntityAlertRule,
  EntitySilence,
  LabelMatcher,
  matchesLabels,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import {
  AlertmanagerClient,
  AmAlert,
  AmSilence,
  fromAmMatcher,
  toAmMatcher,
} from '../upstreams/clients/AlertmanagerClient';
import {
  PromRule,
  PrometheusClient,
} from '../upstreams/clients/PrometheusClient';
import { browserLink } from '../upstreams/uiLinks';
import { ClusterClients, UpstreamClients } from '../upstreams/UpstreamClients';
import { readOwner, withOwner } from './silenceOwner';

/** Most urgent first; severities outside this list sort after all of them. */
const SEVERITY_ORDER = [
  'critical',
  'page',
  'high',
  'warning',
  'ticket',
  'info',
];

function severityRank(severity?: string): number {
  const rank = SEVERITY_ORDER.indexOf(severity ?? '');
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

function requireAlertMatchers(target: TelemetryTarget): LabelMatcher[] {
  if (!target.alerts) {
    const problem = target.problems.find(p =>
      [
        'sightline.dev/alert-matchers',
        'sightline.dev/prometheus-selector',
      ].includes(p.annotation),
    );
    throw new InputError(
      problem
        ? `Annotation ${problem.annotation} is malformed: ${problem.message}. Example: ${problem.example}`
        : 'The entity has no alert matchers',
    );
  }
  return target.alerts.matchers;
}

function fromAlertmanager(
  alert: AmAlert,
  prometheus: PrometheusClient | undefined,
): EntityAlert {
  let state: EntityAlert['state'] = 'firing';
  if (alert.status.silencedBy.length > 0) state = 'silenced';
  else if (alert.status.inhibitedBy.length > 0) state = 'inhibited';
  return {
    name: alert.labels.alertname ?? 'unnamed',
    state,
    severity: alert.labels.severity,
    summary: alert.annotations.summary,
    description: alert.annotations.description,
    runbookUrl: alert.annotations.runbook_url,
    labels: alert.labels,
    startsAt: alert.startsAt,
    silencedBy: alert.status.silencedBy,
    source: 'alertmanager',
    // Made by the Prometheus that evaluated the rule, from its external URL:
    // often the in-cluster Service, so moved onto prometheus.externalUrl.
    generatorUrl: prometheus
      ? prometheus.browserLink(alert.generatorURL)
      : browserLink(alert.generatorURL),
  };
}

function toSilence(
  silence: AmSilence,
  alertmanager: AlertmanagerClient,
): EntitySilence {
  const { comment, entityRef } = readOwner(silence.comment);
  return {
    id: silence.id,
    url: alertmanager.silenceUrl(silence.id),
    matchers: silence.matchers.map(fromAmMatcher),
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    createdBy: silence.createdBy,
    createdFrom: entityRef,
    comment,
    state: silence.status.state,
  };
}

/**
 * Whether a silence mutes alerts with these labels, as Alertmanager decides.
 * A regex in RE2 syntax that JavaScript cannot compile counts as muting: a
 * silence that may hide the entity's alerts is shown rather than hidden.
 */
function mutes(silence: EntitySilence, labels: Record<string, string>) {
  try {
    return matchesLabels(silence.matchers, labels);
  } catch {
    return true;
  }
}

/** A rule concerns the entity when its own labels, or any of its alerts' labels, match. */
function concernsEntity(rule: PromRule, matchers: LabelMatcher[]): boolean {
  if (matchesLabels(matchers, rule.labels ?? {})) return true;
  return (rule.alerts ?? []).some(alert =>
    matchesLabels(matchers, alert.labels),
  );
}

/** The cluster's Prometheus, whose rules and links add to Alertmanager's answers, if it has one. */
function optionalPrometheus(clients: ClusterClients) {
  return clients.has('prometheus') ? clients.prometheus() : undefined;
}

/** The entity's alerts in Alertmanager and its alerting rules in Prometheus; a failing source is an error, not an empty answer. */
async function entityAlerts(
  matchers: LabelMatcher[],
  alertmanager: AlertmanagerClient | undefined,
  prometheus: PrometheusClient | undefined,
) {
  const errors: AlertsResponse['errors'] = [];
  const [amAlerts, groups] = await Promise.all([
    alertmanager?.alerts(matchers).catch(e => {
      errors.push({ source: 'alertmanager', message: e.message });
      return [];
    }) ?? [],
    prometheus?.rules('alert').catch(e => {
      errors.push({ source: 'prometheus', message: e.message });
      return [];
    }) ?? [],
  ]);
  const rules = groups.flatMap(group =>
    group.rules
      .filter(
        rule => rule.type === 'alerting' && concernsEntity(rule, matchers),
      )
      .map(rule => ({ group: group.name, rule })),
  );
  return { amAlerts, rules, errors };
}

/** The entity's alerts (Alertmanager and Prometheus) and silences. */
export class AlertsService {
  constructor(private readonly clients: UpstreamClients) {}

  /**
   * Alerts come from either source, so the entity's alerts need one of
   * them; a cluster with neither is a configuration mistake.
   */
  async alerts(target: TelemetryTarget): Promise<AlertsResponse> {
    const clients = this.clients.forCluster(target.cluster);
    if (!clients.has('alertmanager') && !clients.has('prometheus')) {
      throw new InputError(
        `Cluster '${target.cluster}' has neither Alertmanager nor Prometheus configured; add observability.clusters[].alertmanager.url to app-config.yaml`,
      );
    }
    const alertmanager = clients.has('alertmanager')
      ? clients.alertmanager()
      : undefined;
    const prometheus = optionalPrometheus(clients);
    const matchers = requireAlertMatchers(target);
    const {
      amAlerts,
      rules: entityRules,
      errors,
    } = await entityAlerts(matchers, alertmanager, prometheus);

    const rules: EntityAlertRule[] = [];
    const pending: EntityAlert[] = [];
    for (const { group, rule } of entityRules) {
      rules.push({
        name: rule.name,
        group,
        query: rule.query,
        state: rule.state ?? 'inactive',
        forSeconds: rule.duration,
        severity: rule.labels?.severity,
        labels: rule.labels,
        summary: rule.annotations?.summary,
        description: rule.annotations?.description,
        runbookUrl: rule.annotations?.runbook_url,
        health: rule.health,
        lastError: rule.lastError || undefined,
      });
      // Alertmanager only ever sees firing alerts; pending ones come from Prometheus.
      for (const alert of rule.alerts ?? []) {
        if (alert.state !== 'pending' || !matchesLabels(matchers, alert.labels))
          continue;
        pending.push({
          name: rule.name,
          state: 'pending',
          severity: alert.labels.severity,
          summary: alert.annotations.summary,
          description: alert.annotations.description,
          runbookUrl: alert.annotations.runbook_url,
          labels: alert.labels,
          startsAt: alert.activeAt,
          silencedBy: [],
          source: 'prometheus',
        });
      }
    }

    return {
      entityRef: target.entityRef,
      matchers,
      alerts: [
        ...amAlerts.map(alert => fromAlertmanager(alert, prometheus)),
        ...pending,
      ].sort(
        (a, b) =>
          severityRank(a.severity) - severityRank(b.severity) ||
          a.startsAt.localeCompare(b.startsAt),
      ),
      rules: rules.sort((a, b) => a.name.localeCompare(b.name)),
      alertmanagerUrl: alertmanager?.uiUrl(matchers),
      errors,
    };
  }

  /**
   * Every unexpired silence that mutes the entity's alerts, wherever it was
   * created, and every one created for the entity. Alertmanager's own filter
   * cannot find them: it only matches silences carrying the same matchers,
   * so a namespace-wide silence would stay hidden from the services it mutes.
   * Firing alerts say which silences mute them; for pending alerts and
   * rules that are not firing, the silences' matchers are applied here.
   */
  async silences(target: TelemetryTarget): Promise<EntitySilence[]> {
    const clients = this.clients.forCluster(target.cluster);
    const alertmanager = clients.alertmanager();
    const prometheus = optionalPrometheus(clients);
    const matchers = requireAlertMatchers(target);
    // A failing alerts source only leaves fewer label sets to test: the
    // Alerts section reports it from the alerts route.
    const [stored, { amAlerts, rules }] = await Promise.all([
      alertmanager.silences(),
      entityAlerts(matchers, alertmanager, prometheus),
    ]);
    const identity = Object.fromEntries(
      matchers.filter(m => m.op === '=').map(m => [m.name, m.value]),
    );
    const labelSets = [
      identity,
      ...amAlerts.map(alert => alert.labels),
      ...rules.flatMap(({ rule }) => [
        { ...identity, ...rule.labels, alertname: rule.name },
        ...(rule.alerts ?? [])
          .filter(alert => matchesLabels(matchers, alert.labels))
          .map(alert => alert.labels),
      ]),
    ];
    const mutingFiring = new Set(amAlerts.flatMap(a => a.status.silencedBy));
    return stored
      .map(s => toSilence(s, alertmanager))
      .filter(
        s =>
          s.state !== 'expired' &&
          (s.createdFrom === target.entityRef ||
            mutingFiring.has(s.id) ||
            labelSets.some(labels => mutes(s, labels))),
      )
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  }

  async createSilence(
    target: TelemetryTarget,
    request: CreateSilenceRequest,
    createdBy: string,
    now = Date.now(),
  ): Promise<EntitySilence> {
    const alertmanager = this.clients.forCluster(target.cluster).alertmanager();
    const entityMatchers = requireAlertMatchers(target);
    const extra = request.matchers ?? [];
    const matchers = [...entityMatchers, ...extra];
    const id = await alertmanager.createSilence({
      matchers: matchers.map(toAmMatcher),
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + request.durationMinutes * 60_000).toISOString(),
      createdBy,
      comment: withOwner(request.comment, target.entityRef),
    });
    return toSilence(await alertmanager.silence(id), alertmanager);
  }

  /**
   * Expires a silence created for this entity. Matchers cannot decide it: an
   * entity whose matchers are broader than another's would own that
   * entity's silences too.
   */
  async expireSilence(target: TelemetryTarget, id: string): Promise<void> {
    const alertmanager = this.clients.forCluster(target.cluster).alertmanager();
    const silence = await alertmanager.silence(id).catch(e => {
      throw e instanceof NotFoundError
        ? new NotFoundError(`No silence ${id}`)
        : e;
    });
    const owner = readOwner(silence.comment).entityRef;
    if (owner !== target.entityRef) {
      throw new NotAllowedError(
        owner
          ? `Silence ${id} does not belong to ${target.entityRef}: it was created for ${owner}, from whose page it can be expired`
          : `Silence ${id} does not belong to ${target.entityRef}: it was created outside Backstage (by ${silence.createdBy}); expire it in Alertmanager`,
      );
    }
    await alertmanager.expireSilence(id);
  }
}
