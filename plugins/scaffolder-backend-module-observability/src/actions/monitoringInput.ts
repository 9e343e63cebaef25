import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { z as zod } from 'zod/v3';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { OBSERVABILITY_ANNOTATIONS } from '@sightline/plugin-observability-common';
import {
  generateMonitoring,
  MonitoringCluster,
  MonitoringClusters,
  MonitoringOptions,
  MonitoringResult,
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
  options: (z: typeof zod) =>
    z
      .record(z.string(), z.any())
      .optional()
      .describe(
        'Further generator options (monitor, rules, dashboard, directory): MonitoringOptions of @sightline/plugin-observability-node',
      ),
};

export interface MonitoringActionInput {
  entityRef?: string;
  entity?: Record<string, unknown>;
  /** Annotations laid over the entity's, e.g. SLOs chosen in a template form; empty values are ignored. */
  annotations?: Record<string, unknown>;
  cluster?: string;
  port: string;
  options?: Record<string, unknown>;
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
  if (Object.keys(extraAnnotations).length > 0) {
    entity = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { ...entity.metadata.annotations, ...extraAnnotations },
      },
    };
  }

  const clusterName =
    input.cluster ??
    entity.metadata.annotations?.[OBSERVABILITY_ANNOTATIONS.cluster] ??
    deps.clusters.defaultCluster;
  const cluster = deps.clusters.clusters.get(clusterName);
  if (!cluster && (input.cluster || deps.clusters.clusters.size > 0)) {
    throw new InputError(
      `Unknown cluster '${clusterName}'; configured: ${
        [...deps.clusters.clusters.keys()].join(', ') || 'none'
      }`,
    );
  }

  const extra = (input.options ?? {}) as MonitoringOptions;
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
