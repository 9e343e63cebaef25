import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  SloDailyCount,
  SloMeasurementSource,
} from '@sightline/plugin-observability-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';
import { SloHistoryReader } from './measurement/storedHistory';

const TABLE = 'slo_daily_counts';

interface Row {
  entity_ref: string;
  slo_id: string;
  day: string;
  good: number;
  total: number;
  objective: number;
  source: string;
  normalised: boolean | number;
}

/** One stored day of one SLO. */
export interface SloHistoryDay extends SloDailyCount {
  source: SloMeasurementSource;
  normalised?: boolean;
}

/**
 * Daily good/total counts per SLO in the plugin's database (SQLite by
 * default, PostgreSQL in production), so burn-down and reports survive
 * Prometheus' retention.
 */
export class SloHistoryStore implements SloHistoryReader {
  static async create(options: {
    database: DatabaseService;
  }): Promise<SloHistoryStore> {
    return new SloHistoryStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  /** Inserts or replaces the given days. */
  async upsert(
    entityRef: string,
    sloId: string,
    days: SloHistoryDay[],
  ): Promise<void> {
    if (days.length === 0) return;
    const rows: Row[] = days.map(d => ({
      entity_ref: entityRef,
      slo_id: sloId,
      day: d.day,
      good: d.good,
      total: d.total,
      objective: d.objective,
      source: d.source,
      normalised: Boolean(d.normalised),
    }));
    // Chunks keep SQLite under its bound-variable limit.
    for (let i = 0; i < rows.length; i += 100) {
      await this.db<Row>(TABLE)
        .insert(rows.slice(i, i + 100))
        .onConflict(['entity_ref', 'slo_id', 'day'])
        .merge(['good', 'total', 'objective', 'source', 'normalised']);
    }
  }

  /** Stored days of one SLO between two UTC days (inclusive), oldest first. */
  async dailyCounts(
    entityRef: string,
    sloId: string,
    fromDay: string,
    toDay: string,
  ): Promise<SloHistoryDay[]> {
    const rows = await this.db<Row>(TABLE)
      .where({ entity_ref: entityRef, slo_id: sloId })
      .andWhere('day', '>=', fromDay)
      .andWhere('day', '<=', toDay)
      .orderBy('day', 'asc');
    return rows.map(r => ({
      day: r.day,
      good: Number(r.good),
      total: Number(r.total),
      objective: Number(r.objective),
      source: r.source as SloHistoryDay['source'],
      ...(r.normalised ? { normalised: true } : {}),
    }));
  }

  /** The days already stored for one SLO between two days (inclusive). */
  async storedDays(
    entityRef: string,
    sloId: string,
    fromDay: string,
    toDay: string,
  ): Promise<Set<string>> {
    const rows = await this.db<Row>(TABLE)
      .select('day')
      .where({ entity_ref: entityRef, slo_id: sloId })
      .andWhere('day', '>=', fromDay)
      .andWhere('day', '<=', toDay);
    return new Set(rows.map(r => r.day));
  }

  /**
   * Every objective stored for each SLO from `fromDay` on, keyed
   * `entityRef` + newline + `sloId`: where one differs from today's, the
   * window's budget is combined per segment (see `withObjectiveChanges`).
   */
  async objectivesSince(fromDay: string): Promise<Map<string, Set<number>>> {
    const rows = await this.db<Row>(TABLE)
      .distinct('entity_ref', 'slo_id', 'objective')
      .where('day', '>=', fromDay);
    const out = new Map<string, Set<number>>();
    for (const r of rows) {
      const key = `${r.entity_ref}\n${r.slo_id}`;
      out.set(key, (out.get(key) ?? new Set()).add(Number(r.objective)));
    }
    return out;
  }

  /** Deletes every day before `day`; returns how many rows went. */
  async deleteBefore(day: string): Promise<number> {
    return this.db(TABLE).where('day', '<', day).delete();
  }
}
