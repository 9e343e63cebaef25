import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ObservabilityApi, SloQuery, TimeRangeQuery } from './ObservabilityApi';
import { createOpenApiRequest, OpenApiRequest } from './openApiRequest';

/** Epoch milliseconds become the epoch seconds the backend reads; ISO strings pass. */
function toTime(value: number | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? String(value / 1000) : value;
}

function rangeQuery(range?: TimeRangeQuery) {
  return { from: toTime(range?.from), to: toTime(range?.to) };
}

// The backend answers JSON (Markdown only for the report); its shapes are
// -common's response types, which each method's ObservabilityApi type names.
const json = (response: Response) => response.json();

/**
 * Calls `/api/observability` with the user's Backstage token (through
 * fetchApi). Every request is an operation of the backend's openapi.yaml,
 * typed by the types generated from it.
 *
 * @public
 */
export class ObservabilityClient implements ObservabilityApi {
  private readonly request: OpenApiRequest;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.request = createOpenApiRequest(options);
  }

  readonly getHealth: ObservabilityApi['getHealth'] = () =>
    this.request('get', '/health').then(json);

  readonly getDialects: ObservabilityApi['getDialects'] = () =>
    this.request('get', '/dialects').then(json);

  readonly getEntityHealth: ObservabilityApi['getEntityHealth'] = entity =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/health', {
      path: entity,
    }).then(json);

  readonly getTarget: ObservabilityApi['getTarget'] = entity =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/target', {
      path: entity,
    }).then(json);

  readonly getRed: ObservabilityApi['getRed'] = (entity, range) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/red', {
      path: entity,
      query: rangeQuery(range),
    }).then(json);

  readonly getRedBreakdown: ObservabilityApi['getRedBreakdown'] = (
    entity,
    options,
  ) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/red/breakdown', {
      path: entity,
      query: { ...rangeQuery(options), by: options.by, limit: options.limit },
    }).then(json);

  readonly getAlerts: ObservabilityApi['getAlerts'] = entity =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/alerts', {
      path: entity,
    }).then(json);

  readonly getSilences: ObservabilityApi['getSilences'] = entity =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/silences', {
      path: entity,
    }).then(json);

  readonly createSilence: ObservabilityApi['createSilence'] = (
    entity,
    request,
  ) =>
    this.request('post', '/entities/{kind}/{namespace}/{name}/silences', {
      path: entity,
      body: request,
    }).then(json);

  readonly expireSilence: ObservabilityApi['expireSilence'] = async (
    entity,
    silenceId,
  ) => {
    await this.request(
      'delete',
      '/entities/{kind}/{namespace}/{name}/silences/{id}',
      { path: { ...entity, id: silenceId } },
    );
  };

  readonly getSloAdjustments: ObservabilityApi['getSloAdjustments'] = (
    entity,
    range,
  ) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/slo-adjustments', {
      path: entity,
      query: rangeQuery(range),
    }).then(json);

  readonly createSloAdjustment: ObservabilityApi['createSloAdjustment'] = (
    entity,
    request,
  ) =>
    this.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/slo-adjustments',
      {
        path: entity,
        body: request,
      },
    ).then(json);

  readonly deleteSloAdjustment: ObservabilityApi['deleteSloAdjustment'] =
    async (entity, id) => {
      await this.request(
        'delete',
        '/entities/{kind}/{namespace}/{name}/slo-adjustments/{id}',
        { path: { ...entity, id } },
      );
    };

  readonly getLogs: ObservabilityApi['getLogs'] = (entity, query = {}) => {
    // The spec takes levels repeated or comma-separated; one comma-separated
    // value keeps the URL as the Logs section writes its own.
    const levels = [query.level ?? []].flat().join(',');
    return this.request('get', '/entities/{kind}/{namespace}/{name}/logs', {
      path: entity,
      query: {
        ...rangeQuery(query),
        level: levels ? [levels] : undefined,
        contains: query.contains || undefined,
        traceId: query.traceId,
        limit: query.limit,
        direction: query.direction,
      },
    }).then(json);
  };

  readonly searchTraces: ObservabilityApi['searchTraces'] = (
    entity,
    query = {},
  ) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/traces', {
      path: entity,
      query: {
        ...rangeQuery(query),
        status: query.status,
        minDuration: query.minDuration,
        operation: query.operation || undefined,
        limit: query.limit,
      },
    }).then(json);

  readonly getTrace: ObservabilityApi['getTrace'] = (entity, traceId) =>
    this.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/traces/{traceId}',
      {
        path: { ...entity, traceId },
      },
    ).then(json);

  readonly getDashboards: ObservabilityApi['getDashboards'] = (entity, range) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/dashboards', {
      path: entity,
      query: rangeQuery(range),
    }).then(json);

  readonly getDeployments: ObservabilityApi['getDeployments'] = (
    entity,
    range,
  ) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/deployments', {
      path: entity,
      query: rangeQuery(range),
    }).then(json);

  readonly getSlos: ObservabilityApi['getSlos'] = (entity, query) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/slos', {
      path: entity,
      query: { at: toTime(query?.at) },
    }).then(json);

  readonly getGroupSlos: ObservabilityApi['getGroupSlos'] = (group, query) =>
    this.request('get', '/groups/{namespace}/{name}/slos', {
      path: group,
      query: { at: toTime(query?.at) },
    }).then(json);

  readonly getSystemSlos: ObservabilityApi['getSystemSlos'] = (system, query) =>
    this.request('get', '/systems/{namespace}/{name}/slos', {
      path: system,
      query: { at: toTime(query?.at) },
    }).then(json);

  readonly getCompositeSlos: ObservabilityApi['getCompositeSlos'] = (
    entity,
    query,
  ) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/slos/composite', {
      path: entity,
      query: { at: toTime(query?.at) },
    }).then(json);

  readonly getSloNotificationMute: ObservabilityApi['getSloNotificationMute'] =
    entity =>
      this.request(
        'get',
        '/entities/{kind}/{namespace}/{name}/slos/notifications',
        { path: entity },
      ).then(json);

  readonly setSloNotificationMute: ObservabilityApi['setSloNotificationMute'] =
    (entity, muted) =>
      this.request(
        'put',
        '/entities/{kind}/{namespace}/{name}/slos/notifications',
        { path: entity, body: { muted } },
      ).then(json);

  // Overloaded in ObservabilityApi (JSON or Markdown), so its parameters are
  // typed here rather than inferred.
  readonly getSloReport: ObservabilityApi['getSloReport'] = async (
    entity: CompoundEntityRef,
    query: SloQuery & { format?: 'json' | 'markdown' } = {},
  ) => {
    const parts = {
      path: entity,
      query: { at: toTime(query.at), format: query.format },
    };
    const kind = entity.kind.toLocaleLowerCase('en-US');
    let response: Response;
    if (kind === 'group') {
      response = await this.request(
        'get',
        '/groups/{namespace}/{name}/slos/report',
        parts,
      );
    } else if (kind === 'system') {
      response = await this.request(
        'get',
        '/systems/{namespace}/{name}/slos/report',
        parts,
      );
    } else {
      response = await this.request(
        'get',
        '/entities/{kind}/{namespace}/{name}/slos/report',
        parts,
      );
    }
    return query.format === 'markdown' ? response.text() : response.json();
  };

  readonly previewMonitoring: ObservabilityApi['previewMonitoring'] = (
    entity,
    request = {},
  ) =>
    this.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/monitoring/preview',
      { path: entity, body: request },
    ).then(json);

  readonly applyMonitoring: ObservabilityApi['applyMonitoring'] = (
    entity,
    request = {},
  ) =>
    this.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/monitoring/apply',
      { path: entity, body: request },
    ).then(json);

  readonly getDiagnosis: ObservabilityApi['getDiagnosis'] = entity =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/diagnosis', {
      path: entity,
    }).then(json);

  readonly getDependencies: ObservabilityApi['getDependencies'] = (
    entity,
    range,
  ) =>
    this.request('get', '/entities/{kind}/{namespace}/{name}/dependencies', {
      path: entity,
      query: rangeQuery(range),
    }).then(json);

  readonly getSystemDependencies: ObservabilityApi['getSystemDependencies'] = (
    system,
    range,
  ) =>
    this.request('get', '/systems/{namespace}/{name}/dependencies', {
      path: system,
      query: rangeQuery(range),
    }).then(json);
}
