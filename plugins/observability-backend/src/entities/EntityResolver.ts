import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OBSERVABILITY_ANNOTATIONS } from '@sightline/plugin-observability-common';
import {
  ClusterConfig,
  ObservabilityConfig,
} from '../config/ObservabilityConfig';

export interface EntityRefParts {
  kind: string;
  namespace: string;
  name: string;
}

const validator = makeValidator();

/**
 * Turns a catalog entity into what Sightline needs to query its telemetry.
 * The entity is always read with the caller's own credentials, so telemetry
 * follows catalog read access.
 */
export class EntityResolver {
  static create(options: {
    catalog: CatalogService;
    config: ObservabilityConfig;
  }) {
    return new EntityResolver(options.catalog, options.config);
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly config: ObservabilityConfig,
  ) {}

  /**
   * Fetches the entity as the caller. An entity the caller may not read is
   * reported exactly like one that does not exist.
   */
  async getEntity(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    // The catalog's own rules: a malformed part is the caller's mistake, not a 500.
    const problems = [
      !validator.isValidKind(ref.kind) && 'kind',
      !validator.isValidNamespace(ref.namespace) && 'namespace',
      !validator.isValidEntityName(ref.name) && 'name',
    ].filter(Boolean);
    if (problems.length) {
      throw new InputError(
        `Not a valid entity reference: the ${problems.join(
          ', ',
        )} breaks the catalog's naming rules`,
      );
    }
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} found`);
    }
    return entity;
  }

  /** The cluster named by `sightline.dev/cluster`, or the default cluster. */
  resolveCluster(entity: Entity): ClusterConfig {
    const annotation =
      entity.metadata.annotations?.[OBSERVABILITY_ANNOTATIONS.cluster];
    const name = annotation?.trim() || this.config.defaultCluster;
    const cluster = this.config.clusters.get(name);
    if (!cluster) {
      const known = [...this.config.clusters.keys()].join(', ');
      throw new InputError(
        `Annotation ${OBSERVABILITY_ANNOTATIONS.cluster} names cluster '${name}', which is not configured. ` +
          `Configured clusters: ${known}. Example: ${OBSERVABILITY_ANNOTATIONS.cluster}: ${this.config.defaultCluster}`,
      );
    }
    return cluster;
  }
}
