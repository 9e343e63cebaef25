import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SloDefinition,
  SloEvaluation,
  TelemetryTarget,
  computeSloStatus,
  explainSloStatus,
  findBucketBoundary,
  hasObservabilityAnnotations,
  sloPeriod,
} from '@sightline/plugin-observability-common';
import { SLOTH_LABELS } from '@sightline/plugin-observability-node';
import { UpstreamClients } from '../../upstreams/UpstreamClients';
import { TargetService } from '../../entities/TargetService';
import {
  identityKey,
  identityLabels,
  matcherValues,
  unionMatchers,
} from '../../metrics/identityLabels';
import { pyrraSloNames } from '../PyrraRules';
import { EntitySloDefinitions } from '../SloDefinitions';
import { SloHistoryStore } from '../SloHistoryStore';
import { bucketBoundariesQuery } from '../SloQueries';
import { slothSloName } from '../measurement/SlothRulesMeasurement';
import {
  SloService,
  detectionLookbackMs,
  periodRange,
  sloExclusions,
} from '../SloService';
import {
  FleetBatch,
  MAX_BATCH_MEMBERS,
  fleetBatchKey,
  fleetQueries,
  readFleetAnswers,
} from './FleetQueries';
import { SloSnapshot, SloSnapshotStore } from './SloSnapshotStore';
import type { SloTransitionNotifier } from '../notifications/SloTransitionNotifier';

const DAY_MS = 86_400_000;
/** Catalog page size while reading the fleet. */
const PAGE_SIZE = 500;
/** Prometheus queries (batches, or entities on their own path) at a time. */
const CONCURRENCY = 4;

/** Default `observability.slo.fleet.schedule`: every 10 minutes. */
const DEFAULT_FLEET_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 1 },
};

/** What one evaluation of the fleet did. */
export interface FleetEvaluation {
  snapshots: SloSnapshot[];
  /** Entities whose SLOs could not be evaluated, with why. */
  failures: Array<{ entityRef: string; message: string }>;
  /** Entities measured by grouped queries and on their own path. */
  batchedEntities: number;
  perEntityEntities: number;
  /** Grouped queries sent (dialect detection, rules, boundaries, batches). */
  batchQueries: number;
}

async function mapLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Which SLOs of a cluster Prometheus has Sloth and Pyrra recording rules for. */
interface ClusterRules {
  /** `<sloth_service>/<sloth_slo>`. */
  sloth: Set<string>;
  /** Pyrra's `slo` label values. */
  pyrra: Set<string>;
}

/**
 * Evaluates every SLO of the catalog at one instant, the many at once:
 * entities that share a cluster, dialect, identity labels (selectors of
 * label equalities) and SLI are measured by two instant queries grouped by
 * those labels (`sum by (namespace, service) (…)`, see `FleetQueries`)
 * instead of a query set each. The status maths is -common's, as for one
 * entity. Entities the grouped queries cannot measure exactly take the
 * per-entity path (`SloService`): other selectors, custom indicators,
 * Sloth or Pyrra recording rules, an objective changed within the window
 * (history kept per segment), a latency threshold that is no bucket
 * boundary, a period excluded by a budget adjustment. Results go to the snapshot store.
 */
export class FleetEvaluator {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      targets: TargetService;
      clients: UpstreamClients;
      slos: SloService;
      store: SloSnapshotStore;
      history?: SloHistoryStore;
      /** Told of each run's snapshots before they replace the stored ones. */
      transitions?: SloTransitionNotifier;
      logger: LoggerService;
    },
  ) {}

  /**
   * Registers the evaluation as a global task (one replica at a time) on
   * `observability.slo.fleet.schedule`, every 10 minutes by default.
   */
  async schedule(
    scheduler: SchedulerService,
    config: RootConfigService,
  ): Promise<void> {
    const configured = config.getOptionalConfig(
      'observability.slo.fleet.schedule',
    );
    await scheduler.scheduleTask({
      id: 'observability-slo-fleet',
      scope: 'global',
      ...(configured
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(configured)
        : DEFAULT_FLEET_SCHEDULE),
      fn: async () => {
        await this.run();
      },
    });
  }

  /** One run: evaluates the catalog's annotated Components and stores the snapshots. */
  async run(atMs = Date.now()): Promise<FleetEvaluation> {
    const started = performance.now();
    const entities = await this.annotatedComponents();
    const result = await this.evaluate(entities, atMs);
    await this.deps.transitions?.notify({
      entities,
      snapshots: result.snapshots,
    });
    await this.deps.store.upsert(result.snapshots);
    const deleted = await this.deps.store.deleteOlderThan(
      atMs,
      result.failures.map(f => f.entityRef),
    );
    this.deps.logger.info('Evaluated the SLO fleet', {
      entities: entities.length,
      slos: result.snapshots.length,
      batchedEntities: result.batchedEntities,
      perEntityEntities: result.perEntityEntities,
      batchQueries: result.batchQueries,
      failures: result.failures.length,
      deleted,
      durationMs: Math.round(performance.now() - started),
    });
    return result;
  }

  private async annotatedComponents(): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const out: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE_SIZE }
          : {
              filter: { kind: 'Component' },
              fields: ['kind', 'metadata', 'spec'],
              limit: PAGE_SIZE,
            },
        { credentials },
      );
      out.push(...page.items.filter(hasObservabilityAnnotations));
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return out;
  }

  /** Evaluates these entities' SLOs at `atMs` (nothing stored). */
  async evaluate(entities: Entity[], atMs: number): Promise<FleetEvaluation> {
    const { slos, targets } = this.deps;
    const declared: EntitySloDefinitions[] = [];
    await mapLimited(
      entities.map((entity, i) => ({ entity, i })),
      16,
      async ({ entity, i }) => {
        declared[i] = await slos.definitions.read(entity);
      },
    );
    const resolved = await targets.resolveMany(
      entities.map((entity, i) => ({
        entity,
        lookbackMs: detectionLookbackMs(declared[i].definitions, atMs),
      })),
      atMs,
    );
    const out: FleetEvaluation = {
      snapshots: [],
      failures: [],
      batchedEntities: 0,
      perEntityEntities: 0,
      batchQueries: 0,
    };
    const clusters = new Set(
      resolved.flatMap(t => (t instanceof Error ? [] : [t.cluster])),
    );
    // A cluster whose Prometheus cannot answer fails its own entities only.
    const rules = new Map<string, ClusterRules | Error>();
    for (const cluster of clusters) {
      rules.set(
        cluster,
        await this.clusterRules(cluster, atMs).catch(
          (error: unknown) =>
            new Error(
              `Prometheus could not answer: ${
                error instanceof Error ? error.message : String(error)
              }`,
            ),
        ),
      );
      out.batchQueries += 2;
    }
    const changedObjectives = await this.changedObjectives(
      entities,
      declared,
      atMs,
    );
    const adjusted = await this.adjustedEntities(
      entities,
      declared,
      resolved,
      atMs,
    );

    const perEntity: number[] = [];
    const latency: Array<{ i: number; definition: SloDefinition }> = [];
    const members: Array<{
      i: number;
      definition: SloDefinition;
      batch: Omit<FleetBatch, 'members'>;
    }> = [];
    entities.forEach((entity, i) => {
      const target = resolved[i];
      const entityRef = stringifyEntityRef(entity);
      if (target instanceof Error) {
        out.failures.push({ entityRef, message: target.message });
        return;
      }
      const clusterRules = rules.get(target.cluster)!;
      if (clusterRules instanceof Error) {
        out.failures.push({ entityRef, message: clusterRules.message });
        return;
      }
      const batchable = this.batchable(
        entity,
        declared[i],
        target,
        clusterRules,
        changedObjectives,
      );
      if (!batchable || adjusted.has(i)) {
        perEntity.push(i);
        return;
      }
      for (const definition of declared[i].definitions) {
        if (definition.sli === 'latency') {
          latency.push({ i, definition });
        } else {
          members.push({
            i,
            definition,
            batch: this.batchOf(
              target,
              definition,
              { type: 'availability' },
              atMs,
            ),
          });
        }
      }
    });

    // Latency SLOs need their histogram's boundary at the threshold, read
    // per identity in grouped queries as well.
    const boundaries = await this.bucketBoundaries(
      latency.map(l => resolved[l.i] as TelemetryTarget),
      atMs,
    );
    out.batchQueries += boundaries.queries;
    const fallBack = new Set<number>();
    for (const { i, definition } of latency) {
      const target = resolved[i] as TelemetryTarget;
      const dialect = target.metrics!.dialect!;
      const found =
        dialect.durationMetric &&
        definition.latencyThresholdSeconds !== undefined
          ? findBucketBoundary(
              boundaries.byTarget.get(target) ?? [],
              definition.latencyThresholdSeconds,
              {
                metric: `${dialect.durationMetric}_bucket`,
                unit: dialect.durationUnit,
              },
            )
          : undefined;
      if (!found?.ok) {
        // The per-entity path words the problem (and the nearest boundary).
        fallBack.add(i);
        continue;
      }
      members.push({
        i,
        definition,
        batch: this.batchOf(
          target,
          definition,
          { type: 'latency', le: found.le },
          atMs,
        ),
      });
    }
    perEntity.push(...fallBack);

    const batches = new Map<string, FleetBatch>();
    for (const m of members) {
      if (fallBack.has(m.i)) continue;
      const key = fleetBatchKey(m.batch);
      const batch = batches.get(key) ?? { ...m.batch, members: [] };
      batch.members.push({
        id: `${m.i}\n${m.definition.id}`,
        matchers: (resolved[m.i] as TelemetryTarget).metrics!.matchers,
      });
      batches.set(key, batch);
    }
    const chunks = [...batches.values()].flatMap(batch =>
      Array.from(
        { length: Math.ceil(batch.members.length / MAX_BATCH_MEMBERS) },
        (_, c): FleetBatch => ({
          ...batch,
          members: batch.members.slice(
            c * MAX_BATCH_MEMBERS,
            (c + 1) * MAX_BATCH_MEMBERS,
          ),
        }),
      ),
    );
    const measured = new Map<string, SloEvaluation>();
    const failedBatches = new Map<number, string>();
    await mapLimited(chunks, CONCURRENCY, async batch => {
      try {
        const answers = await this.measureBatch(batch, atMs);
        out.batchQueries += batch.range ? 2 : 1;
        for (const member of batch.members) {
          const [i] = member.id.split('\n');
          const definition = declared[Number(i)].definitions.find(
            d => `${i}\n${d.id}` === member.id,
          )!;
          measured.set(
            member.id,
            evaluationOf(definition, answers.get(member.id)!, atMs),
          );
        }
      } catch (error) {
        for (const member of batch.members) {
          failedBatches.set(
            Number(member.id.split('\n')[0]),
            `Prometheus could not answer: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
        }
      }
    });

    const batchedIndexes = new Set(
      members.filter(m => !fallBack.has(m.i)).map(m => m.i),
    );
    for (const i of batchedIndexes) {
      const entityRef = stringifyEntityRef(entities[i]);
      const failure = failedBatches.get(i);
      if (failure) {
        out.failures.push({ entityRef, message: failure });
        continue;
      }
      out.batchedEntities++;
      for (const definition of declared[i].definitions) {
        out.snapshots.push({
          entityRef,
          evaluation: measured.get(`${i}\n${definition.id}`)!,
          measuredBy: 'batch',
          evaluatedAtMs: atMs,
        });
      }
    }

    await mapLimited(perEntity, CONCURRENCY, async i => {
      const entity = entities[i];
      const entityRef = stringifyEntityRef(entity);
      const target = resolved[i] as TelemetryTarget;
      try {
        const { response } = await slos.evaluateWithDays({
          entity,
          target,
          prometheus: this.prometheus(target.cluster),
          atMs,
          declared: declared[i],
        });
        out.perEntityEntities++;
        out.snapshots.push(
          ...response.slos.map(evaluation => ({
            entityRef,
            evaluation,
            measuredBy: 'entity' as const,
            evaluatedAtMs: atMs,
          })),
        );
      } catch (error) {
        out.failures.push({
          entityRef,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    });
    return out;
  }

  /**
   * Whether the grouped queries measure all of an entity's SLOs exactly as
   * its own evaluation would: from the raw series of a dialect, selected by
   * label equalities, with no recording rules and one objective over the
   * window.
   */
  private batchable(
    entity: Entity,
    declared: EntitySloDefinitions,
    target: TelemetryTarget,
    rules: ClusterRules,
    changedObjectives: Set<string>,
  ): boolean {
    const metrics = target.metrics;
    if (!metrics?.dialect || !identityLabels(metrics.matchers)) return false;
    const service = entity.metadata.name;
    const entityRef = stringifyEntityRef(entity);
    return declared.definitions.every(
      d =>
        d.indicator.type === 'dialect' &&
        !changedObjectives.has(`${entityRef}\n${d.id}`) &&
        !(
          d.source !== 'openslo' &&
          rules.sloth.has(`${d.service ?? service}/${slothSloName(d)}`)
        ) &&
        !(
          d.sli === 'availability' &&
          pyrraSloNames(d, service).some(n => rules.pyrra.has(n))
        ),
    );
  }

  private batchOf(
    target: TelemetryTarget,
    definition: SloDefinition,
    sli: FleetBatch['sli'],
    atMs: number,
  ): Omit<FleetBatch, 'members'> {
    return {
      cluster: target.cluster,
      dialect: target.metrics!.dialect!,
      labels: identityLabels(target.metrics!.matchers)!,
      sli,
      range: periodRange(sloPeriod(definition, atMs), atMs),
    };
  }

  private prometheus(cluster: string) {
    return this.deps.clients.forCluster(cluster).prometheus();
  }

  private async measureBatch(batch: FleetBatch, atMs: number) {
    const prometheus = this.prometheus(batch.cluster);
    const queries = fleetQueries(batch);
    const [counts, ratios] = await Promise.all([
      queries.counts ? prometheus.instant(queries.counts, atMs) : [],
      prometheus.instant(queries.ratios, atMs),
    ]);
    return readFleetAnswers(batch, { counts, ratios });
  }

  /**
   * Which SLOs of the cluster have Sloth or Pyrra recording rules, in two
   * cluster-wide queries (the per-entity path looks per entity): their
   * entities take the per-entity path, which reads the rules.
   */
  private async clusterRules(
    cluster: string,
    atMs: number,
  ): Promise<ClusterRules> {
    const prometheus = this.prometheus(cluster);
    const [sloth, pyrra] = await Promise.all([
      prometheus.instant(
        `count by (${SLOTH_LABELS.service}, ${SLOTH_LABELS.slo}) (slo:sli_error:ratio_rate5m)`,
        atMs,
      ),
      prometheus.instant(
        `count by (slo) ({__name__=~".+:(burnrate|increase).+", slo!=""})`,
        atMs,
      ),
    ]);
    return {
      sloth: new Set(
        sloth.map(
          s =>
            `${s.metric[SLOTH_LABELS.service]}/${s.metric[SLOTH_LABELS.slo]}`,
        ),
      ),
      pyrra: new Set(pyrra.map(s => s.metric.slo)),
    };
  }

  /**
   * Entities with a period excluded from one of their SLOs' windows or
   * burn-rate windows: they take the per-entity path, whose measurement
   * subtracts each excluded interval, so their batched and per-entity
   * figures are one and the same.
   */
  private async adjustedEntities(
    entities: Entity[],
    declared: EntitySloDefinitions[],
    resolved: Array<TelemetryTarget | Error>,
    atMs: number,
  ): Promise<Set<number>> {
    const adjusted = new Set<number>();
    await mapLimited(
      entities.map((entity, i) => ({ entity, i })),
      16,
      async ({ entity, i }) => {
        const target = resolved[i];
        if (target instanceof Error) return;
        const adjustments = await this.deps.slos.adjustmentsOf(
          entity,
          target.cluster,
          declared[i],
        );
        if (
          declared[i].definitions.some(d => {
            const { intervals, truncated } = sloExclusions(
              adjustments,
              d,
              atMs,
            );
            return intervals.length > 0 || truncated.length > 0;
          })
        ) {
          adjusted.add(i);
        }
      },
    );
    return adjusted;
  }

  /** SLOs whose stored days hold another objective than today's. */
  private async changedObjectives(
    entities: Entity[],
    declared: EntitySloDefinitions[],
    atMs: number,
  ): Promise<Set<string>> {
    const changed = new Set<string>();
    const history = this.deps.history;
    const all = declared.flatMap(d => d.definitions);
    if (!history || all.length === 0) return changed;
    const fromMs = Math.min(...all.map(d => sloPeriod(d, atMs).startMs));
    const stored = await history.objectivesSince(
      new Date(Math.floor(fromMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10),
    );
    entities.forEach((entity, i) => {
      const entityRef = stringifyEntityRef(entity);
      for (const d of declared[i].definitions) {
        const key = `${entityRef}\n${d.id}`;
        const objectives = stored.get(key);
        if (objectives && [...objectives].some(o => o !== d.objective)) {
          changed.add(key);
        }
      }
    });
    return changed;
  }

  /**
   * The bucket boundaries (`le` values) of each target's histogram, one
   * grouped query per cluster, dialect and identity labels.
   */
  private async bucketBoundaries(
    targets: TelemetryTarget[],
    atMs: number,
  ): Promise<{ byTarget: Map<TelemetryTarget, string[]>; queries: number }> {
    const groups = new Map<string, TelemetryTarget[]>();
    for (const target of new Set(targets)) {
      const { dialect, matchers } = target.metrics!;
      if (!dialect?.durationMetric) continue;
      const key = fleetBatchKey({
        cluster: target.cluster,
        dialect,
        labels: identityLabels(matchers)!,
        sli: { type: 'availability' },
      });
      groups.set(key, [...(groups.get(key) ?? []), target]);
    }
    const byTarget = new Map<TelemetryTarget, string[]>();
    let queries = 0;
    for (const group of groups.values()) {
      for (let c = 0; c < group.length; c += MAX_BATCH_MEMBERS) {
        const chunk = group.slice(c, c + MAX_BATCH_MEMBERS);
        const { dialect, matchers } = chunk[0].metrics!;
        const labels = identityLabels(matchers)!;
        queries++;
        // Unanswered, the chunk's latency SLOs take the per-entity path,
        // which reports what Prometheus said.
        const samples = await this.prometheus(chunk[0].cluster)
          .instant(
            bucketBoundariesQuery(
              unionMatchers(chunk.map(t => t.metrics!.matchers)),
              { ...dialect!, durationMetric: dialect!.durationMetric! },
              labels,
            ),
            atMs,
          )
          .catch(() => undefined);
        if (!samples) continue;
        const les = new Map<string, string[]>();
        for (const { metric } of samples) {
          if (!metric.le) continue;
          const key = identityKey(labels, metric);
          les.set(key, [...(les.get(key) ?? []), metric.le]);
        }
        for (const target of chunk) {
          byTarget.set(
            target,
            les.get(identityKey(labels, matcherValues(target.metrics!))) ?? [],
          );
        }
      }
    }
    return { byTarget, queries };
  }
}

/** An SLO's evaluation from its measurements, with -common's maths, as `SloService` words it. */
function evaluationOf(
  definition: SloDefinition,
  measured: {
    window: { good: number; total: number };
    errorRatios: Record<string, number | undefined>;
  },
  atMs: number,
): SloEvaluation {
  const period = sloPeriod(definition, atMs);
  const status = computeSloStatus(definition, {
    ...measured,
    ...(period.calendar
      ? { period: { startMs: period.startMs, endMs: period.endMs } }
      : {}),
  });
  return {
    definition,
    source: 'raw',
    status,
    explanations: explainSloStatus(definition, status, {
      countsNormalised: false,
    }),
    // The burn-down is the entity's own page's: days cost a query each.
    burnDown: [],
    problems: [],
  };
}
