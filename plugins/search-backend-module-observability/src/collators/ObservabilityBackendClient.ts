import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  AlertsResponse,
  DashboardsResponse,
  DependenciesResponse,
  EntitySloSnapshotResponse,
  OBSERVABILITY_NOT_CONFIGURED_MESSAGE,
} from '@sightline/plugin-observability-common';

/** A non-2xx answer of the observability backend, with its status. */
export class ObservabilityRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ObservabilityRequestError';
  }
}

/**
 * The observability backend runs without an `observability` section in its
 * app-config: every entity would fail the same way, so a run stops at the first.
 */
export class ObservabilityNotConfiguredError extends ObservabilityRequestError {
  constructor() {
    super(503, OBSERVABILITY_NOT_CONFIGURED_MESSAGE);
    this.name = 'ObservabilityNotConfiguredError';
  }
}

/**
 * Reads an entity's SLOs, alerts, dashboards and dependencies from the observability
 * backend plugin over HTTP, as the search plugin's own service principal:
 * the backend checks catalog read access and builds every query itself, so
 * search never talks to Prometheus, Alertmanager or Grafana directly.
 */
export class ObservabilityBackendClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly timeoutMs: number,
  ) {}

  /**
   * The SLOs as the backend's fleet evaluation last stored them (evaluated
   * live only when there is no snapshot yet): indexing costs Prometheus
   * nothing per entity.
   */
  slos(ref: CompoundEntityRef): Promise<EntitySloSnapshotResponse> {
    return this.get(ref, 'slos/snapshot', 'slos');
  }

  alerts(ref: CompoundEntityRef): Promise<AlertsResponse> {
    return this.get(ref, 'alerts');
  }

  dashboards(ref: CompoundEntityRef): Promise<DashboardsResponse> {
    return this.get(ref, 'dashboards');
  }

  /** Callers and callees over the last hour, from the service graph. */
  dependencies(ref: CompoundEntityRef): Promise<DependenciesResponse> {
    return this.get(ref, 'dependencies');
  }

  /** `name` is what errors call the resource; its path by default. */
  private async get<T>(
    ref: CompoundEntityRef,
    resource: string,
    name = resource,
  ): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('observability');
    // Plugin tokens expire; one per request stays valid however long a run is.
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'observability',
    });
    const path = [ref.kind.toLocaleLowerCase('en-US'), ref.namespace, ref.name]
      .map(encodeURIComponent)
      .join('/');
    const res = await fetch(`${baseUrl}/entities/${path}/${resource}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) {
      const message = await errorMessage(res);
      if (
        res.status === 503 &&
        message === OBSERVABILITY_NOT_CONFIGURED_MESSAGE
      ) {
        throw new ObservabilityNotConfiguredError();
      }
      throw new ObservabilityRequestError(
        res.status,
        `${name}: ${res.status} ${message}`,
      );
    }
    return (await res.json()) as T;
  }
}

/** The message of a Backstage error body, or the status text. */
async function errorMessage(res: Response): Promise<string> {
  const body = await res.text();
  try {
    const message = JSON.parse(body)?.error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: a proxy's or the framework's plain answer.
  }
  return body.slice(0, 200) || res.statusText;
}
