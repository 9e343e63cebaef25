import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { GrafanaDatasourceUids } from '../../config/ObservabilityConfig';
import { UpstreamHttpClient } from '../UpstreamHttpClient';

/** A hit of `GET /api/search` (https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/). */
export interface GrafanaSearchHit {
  uid: string;
  title: string;
  url: string;
  type?: string;
  tags?: string[];
  folderTitle?: string;
}

/** A panel of a dashboard's JSON model; rows nest panels. */
interface GrafanaPanelJson {
  title?: string;
  targets?: { expr?: unknown }[];
  panels?: GrafanaPanelJson[];
}

/** `GET /api/dashboards/uid/{uid}` (https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/). */
interface GrafanaDashboardJson {
  dashboard?: {
    uid?: string;
    title?: string;
    tags?: string[];
    panels?: GrafanaPanelJson[];
  };
  meta?: { url?: string; folderTitle?: string };
}

/** A PromQL query of a dashboard panel. */
export interface GrafanaPanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

const CACHE_TTL_MS = 60_000;
const MAX_HITS = 100;

/** Grafana's HTTP API: dashboards by tag or uid. */
export class GrafanaClient {
  constructor(private readonly http: UpstreamHttpClient) {}

  get name() {
    return this.http.name;
  }

  /** Where users open this Grafana. */
  get externalUrl(): string {
    return this.http.upstream.externalUrl ?? this.http.upstream.baseUrl;
  }

  get datasources(): GrafanaDatasourceUids {
    return this.http.upstream.datasources ?? {};
  }

  async dashboardsTagged(tag: string): Promise<GrafanaSearchHit[]> {
    const hits = await this.http.json<GrafanaSearchHit[]>('/api/search', {
      query: { type: 'dash-db', tag, limit: MAX_HITS },
      cacheTtlMs: CACHE_TTL_MS,
    });
    if (!Array.isArray(hits)) {
      throw new ServiceUnavailableError(
        `${this.name} answered something other than a list for /api/search`,
      );
    }
    return hits.filter(
      h => h && typeof h.uid === 'string' && typeof h.url === 'string',
    );
  }

  /** The PromQL (`targets[].expr`) of every panel of a dashboard, rows included. */
  async panelQueries(uid: string): Promise<GrafanaPanelQuery[]> {
    const json = await this.dashboardJson(uid);
    const title = json?.dashboard?.title ?? uid;
    const queries: GrafanaPanelQuery[] = [];
    const visit = (panels: GrafanaPanelJson[] | undefined) => {
      for (const panel of Array.isArray(panels) ? panels : []) {
        for (const t of Array.isArray(panel.targets) ? panel.targets : []) {
          if (typeof t?.expr === 'string' && t.expr.trim()) {
            queries.push({
              dashboard: title,
              panel: panel.title ?? '(untitled)',
              expr: t.expr,
            });
          }
        }
        visit(panel.panels);
      }
    };
    visit(json?.dashboard?.panels);
    return queries;
  }

  /** The dashboard, or undefined when Grafana has none with that uid. */
  async dashboard(uid: string): Promise<GrafanaSearchHit | undefined> {
    const json = await this.dashboardJson(uid);
    if (!json) return undefined;
    const url = json?.meta?.url;
    if (!json?.dashboard || typeof url !== 'string') {
      throw new ServiceUnavailableError(
        `${this.name} answered a dashboard without meta.url for uid ${uid}`,
      );
    }
    return {
      uid: json.dashboard.uid ?? uid,
      title: json.dashboard.title ?? uid,
      url,
      tags: json.dashboard.tags ?? [],
      folderTitle: json.meta?.folderTitle,
    };
  }

  private async dashboardJson(
    uid: string,
  ): Promise<GrafanaDashboardJson | undefined> {
    try {
      return await this.http.json<GrafanaDashboardJson>(
        `/api/dashboards/uid/${encodeURIComponent(uid)}`,
        { cacheTtlMs: CACHE_TTL_MS },
      );
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }
}
