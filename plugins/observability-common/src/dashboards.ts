/**
 * A Grafana dashboard of the entity.
 *
 * @public
 */
export type GrafanaDashboard = {
  uid: string;
  title: string;
  /** The dashboard in the user's browser (the cluster's Grafana `externalUrl`). */
  url: string;
  tags: string[];
  folderTitle?: string;
  /** Why it is listed: `uid:<uid>` or `tag:<tag>` from `sightline.dev/grafana-dashboards`. */
  matchedBy: string[];
};

/**
 * A link that opens Grafana Explore with one of the entity's queries.
 *
 * @public
 */
export type ExploreLink = {
  signal: 'metrics' | 'logs' | 'traces';
  title: string;
  /** The query language of `query`. */
  language: 'promql' | 'logql' | 'traceql' | 'jaeger-search';
  query: string;
  url: string;
  /**
   * The Grafana data source uid used, from
   * `observability.clusters[].grafana.datasources`. Without one the link
   * opens Grafana's default data source, which may be the wrong kind.
   */
  datasourceUid?: string;
  warning?: string;
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/dashboards`.
 *
 * @public
 */
export type DashboardsResponse = {
  entityRef: string;
  cluster: string;
  /** The cluster's Grafana as users open it. */
  grafanaUrl: string;
  /** Dashboards named by uid or found by tag, each once. */
  dashboards: GrafanaDashboard[];
  /** Dashboard uids from the annotation that Grafana does not have. */
  missing: string[];
  explore: ExploreLink[];
  /** Why some Explore link could not be made (e.g. a malformed annotation). */
  problems: string[];
};
