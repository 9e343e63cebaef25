import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  hasObservabilityAnnotations,
  OBSERVABILITY_SEARCH_TYPE,
  ObservabilitySearchDocument,
} from '@sightline/plugin-observability-common';
import { Readable } from 'node:stream';
import {
  ObservabilityBackendClient,
  ObservabilityNotConfiguredError,
  ObservabilityRequestError,
} from './ObservabilityBackendClient';
import { mapConcurrently } from './mapConcurrently';
import { toObservabilityDocument } from './observabilityDocument';

/**
 * A service's SLOs, alerts and dashboards, as found in Backstage search.
 *
 * @public
 */
export type ObservabilityDocument = ObservabilitySearchDocument &
  IndexableDocument;

/**
 * The services the collator uses.
 *
 * @public
 */
export interface ObservabilityCollatorDeps {
  auth: AuthService;
  catalog: CatalogService;
  discovery: DiscoveryService;
  logger: LoggerService;
}

/** The collator's settings, from `search.collators.observability`. */
interface CollatorOptions {
  batchSize: number;
  concurrency: number;
  requestTimeoutMs: number;
}

const CONFIG_KEY = 'search.collators.observability';
const DEFAULTS: CollatorOptions = {
  batchSize: 500,
  // Each entity costs a handful of Prometheus queries: keep indexing from
  // crowding out the people using the same Prometheus.
  concurrency: 4,
  requestTimeoutMs: 60_000,
};

/** Only what the document needs, to keep catalog pages small. */
const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.lifecycle',
];

/**
 * Collates one `observability` document per catalog Component that Sightline
 * can find telemetry for: its SLOs (objective, status, remaining budget, as
 * the backend's fleet evaluation last stored them), alert rules (with
 * summaries) and dashboard titles. Pages the catalog with
 * the module's own service credentials and reads everything else from the
 * observability backend plugin, a few entities at a time, streaming the
 * documents so memory does not grow with the catalog. Each document carries
 * the entity ref, so search only shows it to users who may read the entity.
 *
 * @public
 */
export class ObservabilityCollatorFactory implements DocumentCollatorFactory {
  readonly type = OBSERVABILITY_SEARCH_TYPE;
  readonly visibilityPermission = catalogEntityReadPermission;

  static fromConfig(
    config: Config,
    deps: ObservabilityCollatorDeps,
  ): ObservabilityCollatorFactory {
    /** A positive integer setting; bad config fails start-up naming the key. */
    const positiveInteger = (key: string, fallback: number) => {
      const value =
        config.getOptionalNumber(`${CONFIG_KEY}.${key}`) ?? fallback;
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(
          `Invalid config: ${CONFIG_KEY}.${key} must be a positive integer, got ${value}`,
        );
      }
      return value;
    };
    const options: CollatorOptions = {
      batchSize: positiveInteger('batchSize', DEFAULTS.batchSize),
      concurrency: positiveInteger('concurrency', DEFAULTS.concurrency),
      requestTimeoutMs:
        positiveInteger(
          'requestTimeoutSeconds',
          DEFAULTS.requestTimeoutMs / 1000,
        ) * 1000,
    };
    return new ObservabilityCollatorFactory(deps, options);
  }

  private readonly client: ObservabilityBackendClient;

  private constructor(
    private readonly deps: ObservabilityCollatorDeps,
    private readonly options: CollatorOptions,
  ) {
    this.client = new ObservabilityBackendClient(
      deps.discovery,
      deps.auth,
      options.requestTimeoutMs,
    );
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<ObservabilityDocument> {
    const startedAt = Date.now();
    let indexed = 0;
    let skipped = 0;
    // How many came from the backend's fleet snapshot rather than a live
    // evaluation: none means its fleet task has not run (yet).
    const slos = { fromSnapshot: 0 };
    try {
      for await (const document of mapConcurrently(
        this.annotatedComponents(),
        this.options.concurrency,
        entity => this.document(entity, slos),
      )) {
        if (document) {
          indexed++;
          yield document;
        } else {
          skipped++;
        }
      }
    } catch (error) {
      if (!(error instanceof ObservabilityNotConfiguredError)) throw error;
      // One warning a run rather than one for every annotated entity.
      this.deps.logger.warn(
        `Indexed no observability documents: ${error.message}`,
      );
      return;
    }
    this.deps.logger.info('Collated observability documents', {
      indexed,
      skipped,
      slosFromSnapshot: slos.fromSnapshot,
      durationMs: Date.now() - startedAt,
    });
  }

  private async *annotatedComponents(): AsyncGenerator<Entity> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        cursor
          ? { cursor, limit: this.options.batchSize }
          : {
              filter: { kind: 'Component' },
              fields: ENTITY_FIELDS,
              limit: this.options.batchSize,
            },
        { credentials: await this.deps.auth.getOwnServiceCredentials() },
      );
      for (const entity of page.items) {
        if (hasObservabilityAnnotations(entity)) yield entity;
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }

  /**
   * The entity's document, or undefined when its SLOs cannot be read (a
   * malformed annotation, Prometheus down): that entity is left out of this
   * run and the run goes on. Alerts, dashboards and dependencies are
   * optional parts.
   */
  private async document(
    entity: Entity,
    slos: { fromSnapshot: number },
  ): Promise<ObservabilityDocument | undefined> {
    const ref = getCompoundEntityRef(entity);
    const entityRef = stringifyEntityRef(entity);
    const [entitySlos, alerts, dashboards, dependencies] =
      await Promise.allSettled([
        this.client.slos(ref),
        this.client.alerts(ref),
        this.client.dashboards(ref),
        this.client.dependencies(ref),
      ]);
    if (entitySlos.status === 'rejected') {
      if (entitySlos.reason instanceof ObservabilityNotConfiguredError) {
        throw entitySlos.reason;
      }
      this.deps.logger.warn(
        `Left ${entityRef} out of search: ${describe(entitySlos.reason)}`,
        { entityRef, status: statusOf(entitySlos.reason) },
      );
      return undefined;
    }
    if (entitySlos.value.evaluatedFrom === 'snapshot') slos.fromSnapshot++;
    for (const [part, result] of [
      ['alerts', alerts],
      ['dashboards', dashboards],
      ['dependencies', dependencies],
    ] as const) {
      if (result.status === 'rejected') {
        this.deps.logger.debug(
          `Indexing ${entityRef} without ${part}: ${describe(result.reason)}`,
          { entityRef, status: statusOf(result.reason) },
        );
      }
    }
    return {
      ...toObservabilityDocument(entity, {
        slos: entitySlos.value,
        alerts: alerts.status === 'fulfilled' ? alerts.value : undefined,
        dashboards:
          dashboards.status === 'fulfilled' ? dashboards.value : undefined,
        dependencies:
          dependencies.status === 'fulfilled' ? dependencies.value : undefined,
      }),
      authorization: { resourceRef: entityRef },
    };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status, or 0 when the backend could not be reached at all. */
function statusOf(error: unknown): number {
  return error instanceof ObservabilityRequestError ? error.status : 0;
}
