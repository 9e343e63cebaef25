import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ApiRouter } from '@backstage/backend-openapi-utils';
import { Entity } from '@backstage/catalog-model';
import express from 'express';
import { spec } from '../schema/openapi';
import { EntityCatalog } from '../entities/EntityCatalog';
import { EntityTelemetry, TargetService } from '../entities/TargetService';

/** The router every route group registers on, typed and validated by openapi.yaml. */
export type ObservabilityRouter = ApiRouter<typeof spec>;

/**
 * A request to a route under ENTITY_PATH. Only the path parameters matter
 * here; body, query and response stay as each typed route declares them.
 */
export type EntityRequest = express.Request<
  { kind: string; namespace: string; name: string },
  any,
  any,
  any
>;

/** Routes under `/entities/:kind/:namespace/:name`. */
export const ENTITY_PATH = '/entities/:kind/:namespace/:name';

/**
 * What a route reads of its request before its own work: the caller, and
 * the entity of the path with its target, always read with the caller's
 * own credentials so that telemetry follows catalog read access.
 */
export class EntityRequests {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      catalog: EntityCatalog;
      targets: TargetService;
    },
  ) {}

  /** The caller, a user or a service. */
  credentials(
    req: express.Request<any, any, any, any>,
  ): Promise<BackstageCredentials> {
    return this.deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
  }

  /** The entity of the request. */
  async entity(
    req: EntityRequest,
  ): Promise<{ entity: Entity; credentials: BackstageCredentials }> {
    const credentials = await this.credentials(req);
    const entity = await this.deps.catalog.getEntity(req.params, credentials);
    return { entity, credentials };
  }

  /** The entity of the request and its target, its metric dialect detected. */
  async target(req: EntityRequest): Promise<EntityTelemetry> {
    return this.deps.targets.forEntity(req.params, await this.credentials(req));
  }

  /**
   * The entity of the request and its target, without probing Prometheus
   * for the metric dialect (see `TargetService.forEntityWithoutDetection`).
   */
  async targetWithoutDetection(req: EntityRequest): Promise<EntityTelemetry> {
    return this.deps.targets.forEntityWithoutDetection(
      req.params,
      await this.credentials(req),
    );
  }
}
