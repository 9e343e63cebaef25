import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OBSERVABILITY_ANNOTATIONS,
} from '@sightline/plugin-observability-common';

export interface EntityRefParts {
  kind: string;
  namespace: string;
  name: string;
}

const validator = makeValidator();

/**
 * The catalog fields by which telemetry names an entity: label values, trace
 * services, namespaces. Not `metadata.namespace`: one name, `default`, would
 * fetch most of the catalog.
 */
const NAMING_FIELDS = [
  'metadata.name',
  `metadata.annotations.${KUBERNETES_ID_ANNOTATION}`,
  `metadata.annotations.${KUBERNETES_NAMESPACE_ANNOTATION}`,
  `metadata.annotations.${OBSERVABILITY_ANNOTATIONS.traceService}`,
];

/** Names per catalog query: each is sent once per naming field, in the URL. */
const NAMES_PER_QUERY = 20;

function namesOf(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  return [
    entity.metadata.name,
    annotations[KUBERNETES_ID_ANNOTATION],
    annotations[KUBERNETES_NAMESPACE_ANNOTATION],
    annotations[OBSERVABILITY_ANNOTATIONS.traceService],
  ].filter((n): n is string => !!n);
}

/**
 * The catalog as the caller sees it: every read is made with the caller's
 * own credentials, so telemetry follows catalog read access.
 */
export class EntityCatalog {
  constructor(private readonly catalog: CatalogService) {}

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

  /**
   * Of `names` found in telemetry (label values, trace services, namespaces,
   * Kubernetes objects), those that name an entity the caller can read, in
   * their order: its name, Kubernetes id or namespace, or trace service.
   * Upstreams know every team's services; the catalog decides which of them
   * the caller may learn about. A name only written inside another entity's
   * selector annotation cannot be looked up, so it stays hidden.
   */
  async readableNames(
    names: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const unique = [...new Set(names)];
    const batches = [];
    for (let i = 0; i < unique.length; i += NAMES_PER_QUERY) {
      batches.push(unique.slice(i, i + NAMES_PER_QUERY));
    }
    const answers = await Promise.all(
      batches.map(batch =>
        this.catalog.getEntities(
          {
            filter: NAMING_FIELDS.map(field => ({ [field]: batch })),
            fields: ['metadata.name', 'metadata.annotations'],
          },
          { credentials },
        ),
      ),
    );
    // The catalog matches case-insensitively; telemetry names are exact.
    const readable = new Set(answers.flatMap(a => a.items.flatMap(namesOf)));
    return names.filter(name => readable.has(name));
  }
}
