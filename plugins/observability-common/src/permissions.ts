import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Creating or expiring an Alertmanager silence for an entity's alerts.
 * Reading telemetry needs no permission of its own: it follows catalog read access.
 *
 * A resource permission on the catalog entity (authorize it with the entity
 * ref as `resourceRef`), so that a policy can grant it to the entity's
 * owners only with the catalog's conditions, e.g.
 * `createCatalogConditionalDecision(permission, catalogConditions.isEntityOwner({ claims }))`.
 *
 * @public
 */
export const observabilitySilenceCreatePermission = createPermission({
  name: 'observability.silence.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Server-side applying generated monitoring (ServiceMonitor, PrometheusRule,
 * dashboards) of an entity to a cluster.
 *
 * A resource permission on the catalog entity, like
 * {@link observabilitySilenceCreatePermission}.
 *
 * @public
 */
export const observabilityMonitoringApplyPermission = createPermission({
  name: 'observability.monitoring.apply',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Creating or deleting an SLO budget adjustment of an entity (a period
 * excluded from its error budgets) through the API.
 *
 * A resource permission on the catalog entity, like
 * {@link observabilitySilenceCreatePermission}.
 *
 * @public
 */
export const observabilitySloAdjustPermission = createPermission({
  name: 'observability.slo.adjust',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission the observability plugin defines, for registration with
 * the permission framework.
 *
 * @public
 */
export const observabilityPermissions = [
  observabilitySilenceCreatePermission,
  observabilityMonitoringApplyPermission,
  observabilitySloAdjustPermission,
];
