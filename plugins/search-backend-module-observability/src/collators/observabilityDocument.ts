import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AlertsResponse,
  DashboardsResponse,
  DependenciesResponse,
  EntitySlosResponse,
  formatSloNumber,
  formatSloPercent,
  ObservabilitySearchDocument,
  ObservabilitySearchSlo,
  SloStatus,
} from '@sightline/plugin-observability-common';

/** What the observability backend said about one entity. */
export interface EntityObservability {
  slos: EntitySlosResponse;
  /** Absent when the alerts could not be read; the document is still indexed. */
  alerts?: AlertsResponse;
  /** Absent when the dashboards could not be read (e.g. no Grafana configured). */
  dashboards?: DashboardsResponse;
  /** Absent when the service graph could not be read. */
  dependencies?: DependenciesResponse;
}

/**
 * The entity's callers and callees in the graph, by the names people search
 * for: the catalog title of a matched service, else the graph's name.
 */
function neighbours(graph: DependenciesResponse | undefined) {
  if (!graph) return { callers: [], callees: [] };
  const focus = new Set(graph.focus);
  const title = (id: string) =>
    graph.nodes.find(node => node.id === id)?.title ?? id;
  const unique = (ids: string[]) => [...new Set(ids.map(title))];
  return {
    callers: unique(
      graph.edges
        .filter(e => focus.has(e.server) && !focus.has(e.client))
        .map(e => e.client),
    ),
    callees: unique(
      graph.edges
        .filter(e => focus.has(e.client) && !focus.has(e.server))
        .map(e => e.server),
    ),
  };
}

/** Worse statuses sort later. */
const STATUS_SEVERITY: Record<SloStatus, number> = {
  'no-data': 0,
  met: 1,
  'at-risk': 2,
  violated: 3,
};

const STATUS_WORDS: Record<SloStatus, string> = {
  'no-data': 'no data',
  met: 'met',
  'at-risk': 'at risk',
  violated: 'violated, out of error budget',
};

/**
 * One search document for an entity: its SLOs with status and budget, its
 * alert rules with summaries, its dashboards and the services it calls and
 * is called by, in `text` for matching and
 * as fields for the result item. `location` opens the Observability tab at
 * the first section that has something: SLOs, then alerts, then dashboards.
 */
export function toObservabilityDocument(
  entity: Entity,
  observed: EntityObservability,
): ObservabilitySearchDocument {
  const entityRef = stringifyEntityRef(entity);
  const namespace = entity.metadata.namespace ?? 'default';
  const displayName = entity.metadata.title ?? entity.metadata.name;
  const owner = stringSpec(entity, 'owner');

  const slos: ObservabilitySearchSlo[] = observed.slos.slos.map(slo => ({
    name: slo.definition.name,
    objectivePercent: slo.definition.objectivePercent,
    status: slo.status?.status ?? 'no-data',
    budgetRemaining: slo.status?.budget.remaining,
  }));
  const alertRules = (observed.alerts?.rules ?? []).map(rule => ({
    name: rule.name,
    summary: rule.summary,
    severity: rule.severity,
    state: rule.state,
  }));
  const dashboards = (observed.dashboards?.dashboards ?? []).map(d => ({
    title: d.title,
    url: d.url,
  }));

  const { callers, callees } = neighbours(observed.dependencies);

  const status = slos.reduce<SloStatus>(
    (worst, slo) =>
      STATUS_SEVERITY[slo.status] > STATUS_SEVERITY[worst] ? slo.status : worst,
    'no-data',
  );
  const budgets = slos
    .map(slo => slo.budgetRemaining)
    .filter((b): b is number => b !== undefined);

  const text = [
    `Observability of ${displayName} (${entityRef})${
      owner ? `, owned by ${owner}` : ''
    }.`,
    ...slos.map(
      slo =>
        `SLO ${slo.name}: ${formatSloNumber(
          slo.objectivePercent,
          3,
        )}% objective, ${STATUS_WORDS[slo.status]}${
          slo.budgetRemaining === undefined
            ? ''
            : `, ${formatSloPercent(
                slo.budgetRemaining,
                1,
              )} of the error budget left`
        }.`,
    ),
    ...alertRules.map(
      rule =>
        `Alert ${rule.name}${rule.severity ? ` (${rule.severity})` : ''}${
          rule.state === 'inactive' ? '' : ` ${rule.state}`
        }${rule.summary ? `: ${rule.summary}` : ''}.`,
    ),
    ...dashboards.map(d => `Dashboard ${d.title}.`),
    ...(callers.length ? [`Called by ${callers.join(', ')}.`] : []),
    ...(callees.length ? [`Calls ${callees.join(', ')}.`] : []),
  ].join(' ');

  return {
    title: `${displayName} observability`,
    text,
    location: `/catalog/${[namespace, entity.kind, entity.metadata.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/')}/observability?section=${section(
      slos.length,
      alertRules.length,
      dashboards.length,
    )}`,
    entityRef,
    kind: entity.kind,
    namespace,
    name: entity.metadata.name,
    owner,
    lifecycle: stringSpec(entity, 'lifecycle'),
    status,
    budgetRemaining: budgets.length ? Math.min(...budgets) : undefined,
    slos,
    alertRules,
    dashboards,
    callers,
    callees,
  };
}

function section(slos: number, alertRules: number, dashboards: number) {
  if (slos) return 'slos';
  if (alertRules) return 'alerts';
  if (dashboards) return 'dashboards';
  return 'overview';
}

function stringSpec(entity: Entity, field: string): string {
  const value = entity.spec?.[field];
  return typeof value === 'string' ? value : '';
}
