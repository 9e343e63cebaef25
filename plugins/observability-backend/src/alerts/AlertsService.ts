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
} from '../clients/AlertmanagerClient';
import { PromRule, PrometheusClient } from '../clients/PrometheusClient';
import { browserLink } from '../clients/uiLinks';

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
  return {
    id: silence.id,
    url: alertmanager.silenceUrl(silence.id),
    matchers: silence.matchers.map(fromAmMatcher),
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    createdBy: silence.createdBy,
    comment: silence.comment,
    state: silence.status.state,
  };
}

/** A silence belongs to the entity when it carries every one of the entity's matchers. */
function coversEntity(
  silence: EntitySilence,
  entityMatchers: LabelMatcher[],
): boolean {
  return entityMatchers.every(m =>
    silence.matchers.some(
      s => s.name === m.name && s.op === m.op && s.value === m.value,
    ),
  );
}

/** A rule concerns the entity when its own labels, or any of its alerts' labels, match. */
function concernsEntity(rule: PromRule, matchers: LabelMatcher[]): boolean {
  if (matchesLabels(matchers, rule.labels ?? {})) return true;
  return (rule.alerts ?? []).some(alert =>
    matchesLabels(matchers, alert.labels),
  );
}

/** The entity's alerts (Alertmanager and Prometheus) and silences. */
export class AlertsService {
  async alerts(
    target: TelemetryTarget,
    alertmanager: AlertmanagerClient | undefined,
    prometheus: PrometheusClient | undefined,
  ): Promise<AlertsResponse> {
    const matchers = requireAlertMatchers(target);
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

    const rules: EntityAlertRule[] = [];
    const pending: EntityAlert[] = [];
    for (const group of groups) {
      for (const rule of group.rules) {
        if (rule.type !== 'alerting' || !concernsEntity(rule, matchers))
          continue;
        rules.push({
          name: rule.name,
          group: group.name,
          query: rule.query,
          state: rule.state ?? 'inactive',
          forSeconds: rule.duration,
          severity: rule.labels?.severity,
          summary: rule.annotations?.summary,
          description: rule.annotations?.description,
          runbookUrl: rule.annotations?.runbook_url,
          health: rule.health,
          lastError: rule.lastError || undefined,
        });
        // Alertmanager only ever sees firing alerts; pending ones come from Prometheus.
        for (const alert of rule.alerts ?? []) {
          if (
            alert.state !== 'pending' ||
            !matchesLabels(matchers, alert.labels)
          )
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

  async silences(
    target: TelemetryTarget,
    alertmanager: AlertmanagerClient,
  ): Promise<EntitySilence[]> {
    const matchers = requireAlertMatchers(target);
    const silences = (await alertmanager.silences(matchers)).map(s =>
      toSilence(s, alertmanager),
    );
    return silences
      .filter(s => s.state !== 'expired' && coversEntity(s, matchers))
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  }

  async createSilence(
    target: TelemetryTarget,
    alertmanager: AlertmanagerClient,
    request: CreateSilenceRequest,
    createdBy: string,
    now = Date.now(),
  ): Promise<EntitySilence> {
    const entityMatchers = requireAlertMatchers(target);
    const extra = request.matchers ?? [];
    const matchers = [...entityMatchers, ...extra];
    const id = await alertmanager.createSilence({
      matchers: matchers.map(toAmMatcher),
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + request.durationMinutes * 60_000).toISOString(),
      createdBy,
      comment: request.comment,
    });
    return toSilence(await alertmanager.silence(id), alertmanager);
  }

  async expireSilence(
    target: TelemetryTarget,
    alertmanager: AlertmanagerClient,
    id: string,
  ): Promise<void> {
    const matchers = requireAlertMatchers(target);
    const silence = await alertmanager.silence(id).catch(e => {
      throw e instanceof NotFoundError
        ? new NotFoundError(`No silence ${id}`)
        : e;
    });
    if (!coversEntity(toSilence(silence, alertmanager), matchers)) {
      throw new NotAllowedError(
        `Silence ${id} does not belong to ${target.entityRef}`,
      );
    }
    await alertmanager.expireSilence(id);
  }
}
