import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  hasObservabilityAnnotations,
  OBSERVABILITY_ANNOTATIONS,
} from '@sightline/plugin-observability-common';
import { Readable } from 'node:stream';

/**
 * A service's observability, as found in Backstage search.
 *
 * @public
 */
export interface ObservabilityDocument extends IndexableDocument {
  entityRef: string;
  owner?: string;
  /** The objectives declared for the service, e.g. `availability 99.9%`. */
  slos: string[];
  /** Grafana dashboard uids or `tag:` selectors declared for the service. */
  dashboards: string[];
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Collates one `observability` document per catalog Component that Sightline
 * can find telemetry for. Pages the catalog with the module's own service
 * credentials; each document carries the entity ref, so search only shows it
 * to users who may read the entity.
 *
 * @public
 */
export class ObservabilityCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'observability';
  readonly visibilityPermission = catalogEntityReadPermission;

  static fromConfig(
    config: Config,
    options: { auth: AuthService; catalog: CatalogService },
  ): ObservabilityCollatorFactory {
    const batchSize =
      config.getOptionalNumber('search.collators.observability.batchSize') ??
      DEFAULT_BATCH_SIZE;
    return new ObservabilityCollatorFactory(
      options.auth,
      options.catalog,
      batchSize,
    );
  }

  private constructor(
    private readonly auth: AuthService,
    private readonly catalog: CatalogService,
    private readonly batchSize: number,
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<ObservabilityDocument> {
    let cursor: string | undefined;
    do {
      const page = await this.catalog.queryEntities(
        cursor
          ? { cursor, limit: this.batchSize }
          : { filter: { kind: 'Component' }, limit: this.batchSize },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      for (const entity of page.items) {
        if (hasObservabilityAnnotations(entity)) {
          yield toDocument(entity);
        }
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }
}

function toDocument(entity: Entity): ObservabilityDocument {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = entity.metadata.namespace ?? 'default';
  const entityRef = stringifyEntityRef(entity);
  const slos = [
    annotations[OBSERVABILITY_ANNOTATIONS.sloAvailability] &&
      `availability ${annotations[OBSERVABILITY_ANNOTATIONS.sloAvailability]}%`,
    annotations[OBSERVABILITY_ANNOTATIONS.sloLatency] &&
      `latency ${annotations[OBSERVABILITY_ANNOTATIONS.sloLatency]}`,
  ].filter((s): s is string => Boolean(s));
  const dashboards = (
    annotations[OBSERVABILITY_ANNOTATIONS.grafanaDashboards] ?? ''
  )
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const owner =
    typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;

  return {
    title: `${entity.metadata.title ?? entity.metadata.name} — observability`,
    text: [
      `Telemetry, alerts and SLOs of ${entity.metadata.name}.`,
      slos.length ? `SLOs: ${slos.join('; ')}.` : 'No SLOs declared.',
      dashboards.length ? `Dashboards: ${dashboards.join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    location: `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
      entity.kind.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(entity.metadata.name)}/observability`,
    entityRef,
    owner,
    slos,
    dashboards,
    authorization: { resourceRef: entityRef },
  };
}
