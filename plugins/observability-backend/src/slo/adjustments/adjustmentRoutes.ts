import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  SloAdjustmentsResponse,
  observabilitySloAdjustPermission,
  readSloAdjustmentFields,
} from '@sightline/plugin-observability-common';
import express from 'express';
import { ObservabilityConfig } from '../../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../../http/EntityRequests';
import { resolveTimeRange } from '../../http/TimeRange';
import { SloDefinitionReader, isAdjustmentProblem } from '../SloDefinitions';
import { occurrences } from './excludedIntervals';
import {
  SloAdjustmentService,
  recurrenceProblems,
} from './SloAdjustmentService';

export interface AdjustmentRouteDeps {
  requests: EntityRequests;
  definitions: SloDefinitionReader;
  adjustments: SloAdjustmentService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  limits: ObservabilityConfig['limits'];
}

/** Stored adjustments' ids are UUIDs (declared ones cannot be deleted here). */
const STORED_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An entity's SLO budget adjustments: listed with their periods, created and deleted by owners. */
export function adjustmentRoutes(
  router: ObservabilityRouter,
  {
    requests,
    definitions,
    adjustments,
    httpAuth,
    permissions,
    logger,
    limits,
  }: AdjustmentRouteDeps,
) {
  /**
   * An adjustment changes what counts against everyone's budget: a user
   * only, holding the permission for this entity (a resource permission, so
   * a policy can grant it to the entity's owners).
   */
  async function authorizeAdjust(req: express.Request, entityRef: string) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [
        {
          permission: observabilitySloAdjustPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Adjusting the SLO budgets of ${entityRef} needs the ${observabilitySloAdjustPermission.name} permission for it`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  router.get(`${ENTITY_PATH}/slo-adjustments`, async (req, res) => {
    const range = resolveTimeRange(req.query, limits);
    const { entity, target } = await requests.targetWithoutDetection(req);
    const declared = await definitions.read(entity);
    const all = await adjustments.forEntity(
      entity,
      target.cluster,
      declared.adjustments ?? [],
    );
    const body: SloAdjustmentsResponse = {
      entityRef: target.entityRef,
      adjustments: all,
      periods: all
        .flatMap(a =>
          occurrences(a, range.start, range.end).intervals.map(i => ({
            adjustmentId: a.id,
            start: new Date(i.startMs).toISOString(),
            end: new Date(i.endMs).toISOString(),
          })),
        )
        .sort((a, b) => a.start.localeCompare(b.start)),
      problems: declared.problems.filter(isAdjustmentProblem).map(p => ({
        source: p.source ?? '',
        field: p.field ?? '',
        message: p.message,
      })),
    };
    res.json(body);
  });

  router.post(`${ENTITY_PATH}/slo-adjustments`, async (req, res) => {
    const { entity } = await requests.entity(req);
    const entityRef = stringifyEntityRef(entity);
    const createdBy = await authorizeAdjust(req, entityRef);
    const read = readSloAdjustmentFields(req.body, '');
    const problems = [
      ...read.problems,
      ...(read.declaration ? recurrenceProblems(read.declaration, '') : []),
    ];
    const sloIds = read.declaration?.sloIds ?? [];
    if (sloIds.length > 0) {
      const known = new Set(
        (await definitions.read(entity)).definitions.map(d => d.id),
      );
      const unknown = sloIds.filter(id => !known.has(id));
      if (unknown.length > 0) {
        problems.push({
          field: 'slos',
          message: `${unknown.join(', ')} ${
            unknown.length > 1 ? 'are not SLOs' : 'is not an SLO'
          } of ${entityRef} (its SLOs: ${[...known].join(', ') || 'none'})`,
        });
      }
    }
    if (problems.length > 0 || !read.declaration) {
      throw new InputError(
        `Invalid budget adjustment: ${problems
          .map(p => `'${p.field}' ${p.message}`)
          .join('; ')}`,
      );
    }
    const adjustment = await adjustments.create(
      entityRef,
      read.declaration,
      createdBy,
    );
    logger.info('Created SLO budget adjustment', {
      entityRef,
      adjustmentId: adjustment.id,
      createdBy,
      reason: adjustment.reason,
    });
    res.status(201).json(adjustment);
  });

  router.delete(`${ENTITY_PATH}/slo-adjustments/:id`, async (req, res) => {
    const { entity } = await requests.entity(req);
    const entityRef = stringifyEntityRef(entity);
    const deletedBy = await authorizeAdjust(req, entityRef);
    if (!STORED_ID.test(req.params.id)) {
      throw new InputError(
        `'${req.params.id.slice(
          0,
          80,
        )}' is not a stored adjustment's id (a UUID); adjustments declared in the entity or app-config are removed there`,
      );
    }
    await adjustments.delete(entityRef, req.params.id, deletedBy);
    logger.info('Deleted SLO budget adjustment', {
      entityRef,
      adjustmentId: req.params.id,
      deletedBy,
    });
    res.status(204).end();
  });
}
