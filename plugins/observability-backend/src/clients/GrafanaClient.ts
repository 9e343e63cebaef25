import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { GrafanaDatasourceUids } from '../config/ObservabilityConfig';
import { UpstreamHttpClient } from '../upstreams/UpstreamHttpClient';

/** A hit of `GET /api/search` (https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/). */
export interface GrafanaSearchHit {
  uid: string;
  title: string;
  url: string;
  type?: string;
  tags?: string[];
  folderTitle?: string;
}

/** `GET /api/dashboards/uid/{uid}` (https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/). */
interface GrafanaDashboardJson {
  dashboard?: { uid?: string; title?: string; tags?: string[] };
  meta?: { url?: string; folderTitle?: string };
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

  /** The dashboard, or undefined when Grafana has none with that uid. */
  async dashboard(uid: string): Promise<GrafanaSearchHit | undefined> {
    let json: GrafanaDashboardJson;
    try {
      json = await this.http.json<GrafanaDashboardJson>(
        `/api/dashboards/uid/${encodeURIComponent(uid)}`,
        { cacheTtlMs: CACHE_TTL_MS },
      );
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
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
}
