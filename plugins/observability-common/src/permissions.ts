import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Creating or expiring an Alertmanager silence for an entity's alerts.
 * Reading telemetry needs no permission of its own: it follows catalog read access.
 *
 * @public
 */
export const observabilitySilenceCreatePermission = createPermission({
  name: 'observability.silence.create',
  attributes: { action: 'create' },
});

/**
 * Server-side applying generated monitoring (ServiceMonitor, PrometheusRule,
 * dashboards) to a cluster.
 *
 * @public
 */
export const observabilityMonitoringApplyPermission = createPermission({
  name: 'observability.monitoring.apply',
  attributes: { action: 'update' },
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
];
