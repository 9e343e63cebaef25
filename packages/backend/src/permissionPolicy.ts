import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  observabilityMonitoringApplyPermission,
  observabilitySilenceCreatePermission,
  observabilitySloAdjustPermission,
} from '@sightline/plugin-observability-common';

/**
 * The example app's policy: everything is allowed, except that silencing an
 * entity's alerts, applying its monitoring to a cluster and excluding
 * periods from its SLO budgets are for the entity's owners. The decision is conditional: the permission backend asks
 * the catalog (which owns `catalog-entity`) to evaluate isEntityOwner
 * against the entity's `ownedBy` relations and the user's ownership refs
 * (the user and the groups it is a member of).
 */
export class ExamplePermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isPermission(request.permission, observabilitySilenceCreatePermission) ||
      isPermission(
        request.permission,
        observabilityMonitoringApplyPermission,
      ) ||
      isPermission(request.permission, observabilitySloAdjustPermission)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link ExamplePermissionPolicy} in the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ExamplePermissionPolicy());
      },
    });
  },
});
