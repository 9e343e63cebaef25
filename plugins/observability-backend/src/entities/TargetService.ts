import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  TelemetryTarget,
  UpstreamKind,
} from '@sightline/plugin-observability-common';
import { PrometheusClient } from '../clients/PrometheusClient';
import { DialectDetector } from '../dialects/DialectDetector';
import { UpstreamRegistry } from '../upstreams/UpstreamRegistry';
import { EntityRefParts, EntityResolver } from './EntityResolver';
import { TargetResolver } from './TargetResolver';

/** An entity as its telemetry routes need it. */
export interface EntityTelemetry {
  entity: Entity;
  target: TelemetryTarget;
}

/**
 * Entity in, telemetry target out: reads the entity with the caller's
 * credentials, resolves its cluster and annotations, and detects the metric
 * dialect when it is `auto`.
 */
export class TargetService {
  constructor(
    private readonly entities: EntityResolver,
    private readonly targets: TargetResolver,
    private readonly detector: DialectDetector,
    private readonly upstreams: UpstreamRegistry,
  ) {}

  async forEntity(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
  ): Promise<EntityTelemetry> {
    const entity = await this.entities.getEntity(ref, credentials);
    return { entity, target: await this.resolve(entity) };
  }

  /** The entity's target, its metric dialect detected when it is `auto`. */
  async resolve(entity: Entity): Promise<TelemetryTarget> {
    const cluster = this.entities.resolveCluster(entity);
    const { detect, ...target } = this.targets.resolve(entity, cluster.name);
    const prometheus = this.upstreams.get(cluster.name, 'prometheus');
    if (detect && target.metrics && prometheus) {
      const detected = await this.detector.detect(
        new PrometheusClient(prometheus),
        cluster.name,
        target.metrics.selector,
        detect,
      );
      target.metrics.dialect = detected ?? target.metrics.dialect;
    }
    return target;
  }

  /** The named upstream of the target's cluster, if configured. */
  optionalUpstream(target: TelemetryTarget, kind: UpstreamKind) {
    return this.upstreams.get(target.cluster, kind);
  }

  /** The named upstream of the target's cluster; a 400 that says how to configure it when absent. */
  upstream(target: TelemetryTarget, kind: UpstreamKind) {
    const client = this.upstreams.get(target.cluster, kind);
    if (!client) {
      throw new InputError(
        `Cluster '${target.cluster}' has no ${kind} configured; add observability.clusters[].${kind}.url to app-config.yaml`,
      );
    }
    return client;
  }
}
