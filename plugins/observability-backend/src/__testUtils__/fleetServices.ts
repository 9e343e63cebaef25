import { CacheManager } from '@backstage/backend-defaults/cache';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import knex from 'knex';
import { readObservabilityConfig } from '../config/ObservabilityConfig';
import { DialectDetector } from '../metrics/dialects/DialectDetector';
import { DialectRegistry } from '../metrics/dialects/DialectRegistry';
import { EntityResolver } from '../entities/EntityResolver';
import { TargetResolver } from '../entities/TargetResolver';
import { TargetService } from '../entities/TargetService';
import { FleetEvaluator } from '../slo/fleet/FleetEvaluator';
import { SloSnapshotStore } from '../slo/fleet/SloSnapshotStore';
import { SloDefinitionReader } from '../slo/SloDefinitions';
import { SloService } from '../slo/SloService';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { detectionLookbackMs } from '../slo/SloService';
import { UpstreamRegistry } from '../upstreams/UpstreamRegistry';

/**
 * The fleet evaluator and the per-entity SLO service wired as plugin.ts
 * wires them (one cluster `local` on `prometheusUrl`, a mock catalog, an
 * in-memory SQLite unless `database` is given), for tests and benchmarks
 * that compare the two paths at one instant.
 */
export async function fleetServices(options: {
  prometheusUrl: string;
  entities: Entity[];
  database?: DatabaseService;
  /** Extra `observability.limits`, e.g. a longer query timeout for big batches. */
  limits?: JsonObject;
}) {
  const config = readObservabilityConfig(
    new ConfigReader({
      observability: {
        clusters: [
          { name: 'local', prometheus: { url: options.prometheusUrl } },
        ],
        ...(options.limits ? { limits: options.limits } : {}),
      },
    }),
  );
  const logger = mockServices.rootLogger({ level: 'warn' });
  const catalog = catalogServiceMock({ entities: options.entities });
  const entities = EntityResolver.create({ catalog, config });
  const dialects = new DialectRegistry();
  const upstreams = UpstreamRegistry.fromConfig(
    config,
    CacheManager.fromConfig(new ConfigReader({})).forPlugin('observability'),
  );
  const newTargets = () =>
    new TargetService(
      entities,
      new TargetResolver(config, dialects),
      new DialectDetector(logger),
      upstreams,
    );
  const slos = SloService.create({
    // No reader factories: the catalogs compared declare SLOs in annotations.
    definitions: new SloDefinitionReader(
      UrlReaders.create({ config: new ConfigReader({}), logger }),
    ),
    logger,
  });
  const store = await SloSnapshotStore.create({
    database: options.database ?? {
      getClient: async () =>
        knex({
          client: 'better-sqlite3',
          connection: ':memory:',
          useNullAsDefault: true,
        }),
    },
  });
  const fleetTargets = newTargets();
  const fleet = new FleetEvaluator({
    catalog,
    auth: mockServices.auth(),
    targets: fleetTargets,
    slos,
    store,
    logger,
  });
  // Its own targets (and so its own detection cache): the per-entity path
  // pays for its own dialect detection, as a request does.
  const entityTargets = newTargets();
  /** One entity through the per-entity path, as `GET …/slos?at=` evaluates it. */
  const evaluateEntity = async (entity: Entity, atMs: number) => {
    const declared = await slos.definitions.read(entity);
    const target = await entityTargets.resolve(entity, {
      atMs,
      lookbackMs: detectionLookbackMs(declared.definitions, atMs),
    });
    return slos.evaluateWithDays({
      entity,
      target,
      prometheus: new PrometheusClient(
        entityTargets.upstream(target, 'prometheus'),
      ),
      atMs,
      declared,
    });
  };
  return { fleet, slos, store, evaluateEntity };
}
