import { CacheManager } from '@backstage/backend-defaults/cache';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import knex from 'knex';
import { readMonitoringClusters } from '@sightline/plugin-observability-node';
import { readObservabilityConfig } from '../config/ObservabilityConfig';
import { DialectDetector } from '../metrics/dialects/DialectDetector';
import { DialectRegistry } from '../metrics/dialects/DialectRegistry';
import { EntityCatalog } from '../entities/EntityCatalog';
import { TargetService } from '../entities/TargetService';
import { FleetEvaluator } from '../slo/fleet/FleetEvaluator';
import { SloSnapshotStore } from '../slo/fleet/SloSnapshotStore';
import { SloDefinitionReader } from '../slo/SloDefinitions';
import { SloService } from '../slo/SloService';
import { SloAdjustmentService } from '../slo/adjustments/SloAdjustmentService';
import { detectionLookbackMs } from '../slo/SloService';
import { UpstreamClients } from '../upstreams/UpstreamClients';

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
  /** Budget adjustments for both paths. */
  adjustments?: SloAdjustmentService;
}) {
  const root = new ConfigReader({
    observability: {
      clusters: [{ name: 'local', prometheus: { url: options.prometheusUrl } }],
      ...(options.limits ? { limits: options.limits } : {}),
    },
  });
  const config = readObservabilityConfig(root);
  const logger = mockServices.rootLogger({ level: 'warn' });
  const catalog = catalogServiceMock({ entities: options.entities });
  const dialects = new DialectRegistry();
  const clients = UpstreamClients.fromConfig(
    config,
    CacheManager.fromConfig(new ConfigReader({})).forPlugin('observability'),
    readMonitoringClusters(root),
  );
  const newTargets = () =>
    new TargetService({
      catalog: new EntityCatalog(catalog),
      config,
      dialects,
      detector: new DialectDetector(logger),
      clients,
    });
  const slos = SloService.create({
    // No reader factories: the catalogs compared declare SLOs in annotations.
    definitions: new SloDefinitionReader(
      UrlReaders.create({ config: new ConfigReader({}), logger }),
    ),
    logger,
    adjustments: options.adjustments,
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
    clients,
    slos,
    store,
    logger,
  });
  // Its own targets (and so its own detection cache): the per-entity path
  // pays for its own dialect detection, as a request does.
  const entityTargets = newTargets();
  /** One entity through the per-entity path, as `GET …/slos?at=` evaluates it. */
  const evaluateEntity = async (
    entity: Entity,
    atMs: number,
    flags?: Parameters<SloService['evaluateWithDays']>[1],
  ) => {
    const declared = await slos.definitions.read(entity);
    const target = await entityTargets.resolve(entity, {
      atMs,
      lookbackMs: detectionLookbackMs(declared.definitions, atMs),
    });
    return slos.evaluateWithDays(
      {
        entity,
        target,
        prometheus: clients.forCluster(target.cluster).prometheus(),
        atMs,
        declared,
      },
      flags,
    );
  };
  return { fleet, slos, store, evaluateEntity };
}
