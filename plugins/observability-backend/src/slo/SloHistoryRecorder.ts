import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  OBSERVABILITY_ANNOTATIONS,
  parseDuration,
} from '@sightline/plugin-observability-common';
import { TargetService } from '../entities/TargetService';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { SloHistoryStore } from './SloHistoryStore';
import { EntityCatalog } from '../entities/EntityCatalog';
import { isWholeUtcDay } from './measurement/storedHistory';
import { SloService, detectionLookbackMs } from './SloService';

const DAY_MS = 86_400_000;

/** Default `observability.slo.historyRetention`: 400 days. */
const DEFAULT_HISTORY_RETENTION_DAYS = 400;

/** Days most recently recorded are rewritten each run: late samples land. */
const REWRITE_RECENT_DAYS = 2;

/**
 * `observability.slo.historyRetention`: a number of days or a duration such
 * as `400d`; at least one day. Bad values fail start-up with the key named.
 */
export function readHistoryRetentionDays(config: RootConfigService): number {
  const key = 'observability.slo.historyRetention';
  const value = config.getOptional(key);
  if (value === undefined) return DEFAULT_HISTORY_RETENTION_DAYS;
  let days: number | undefined;
  if (typeof value === 'number') {
    days = value;
  } else if (typeof value === 'string') {
    const ms = parseDuration(value.trim());
    days = ms === undefined ? undefined : ms / DAY_MS;
  }
  if (days === undefined || !Number.isFinite(days) || days < 1) {
    throw new Error(
      `Invalid config ${key}: ${JSON.stringify(
        value,
      )}; expected a number of days or a duration of at least 1d, e.g. 400d`,
    );
  }
  return Math.floor(days);
}

function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Records each SLO's daily good/total counts into the database: on its first
 * run for an SLO, every day of the window Prometheus still has (backfill);
 * afterwards the days not stored yet plus the last two (late samples). Old
 * days past the retention are deleted. Runs as a global scheduler task, so
 * only one replica works at a time; every write is an idempotent upsert.
 */
export class SloHistoryRecorder {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      entities: EntityCatalog;
      targets: TargetService;
      clients: UpstreamClients;
      slos: SloService;
      store: SloHistoryStore;
      logger: LoggerService;
      retentionDays: number;
    },
  ) {}

  /** Registers the task: every 6 hours, first two minutes after start. */
  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'observability-slo-history',
      scope: 'global',
      frequency: { hours: 6 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 2 },
      fn: async () => {
        await this.run();
      },
    });
  }

  /** One run at `nowMs`: records whole UTC days before today. */
  async run(
    nowMs = Date.now(),
  ): Promise<{ entities: number; days: number; deleted: number }> {
    const { catalog, auth, logger } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const annotation = (key: string) => ({
      kind: 'Component',
      [`metadata.annotations.${key}`]: CATALOG_FILTER_EXISTS,
    });
    const { items } = await catalog.getEntities(
      {
        filter: [
          annotation(OBSERVABILITY_ANNOTATIONS.sloAvailability),
          annotation(OBSERVABILITY_ANNOTATIONS.sloLatency),
          annotation(OBSERVABILITY_ANNOTATIONS.sloFile),
        ],
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    const todayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    let days = 0;
    for (const item of items) {
      const ref = {
        kind: item.kind,
        namespace: item.metadata.namespace ?? 'default',
        name: item.metadata.name,
      };
      const entityRef = stringifyEntityRef(ref);
      try {
        days += await this.recordEntity(ref, entityRef, credentials, todayMs);
      } catch (error) {
        logger.warn('Could not record SLO history', {
          entityRef,
          error: String(error),
        });
      }
    }
    const deleted = await this.deps.store.deleteBefore(
      msToDay(todayMs - this.deps.retentionDays * DAY_MS),
    );
    logger.info('Recorded SLO history', {
      entities: items.length,
      days,
      deleted,
    });
    return { entities: items.length, days, deleted };
  }

  private async recordEntity(
    ref: { kind: string; namespace: string; name: string },
    entityRef: string,
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
    todayMs: number,
  ): Promise<number> {
    const entity = await this.deps.entities.getEntity(ref, credentials);
    const declared = await this.deps.slos.definitions.read(entity);
    // Evaluated at today's midnight: the window's days are past days.
    const target = await this.deps.targets.resolve(entity, {
      atMs: todayMs,
      lookbackMs: detectionLookbackMs(declared.definitions, todayMs),
    });
    const prometheus = this.deps.clients
      .forCluster(target.cluster)
      .prometheus();
    const { response, days } = await this.deps.slos.evaluateWithDays(
      { entity, target, prometheus, atMs: todayMs, declared },
      { fromPrometheusOnly: true },
    );
    let written = 0;
    for (const slo of response.slos) {
      // The store keeps UTC days: a calendar SLO's days in another zone
      // (and a window's cut first day) are read from Prometheus instead.
      const measured = (days.get(slo.definition.id) ?? []).filter(
        isWholeUtcDay,
      );
      if (!slo.source || measured.length === 0) continue;
      const stored = await this.deps.store.storedDays(
        entityRef,
        slo.definition.id,
        measured[0].day,
        measured[measured.length - 1].day,
      );
      const recent = msToDay(todayMs - REWRITE_RECENT_DAYS * DAY_MS);
      const toWrite = measured
        .filter(d => !stored.has(d.day) || d.day >= recent)
        .map(({ day, good, total, objective }) => ({
          day,
          good,
          total,
          objective,
          source: slo.source!,
          ...(slo.countsNormalised ? { normalised: true } : {}),
        }));
      await this.deps.store.upsert(entityRef, slo.definition.id, toWrite);
      written += toWrite.length;
    }
    return written;
  }
}
