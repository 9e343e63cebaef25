import {
  DashboardsResponse,
  escapeTraceQLString,
  ExploreLink,
  GrafanaDashboard,
  OBSERVABILITY_ANNOTATIONS,
  TelemetryTarget,
  TraceBackendKind,
} from '@sightline/plugin-observability-common';
import {
  GrafanaClient,
  GrafanaSearchHit,
} from '../upstreams/clients/GrafanaClient';
import { RedQueries } from '../metrics/promql';
import { UpstreamClients } from '../upstreams/UpstreamClients';

const MAX_UIDS = 20;
const MAX_TAGS = 10;

/** Grafana's `url` fields are paths; anything else is not followed. */
function isGrafanaPath(path: unknown): path is string {
  return typeof path === 'string' && /^\/(?!\/)/.test(path) && !/\s/.test(path);
}

/**
 * A path from Grafana appended to its external URL. Grafana's paths already
 * start with its sub-path (`root_url`), which the external URL may end with.
 */
export function grafanaUrl(externalUrl: string, path: string): string {
  const base = new URL(externalUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  if (prefix && (path === prefix || path.startsWith(`${prefix}/`))) {
    return `${base.origin}${path}`;
  }
  return `${externalUrl.replace(/\/+$/, '')}${path}`;
}

/** A Grafana time range: absolute epoch ms, or the last hour. */
export interface GrafanaRange {
  from: string;
  to: string;
}

/**
 * `/explore` with one pane (Grafana 10+ `panes` format, schemaVersion 1).
 * The query is JSON-encoded and the whole URL-encoded: no value can break
 * out of it.
 */
export function exploreUrl(
  externalUrl: string,
  datasource: { type: string; uid?: string },
  query: Record<string, unknown>,
  range: GrafanaRange,
): string {
  const panes = {
    sightline: {
      ...(datasource.uid ? { datasource: datasource.uid } : {}),
      queries: [
        {
          refId: 'A',
          ...(datasource.uid
            ? { datasource: { type: datasource.type, uid: datasource.uid } }
            : {}),
          ...query,
        },
      ],
      range,
    },
  };
  return grafanaUrl(
    externalUrl,
    `/explore?schemaVersion=1&panes=${encodeURIComponent(
      JSON.stringify(panes),
    )}`,
  );
}

/** The entity's Grafana dashboards and Explore links prefilled with its queries. */
export class DashboardsService {
  constructor(private readonly clients: UpstreamClients) {}

  async dashboards(
    target: TelemetryTarget,
    options: { range?: { start: number; end: number } },
  ): Promise<DashboardsResponse> {
    const clients = this.clients.forCluster(target.cluster);
    const grafana = clients.grafana();
    let traceBackend: TraceBackendKind | undefined;
    if (clients.has('tempo')) traceBackend = 'tempo';
    else if (clients.has('jaeger')) traceBackend = 'jaeger';
    const { uids, tags } = target.dashboards;
    const range: GrafanaRange = options.range
      ? { from: String(options.range.start), to: String(options.range.end) }
      : { from: 'now-1h', to: 'now' };

    const [byUid, byTag] = await Promise.all([
      Promise.all(uids.slice(0, MAX_UIDS).map(uid => grafana.dashboard(uid))),
      Promise.all(
        tags.slice(0, MAX_TAGS).map(tag => grafana.dashboardsTagged(tag)),
      ),
    ]);

    const found = new Map<string, GrafanaDashboard>();
    const add = (hit: GrafanaSearchHit, reason: string) => {
      if (!isGrafanaPath(hit.url)) return;
      const seen = found.get(hit.uid);
      if (seen) {
        if (!seen.matchedBy.includes(reason)) seen.matchedBy.push(reason);
        return;
      }
      let url = grafanaUrl(grafana.externalUrl, hit.url);
      if (options.range) {
        url += `${url.includes('?') ? '&' : '?'}from=${range.from}&to=${
          range.to
        }`;
      }
      found.set(hit.uid, {
        uid: hit.uid,
        title: hit.title,
        url,
        tags: hit.tags ?? [],
        ...(hit.folderTitle ? { folderTitle: hit.folderTitle } : {}),
        matchedBy: [reason],
      });
    };
    const missing: string[] = [];
    byUid.forEach((hit, i) => {
      if (hit) add(hit, `uid:${uids[i]}`);
      else missing.push(uids[i]);
    });
    byTag.forEach((hits, i) => hits.forEach(hit => add(hit, `tag:${tags[i]}`)));

    const { links, problems } = this.exploreLinks(
      grafana,
      target,
      traceBackend,
      range,
    );
    return {
      entityRef: target.entityRef,
      cluster: target.cluster,
      grafanaUrl: grafana.externalUrl,
      dashboards: [...found.values()],
      missing,
      explore: links,
      problems,
    };
  }

  private exploreLinks(
    grafana: GrafanaClient,
    target: TelemetryTarget,
    traceBackend: TraceBackendKind | undefined,
    range: GrafanaRange,
  ): { links: ExploreLink[]; problems: string[] } {
    const ds = grafana.datasources;
    const links: ExploreLink[] = [];
    const problems: string[] = [];
    const link = (
      signal: ExploreLink['signal'],
      title: string,
      language: ExploreLink['language'],
      datasource: { type: string; uid?: string },
      queryText: string,
      query: Record<string, unknown>,
    ) => {
      links.push({
        signal,
        title,
        language,
        query: queryText,
        url: exploreUrl(grafana.externalUrl, datasource, query, range),
        ...(datasource.uid ? { datasourceUid: datasource.uid } : {}),
        ...(datasource.uid
          ? {}
          : {
              warning: `No ${datasource.type} data source uid is configured (observability.clusters[].grafana.datasources.${datasource.type}); the link opens Grafana's default data source`,
            }),
      });
    };
    const annotationProblem = (annotation: string) => {
      const p = target.problems.find(x => x.annotation === annotation);
      return p
        ? `${annotation}: ${p.message}`
        : `${annotation} gives no selector`;
    };

    if (target.metrics) {
      const { dialect, matchers, selector } = target.metrics;
      const expr = dialect
        ? new RedQueries(matchers, dialect).requestRate(
            '5m',
            new RedQueries(matchers, dialect).statusLabels,
          )
        : `{${selector}}`;
      link(
        'metrics',
        dialect ? 'Request rate' : 'All series',
        'promql',
        { type: 'prometheus', uid: ds.prometheus },
        expr,
        {
          expr,
          range: true,
        },
      );
    } else {
      problems.push(
        `No metrics link: ${annotationProblem(
          OBSERVABILITY_ANNOTATIONS.prometheusSelector,
        )}`,
      );
    }

    if (target.logs) {
      const expr = target.logs.selector;
      link('logs', 'Logs', 'logql', { type: 'loki', uid: ds.loki }, expr, {
        expr,
        queryType: 'range',
      });
    } else {
      problems.push(
        `No logs link: ${annotationProblem(
          OBSERVABILITY_ANNOTATIONS.logSelector,
        )}`,
      );
    }

    const service = target.traces.serviceName;
    if (traceBackend === 'jaeger') {
      link(
        'traces',
        'Traces',
        'jaeger-search',
        { type: 'jaeger', uid: ds.jaeger },
        `service=${service}`,
        {
          queryType: 'search',
          service,
        },
      );
    } else if (traceBackend === 'tempo') {
      const query = `{ resource.service.name = "${escapeTraceQLString(
        service,
      )}" }`;
      link(
        'traces',
        'Traces',
        'traceql',
        { type: 'tempo', uid: ds.tempo },
        query,
        {
          queryType: 'traceql',
          query,
        },
      );
    } else {
      problems.push(
        'No traces link: the cluster has no tempo or jaeger configured',
      );
    }
    return { links, problems };
  }
}
