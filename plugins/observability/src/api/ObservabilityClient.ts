import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  EntityHealthResponse,
  HealthResponse,
} from '@sightline/plugin-observability-common';
import { ObservabilityApi } from './ObservabilityApi';

/**
 * Calls `/api/observability` with the user's Backstage token (through fetchApi).
 *
 * @public
 */
export class ObservabilityClient implements ObservabilityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getHealth(): Promise<HealthResponse> {
    return this.get('/health');
  }

  getEntityHealth(entity: CompoundEntityRef): Promise<EntityHealthResponse> {
    return this.get(`${entityPath(entity)}/health`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('observability');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath({ kind, namespace, name }: CompoundEntityRef): string {
  return `/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}
