import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  observabilitySilenceCreatePermission,
  SilencesResponse,
} from '@sightline/plugin-observability-common';
import express from 'express';
import { z } from 'zod/v3';
import { hasOwnerTag } from './silenceOwner';
import { SelectorError, validateMatchers } from '../entities/selectorParsers';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { AlertsService } from './AlertsService';

/**
 * What openapi.yaml cannot say of a silence's comment: that it says why,
 * and leaves the owner tag to Sightline. The spec bounds the comment, the
 * duration (to MAX_SILENCE_MINUTES) and the matchers.
 */
const silenceComment = z.object({
  comment: z
    .string()
    .trim()
    .min(3, 'must say why (at least 3 characters)')
    .refine(
      comment => !hasOwnerTag(comment),
      'must not contain [sightline.dev/entity=: Sightline adds that tag itself',
    ),
});

const SILENCE_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AlertRouteDeps {
  requests: EntityRequests;
  alerts: AlertsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

/** The entity's alerts, alert rules and silences. */
export function alertRoutes(
  router: ObservabilityRouter,
  { requests, alerts, httpAuth, permissions, logger }: AlertRouteDeps,
) {
  /**
   * Silences change alert routing for everyone: a user only, holding the
   * permission for this entity (a resource permission, so a policy can
   * grant it to the entity's owners).
   */
  async function authorizeSilence(req: express.Request, entityRef: string) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user'],
    });
    const [decision] = await permissions.authorize(
      [
        {
          permission: observabilitySilenceCreatePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Creating or expiring silences of ${entityRef} needs the ${observabilitySilenceCreatePermission.name} permission for it`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  // Alerts and silences need no metric dialect: a Prometheus outage must
  // not take Alertmanager's answers down with it.
  router.get(`${ENTITY_PATH}/alerts`, async (req, res) => {
    const { target } = await requests.targetWithoutDetection(req);
    res.json(await alerts.alerts(target));
  });

  router.get(`${ENTITY_PATH}/silences`, async (req, res) => {
    const { target } = await requests.targetWithoutDetection(req);
    const body: SilencesResponse = {
      entityRef: target.entityRef,
      silences: await alerts.silences(target),
    };
    res.json(body);
  });

  router.post(`${ENTITY_PATH}/silences`, async (req, res) => {
    const { target } = await requests.targetWithoutDetection(req);
    const createdBy = await authorizeSilence(req, target.entityRef);
    const parsed = silenceComment.safeParse(req.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        i => `'${i.path.join('.')}' ${i.message.toLowerCase()}`,
      );
      throw new InputError(`Invalid silence: ${problems.join('; ')}`);
    }
    const request = { ...req.body, comment: parsed.data.comment };
    const extraMatchers = request.matchers ?? [];
    if (extraMatchers.length > 0) {
      try {
        validateMatchers(extraMatchers, { requireExactMatch: false });
      } catch (e) {
        if (e instanceof SelectorError) {
          throw new InputError(`Invalid silence matchers: ${e.message}`);
        }
        throw e;
      }
    }
    const silence = await alerts.createSilence(target, request, createdBy);
    logger.info('Created silence', {
      entityRef: target.entityRef,
      cluster: target.cluster,
      silenceId: silence.id,
      createdBy,
    });
    res.status(201).json(silence);
  });

  router.delete(`${ENTITY_PATH}/silences/:id`, async (req, res) => {
    const { target } = await requests.targetWithoutDetection(req);
    const user = await authorizeSilence(req, target.entityRef);
    // Alertmanager's silence ids are UUIDs; anything else is refused here, not upstream.
    if (!SILENCE_ID.test(req.params.id)) {
      throw new InputError(
        `'${req.params.id.slice(
          0,
          80,
        )}' is not a silence id (a UUID such as 0f9e2a1c-5b7d-4e3a-9c8b-1a2b3c4d5e6f)`,
      );
    }
    await alerts.expireSilence(target, req.params.id);
    logger.info('Expired silence', {
      entityRef: target.entityRef,
      silenceId: req.params.id,
      user,
    });
    res.status(204).end();
  });
}
