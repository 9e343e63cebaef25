import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { observabilityMonitoringApplyPermission } from '@sightline/plugin-observability-common';
import {
  generateMonitoring,
  MonitoringApplyResult,
  MonitoringClusters,
  MonitoringInput,
  MonitoringResult,
  parseMonitoringOptions,
  resolveClusterMonitoringOptions,
} from '@sightline/plugin-observability-node';
import { EntityTelemetry } from '../entities/TargetService';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { UpstreamClients } from '../upstreams/UpstreamClients';

export interface MonitoringRouteDeps {
  requests: EntityRequests;
  /** Each cluster's monitoring options (labels, namespaces) from config. */
  clusters: MonitoringClusters;
  clients: UpstreamClients;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

/**
 * The request body, bounded by openapi.yaml (an absent body is `{}`);
 * `options` is checked by parseMonitoringOptions, the schema the
 * scaffolder actions use.
 */
function parseBody(
  raw: {
    port?: string;
    options?: unknown;
    dryRun?: boolean;
    force?: boolean;
  } = {},
) {
  return { ...raw, options: parseMonitoringOptions(raw.options) };
}

type MonitoringRequest = ReturnType<typeof parseBody>;

/**
 * `POST .../monitoring/preview`: the entity's generated monitoring and, when
 * the entity's cluster has a Kubernetes API, what applying it would change
 * (a `dryRun=All` server-side apply). `POST .../monitoring/apply`: applies
 * it, behind `observability.monitoring.apply` on the entity, as a dry run
 * unless the body says `dryRun: false`; every apply is logged.
 */
export function monitoringRoutes(
  router: ObservabilityRouter,
  {
    requests,
    clusters,
    clients,
    httpAuth,
    permissions,
    logger,
  }: MonitoringRouteDeps,
) {
  async function generate(
    { entity, target }: EntityTelemetry,
    request: MonitoringRequest,
  ) {
    const cluster = clusters.clusters.get(target.cluster);
    const extra = request.options;
    // Per field, the request's options win; then the cluster's config; then,
    // for the Prometheus Operator labels, what its `Prometheus` resource
    // selects on (issue 5: generated monitors and rules must be loaded). An
    // unreadable API leaves the labels as configured, with a warning.
    const { options, warnings } = await resolveClusterMonitoringOptions(
      {
        ...extra,
        monitor: {
          ...extra.monitor,
          port: extra.monitor?.port ?? request.port ?? 'metrics',
        },
      },
      cluster,
    );
    for (const warning of warnings) {
      logger.warn(warning, { cluster: target.cluster });
    }
    const input: MonitoringInput = { entity };
    if (target.metrics?.dialect) {
      input.metrics = {
        matchers: target.metrics.matchers,
        dialect: target.metrics.dialect,
      };
    }
    const result = generateMonitoring(input, options);
    return {
      entityRef: stringifyEntityRef(entity),
      clusterName: target.cluster,
      result: { ...result, warnings: [...warnings, ...result.warnings] },
    };
  }

  function summary(result: MonitoringResult) {
    return {
      files: result.files,
      objects: result.objects.map(o => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata?.namespace ?? '',
        name: o.metadata?.name ?? '',
      })),
      annotations: result.annotations,
      warnings: result.warnings,
    };
  }

  /** The cluster's Kubernetes API, if it has one. */
  function kubernetesOf(cluster: string) {
    const ofCluster = clients.forCluster(cluster);
    return ofCluster.has('kubernetes') ? ofCluster.kubernetes() : undefined;
  }

  router.post(`${ENTITY_PATH}/monitoring/preview`, async (req, res) => {
    const request = parseBody(req.body);
    const { entityRef, clusterName, result } = await generate(
      await requests.target(req),
      request,
    );
    const kubernetes = kubernetesOf(clusterName);
    let diff: MonitoringApplyResult | undefined;
    let diffProblem: string | undefined;
    if (kubernetes) {
      try {
        diff = await kubernetes.applier().plan(result.objects);
      } catch (e) {
        // The manifests are still worth showing; say why there is no diff.
        diffProblem = e instanceof Error ? e.message : String(e);
      }
    } else {
      diffProblem = `No Kubernetes API is configured for cluster '${clusterName}'`;
    }
    res.json({
      entityRef,
      cluster: clusterName,
      ...summary(result),
      ...(diff ? { diff: diff.objects } : {}),
      ...(diffProblem ? { diffProblem } : {}),
    });
  });

  router.post(`${ENTITY_PATH}/monitoring/apply`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // The entity as the caller may read it, then the permission on that
    // entity: a policy may grant it to the entity's owners only, which the
    // permission backend decides with the catalog's conditions.
    const telemetry = await requests.target(req);
    const entityRef = stringifyEntityRef(telemetry.entity);
    const [decision] = await permissions.authorize(
      [
        {
          permission: observabilityMonitoringApplyPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Applying monitoring of ${entityRef} to a cluster needs the ${observabilityMonitoringApplyPermission.name} permission on that entity`,
      );
    }
    const request = parseBody(req.body);
    const { clusterName, result } = await generate(telemetry, request);
    const kubernetes = kubernetesOf(clusterName);
    if (!kubernetes) {
      throw new InputError(
        `No Kubernetes API is configured for cluster '${clusterName}' (observability.clusters[].kubernetes)`,
      );
    }
    // A dry run unless the request says `dryRun: false`.
    const dryRun = request.dryRun ?? true;
    const applied = await kubernetes.applier().apply(result.objects, {
      dryRun,
      force: request.force ?? false,
    });
    logger.info(
      `${
        dryRun ? 'Dry-run applied' : 'Applied'
      } monitoring of ${entityRef} to cluster ${clusterName}`,
      {
        user: credentials.principal.userEntityRef,
        entityRef,
        cluster: clusterName,
        dryRun,
        objects: applied.objects
          .map(o => `${o.kind} ${o.namespace}/${o.name}: ${o.change}`)
          .join(', '),
      },
    );
    res.json({
      entityRef,
      cluster: clusterName,
      dryRun,
      objects: applied.objects,
    });
  });
}
