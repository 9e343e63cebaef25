import {
  PromEngineCapability,
  PromEngineInfo,
  PromEngineKind,
} from '@sightline/plugin-observability-common';
import { UpstreamHttpClient } from './UpstreamHttpClient';

/** Engines change only when redeployed: detect again after this long. */
const DETECTION_TTL_MS = 10 * 60_000;
const PROBE_TIMEOUT_MS = 5_000;

/** What `/api/v1/status/buildinfo` and its response tell about the engine. */
export interface BuildInfoSignals {
  /** The envelope's `data` (undefined when the path is not served). */
  data?: Record<string, unknown>;
  /** Response header names, lower case. */
  headers: string[];
  /** Whether `/api/v1/stores` answered 200: Thanos Query's own API. */
  thanosStores: boolean;
}

const TITLES: Record<PromEngineKind, string> = {
  prometheus: 'Prometheus',
  thanos: 'Thanos Query',
  mimir: 'Mimir',
  victoriametrics: 'VictoriaMetrics',
  unknown: 'This engine',
};

/**
 * The engine from what it says of itself. Mimir names itself in buildinfo
 * (`application`); Thanos Query serves `/api/v1/stores`, which no other
 * engine has; VictoriaMetrics sets `X-Server-Hostname` on every answer and
 * reports none of Prometheus' build fields (1.79 answers buildinfo with
 * empty data, later versions with a `version` only); Prometheus reports its
 * revision and branch.
 */
export function engineOf(signals: BuildInfoSignals): {
  kind: PromEngineKind;
  version?: string;
} {
  const data = signals.data ?? {};
  const version =
    typeof data.version === 'string' && data.version ? data.version : undefined;
  if (data.application === 'Grafana Mimir') return { kind: 'mimir', version };
  if (signals.thanosStores) return { kind: 'thanos', version };
  if (
    signals.headers.includes('x-server-hostname') ||
    (signals.data && !('revision' in data))
  ) {
    // VictoriaMetrics' `version` imitates Prometheus' for Grafana: not its own.
    return { kind: 'victoriametrics' };
  }
  if ('revision' in data) return { kind: 'prometheus', version };
  return { kind: 'unknown', version };
}

/**
 * Detects, once per upstream and cached, which PromQL engine answers at a
 * cluster's `prometheus.url` and which of the APIs Sightline reads beyond
 * queries it serves, so that what an engine lacks is said, not met as an
 * empty panel or a failed check. An upstream that cannot be reached is not
 * detected (and not cached): the caller reports it down.
 */
export class PromEngineDetector {
  private detected?: { at: number; info: Promise<PromEngineInfo> };

  constructor(private readonly http: UpstreamHttpClient) {}

  detect(): Promise<PromEngineInfo> {
    if (!this.detected || Date.now() - this.detected.at > DETECTION_TTL_MS) {
      const info = this.probe();
      this.detected = { at: Date.now(), info };
      info.catch(() => {
        if (this.detected?.info === info) this.detected = undefined;
      });
    }
    return this.detected.info;
  }

  private async probe(): Promise<PromEngineInfo> {
    const [buildinfo, stores] = await Promise.all([
      this.get('/api/v1/status/buildinfo'),
      this.get('/api/v1/stores'),
    ]);
    const { kind, version } = engineOf({
      data: buildinfo.ok ? await envelopeData(buildinfo) : undefined,
      headers: [...buildinfo.headers.keys()],
      thanosStores: stores.ok,
    });
    await stores.arrayBuffer();
    const title = TITLES[kind];
    const [rules, exemplars, targets] = await Promise.all([
      this.rules(kind, title),
      this.exemplars(kind, title),
      this.targets(title),
    ]);
    return {
      kind,
      ...(version ? { version } : {}),
      capabilities: { rules, exemplars, targets },
    };
  }

  private async rules(
    kind: PromEngineKind,
    title: string,
  ): Promise<PromEngineCapability> {
    const res = await this.get('/api/v1/rules');
    if (!res.ok) {
      await res.arrayBuffer();
      return missing(
        `${title} has no rules API (/api/v1/rules answered HTTP ${res.status})${
          kind === 'mimir'
            ? ': enable Mimir’s ruler and point Sightline at the query frontend that routes to it'
            : ''
        }.`,
      );
    }
    const groups = ((await envelopeData(res))?.groups ?? []) as unknown[];
    // Without -vmalert.proxyURL VictoriaMetrics answers an empty list of
    // its own: it evaluates no rules, vmalert does.
    if (kind === 'victoriametrics' && groups.length === 0) {
      return missing(
        'VictoriaMetrics lists no rules of its own: run vmalert with your rule files and start VictoriaMetrics with -vmalert.proxyURL=<vmalert URL>, so that /api/v1/rules and /api/v1/alerts answer vmalert’s.',
      );
    }
    return { available: true };
  }

  private async exemplars(
    kind: PromEngineKind,
    title: string,
  ): Promise<PromEngineCapability> {
    if (kind === 'victoriametrics') {
      return missing(
        'VictoriaMetrics stores no exemplars, so charts link no traces; query a Prometheus with --enable-feature=exemplar-storage (or Mimir, Thanos) for them.',
      );
    }
    const nowSeconds = Math.floor(Date.now() / 1000);
    const res = await this.get('/api/v1/query_exemplars', {
      query: 'up',
      start: nowSeconds - 60,
      end: nowSeconds,
    });
    await res.arrayBuffer();
    return res.ok
      ? { available: true }
      : missing(
          `${title} has no exemplars API (/api/v1/query_exemplars answered HTTP ${res.status}), so charts link no traces.`,
        );
  }

  private async targets(title: string): Promise<PromEngineCapability> {
    // A scrape pool no one has keeps the answer small where it is honoured.
    const res = await this.get('/api/v1/targets', {
      state: 'active',
      scrapePool: 'sightline-capability-probe',
    });
    await res.arrayBuffer();
    return res.ok
      ? { available: true }
      : missing(
          `${title} has no targets API (/api/v1/targets answered HTTP ${res.status}): the doctor checks the series instead of the scrape targets.`,
        );
  }

  private get(path: string, query?: Record<string, string | number>) {
    return this.http.request(path, { query, timeoutMs: PROBE_TIMEOUT_MS });
  }
}

function missing(reason: string): PromEngineCapability {
  return { available: false, reason };
}

async function envelopeData(res: {
  json(): Promise<unknown>;
}): Promise<Record<string, any> | undefined> {
  try {
    const body = (await res.json()) as { data?: Record<string, any> };
    return body?.data && typeof body.data === 'object' ? body.data : undefined;
  } catch {
    return undefined;
  }
}
