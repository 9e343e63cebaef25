import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ENTITY_PATH,
  EntityRequest,
  EntityRequests,
  ObservabilityRouter,
} from '../../http/EntityRequests';
import { SloNotificationStore } from './SloNotificationStore';

export interface SloNotificationRouteDeps {
  requests: EntityRequests;
  httpAuth: HttpAuthService;
  store: SloNotificationStore;
  /** `observability.slo.notifications.enabled`. */
  enabled: boolean;
}

/**
 * The calling user's mute of an entity's SLO notifications. A mute is a
 * user's own, so only users call these; the entity must be one they can
 * read (404 otherwise, as everywhere).
 */
export function sloNotificationRoutes(
  router: ObservabilityRouter,
  { requests, httpAuth, store, enabled }: SloNotificationRouteDeps,
) {
  async function callerAndEntity(req: EntityRequest) {
    const { principal } = await httpAuth.credentials(req, { allow: ['user'] });
    const { entity } = await requests.entity(req);
    return {
      userRef: principal.userEntityRef,
      entityRef: stringifyEntityRef(entity),
    };
  }

  router.get(`${ENTITY_PATH}/slos/notifications`, async (req, res) => {
    const { userRef, entityRef } = await callerAndEntity(req);
    res.json({
      entityRef,
      muted: await store.isMuted(entityRef, userRef),
      notificationsEnabled: enabled,
    });
  });

  router.put(`${ENTITY_PATH}/slos/notifications`, async (req, res) => {
    const { userRef, entityRef } = await callerAndEntity(req);
    await store.setMuted(entityRef, userRef, req.body.muted);
    res.json({
      entityRef,
      muted: req.body.muted,
      notificationsEnabled: enabled,
    });
  });
}
