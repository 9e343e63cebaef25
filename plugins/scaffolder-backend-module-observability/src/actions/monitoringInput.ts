import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { z as zod } from 'zod/v3';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OBSERVABILITY_ANNOTATIONS,
} from '@sightline/plugin-observability-common';
import {
  generateMonitoring,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  MonitoringCluster,
  MonitoringClusters,
  monitoringOptionsSchema,
  MonitoringResult,
  parseMonitoringOptions,
  resolveClusterMonitoringOptions,
} from '@sightline/plugin-observability-node';

/**
 * The input fields both monitoring actions take, as zod callbacks for
 * createTemplateAction's schema.
 */
export const monitoringInputSchema = {
  entityRef: (z: typeof zod) =>
    z
      .string()
      .optional()
      .describe(
        'The catalog entity, e.g. component:default/checkout (read with the credentials of the user running the template)',
      ),
  entity: (z: typeof zod) =>
    z
      .record(z.string(), z.any())
      .optional()
      .describe(
        'An entity given inline (e.g. the one the template is creating) instead of entityRef',
      ),
  annotations: (z: typeof zod) =>
    z
      .record(z.string(), z.any())
      .optional()
      .describe(
        "Annotations laid over the entity's, e.g. SLOs chosen in the template form (sightline.dev/slo-availability); empty values are ignored",
      ),
  cluster: (z: typeof zod) =>
    z
      .string()
      .optional()
      .describe(
        "Configured cluster (its Prometheus Operator labels, runbook base URL, dashboard delivery and Kubernetes API); default the entity's sightline.dev/cluster, then the default cluster",
      ),
  port: (z: typeof zod) =>
    z
      .string()
      .default('metrics')
      .describe(
        'NAME of the Service port that serves metrics (never a number)',
      ),
  // The one schema of the options, shared with the backend's routes.
  options: () =>
    monitoringOptionsSchema
      .optional()
      .describe(
        "Further generator options (prometheusOperator, monitor, rules, dashboard, directory): MonitoringOptions of @sightline/plugin-observability-node. Unknown fields are refused, and so are those that would set the entity's identity",
      ),
};

/**
 * The annotations that say which service an entity is: its workload, the
 * matchers of its series and alerts, its log streams and traces. Laid over
 * a catalog entity, they would make monitoring labelled as another service.
 */
const IDENTITY_ANNOTATIONS = [
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  OBSERVABILITY_ANNOTATIONS.prometheusSelector,
  OBSERVABILITY_ANNOTATIONS.alertMatchers,
  OBSERVABILITY_ANNOTATIONS.logSelector,
  OBSERVABILITY_ANNOTATIONS.traceService,
];

export interface MonitoringActionInput {
  entityRef?: string;
  entity?: Record<string, unknown>;
  /** Annotations laid over the entity's, e.g. SLOs chosen in a template form; empty values are ignored. */
  annotations?: Record<string, unknown>;
  cluster?: string;
  port: string;
  /** Checked with the options schema: actions may be called without the scaffolder's validation. */
  options?: unknown;
}

export interface ResolvedMonitoring {
  entityRef: string;
  cluster: MonitoringCluster | undefined;
  result: MonitoringResult;
}

/**
 * Reads the entity (from the catalog or inline), picks the cluster and
 * generates. Every problem is an InputError thrown before anything is
 * written or applied.
 */
export async function resolveMonitoring(
  input: MonitoringActionInput,
  deps: {
    catalog: CatalogService;
    clusters: MonitoringClusters;
    credentials: () => Promise<BackstageCredentials>;
  },
): Promise<ResolvedMonitoring> {
  return generateForEntity(
    await resolveEntity(input, deps),
    input,
    deps.clusters,
  );
}

/**
 * The entity, from the catalog (read with the user's credentials) or
 * inline, with the input's annotations laid over it. Over a catalog entity
 * they may not change its identity.
 */
export async function resolveEntity(
  input: Pick<MonitoringActionInput, 'entityRef' | 'entity' | 'annotations'>,
  deps: {
    catalog: CatalogService;
    credentials: () => Promise<BackstageCredentials>;
  },
): Promise<Entity> {
  if (Boolean(input.entityRef) === Boolean(input.entity)) {
    throw new InputError('Give exactly one of entityRef and entity');
  }
  let entity: Entity;
  if (input.entityRef) {
    const found = await deps.catalog.getEntityByRef(input.entityRef, {
      credentials: await deps.credentials(),
    });
    if (!found) {
      throw new NotFoundError(`No entity ${input.entityRef} in the catalog`);
    }
    entity = found;
  } else {
    const inline = input.entity as unknown as Entity;
    if (
      typeof inline?.kind !== 'string' ||
      typeof inline?.metadata?.name !== 'string'
    ) {
      throw new InputError('entity must have kind and metadata.name');
    }
    entity = {
      ...inline,
      apiVersion: inline.apiVersion ?? 'backstage.io/v1alpha1',
      metadata: { namespace: 'default', ...inline.metadata },
    };
  }

  // Template forms leave optional fields empty or undefined: skip those.
  const extraAnnotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.annotations ?? {})) {
    if (typeof value === 'number') extraAnnotations[key] = String(value);
    else if (typeof value === 'string' && value !== '') {
      extraAnnotations[key] = value;
    } else if (value !== undefined && value !== null && value !== '') {
      throw new InputError(`Annotation ${key} must be a string`);
    }
  }
  if (input.entityRef) {
    for (const key of IDENTITY_ANNOTATIONS) {
      const given = extraAnnotations[key];
      if (given !== undefined && given !== entity.metadata.annotations?.[key]) {
        throw new InputError(
          `annotations.${key} cannot change ${stringifyEntityRef(
            entity,
          )}'s ${key}: which service an entity is comes from the catalog, so that no template can make monitoring labelled as another service`,
        );
      }
    }
  }
  if (Object.keys(extraAnnotations).length > 0) {
    entity = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { ...entity.metadata.annotations, ...extraAnnotations },
      },
    };
  }
  return entity;
}

/** Picks the cluster and generates the entity's monitoring. */
export async function generateForEntity(
  entity: Entity,
  input: MonitoringActionInput,
  clusters: MonitoringClusters,
): Promise<ResolvedMonitoring> {
  const extra = parseMonitoringOptions(input.options);

  const clusterName =
    input.cluster ??
    entity.metadata.annotations?.[OBSERVABILITY_ANNOTATIONS.cluster] ??
    clusters.defaultCluster;
  const cluster = clusters.clusters.get(clusterName);
  if (!cluster && (input.cluster || clusters.clusters.size > 0)) {
    throw new InputError(
      `Unknown cluster '${clusterName}'; configured: ${
        [...clusters.clusters.keys()].join(', ') || 'none'
      }`,
    );
  }

  // The cluster's labels (config, else its Prometheus resource), runbook
  // base URL and dashboard delivery, where the options do not say.
  const { options, warnings } = await resolveClusterMonitoringOptions(
    {
      ...extra,
      monitor: { ...extra.monitor, port: extra.monitor?.port ?? input.port },
    },
    cluster,
  );
  const result = generateMonitoring({ entity }, options);
  return {
    entityRef: stringifyEntityRef(entity),
    cluster,
    result: { ...result, warnings: [...warnings, ...result.warnings] },
  };
}
