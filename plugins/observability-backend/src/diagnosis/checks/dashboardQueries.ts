import {
  escapeRegex,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { GrafanaPanelQuery } from '../../upstreams/clients/GrafanaClient';
import { ClusterClients } from '../../upstreams/UpstreamClients';

/** Dashboards whose queries check 6 reads, at most. */
const MAX_DASHBOARDS = 5;

/** The panel queries check 6 read, or why it could not. */
export interface DashboardQueries {
  queries: GrafanaPanelQuery[];
  problem?: string;
}

/**
 * The panel queries of the entity's Grafana dashboards (by uid and tag, a
 * few at most). Grafana failing only loses this part of check 6.
 */
export async function dashboardQueries(
  clients: ClusterClients,
  target: TelemetryTarget,
): Promise<DashboardQueries> {
  if (!clients.has('grafana')) {
    return { queries: [], problem: 'no Grafana configured' };
  }
  const grafana = clients.grafana();
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

/**
 * Dashboard queries that read one of the entity's metrics without any
 * namespace matcher: seed 004's "shows ALL apps" mistake.
 */
export function queriesWithoutNamespace(
  queries: GrafanaPanelQuery[],
  metricNames: string[],
): GrafanaPanelQuery[] {
  const mentions = (expr: string) =>
    metricNames.some(name =>
      new RegExp(
        `(^|[^a-zA-Z0-9_:])${escapeRegex(name)}($|[^a-zA-Z0-9_:])`,
      ).test(expr),
    );
  return queries.filter(
    q => mentions(q.expr) && !/\bnamespace\s*(=|!=|=~|!~)/.test(q.expr),
  );
}
