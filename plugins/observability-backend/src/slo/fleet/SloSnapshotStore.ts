import { DatabaseService } from '@backstage/backend-plugin-api';
import { SloEvaluation } from '@sightline/plugin-observability-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';

const TABLE = 'slo_snapshots';

/** SQLite's bound-variable limit is 999 by default: rows and lists in chunks. */
const CHUNK = 50;

interface Row {
  entity_ref: string;
  slo_id: string;
  slo_name: string;
  status: string;
  budget_remaining: number | null;
  burn_rates: string;
  alerts: string;
  evaluation: string;
  measured_by: string;
  evaluated_at_ms: number | string;
}

/** One SLO of one entity as the fleet evaluation left it. */
export interface SloSnapshot {
  entityRef: string;
  evaluation: SloEvaluation;
  /** `batch`: grouped fleet queries; `entity`: the per-entity path. */
  measuredBy: 'batch' | 'entity';
  evaluatedAtMs: number;
}

/**
 * The latest fleet evaluation of every SLO, one row per entity and SLO, in
 * the plugin's database (SQLite or PostgreSQL): every replica reads what
 * the one that ran the evaluation wrote.
 */
export class SloSnapshotStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<SloSnapshotStore> {
    return new SloSnapshotStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  /** Inserts or replaces each entity's SLOs' snapshots. */
  async upsert(snapshots: SloSnapshot[]): Promise<void> {
    const rows: Row[] = snapshots.map(s => ({
      entity_ref: s.entityRef,
      slo_id: s.evaluation.definition.id,
      slo_name: s.evaluation.definition.name,
      status: s.evaluation.status?.status ?? 'no-data',
      budget_remaining: s.evaluation.status?.budget.remaining ?? null,
      burn_rates: JSON.stringify(s.evaluation.status?.burnRates ?? []),
      alerts: JSON.stringify(s.evaluation.status?.alerts ?? []),
      evaluation: JSON.stringify(s.evaluation),
      measured_by: s.measuredBy,
      evaluated_at_ms: s.evaluatedAtMs,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db<Row>(TABLE)
        .insert(rows.slice(i, i + CHUNK))
        .onConflict(['entity_ref', 'slo_id'])
        .merge();
    }
  }

  /** The snapshots of these entities, by entity ref; entities without any are absent. */
  async forEntities(entityRefs: string[]): Promise<Map<string, SloSnapshot[]>> {
    const out = new Map<string, SloSnapshot[]>();
    for (let i = 0; i < entityRefs.length; i += CHUNK * 10) {
      const rows = await this.db<Row>(TABLE)
        .select('entity_ref', 'evaluation', 'measured_by', 'evaluated_at_ms')
        .whereIn('entity_ref', entityRefs.slice(i, i + CHUNK * 10))
        .orderBy(['entity_ref', 'slo_id']);
      for (const row of rows) {
        const list = out.get(row.entity_ref) ?? [];
        list.push({
          entityRef: row.entity_ref,
          evaluation: JSON.parse(row.evaluation),
          measuredBy: row.measured_by as SloSnapshot['measuredBy'],
          // PostgreSQL answers bigint columns as strings.
          evaluatedAtMs: Number(row.evaluated_at_ms),
        });
        out.set(row.entity_ref, list);
      }
    }
    return out;
  }

  /**
   * Deletes snapshots older than `beforeMs` except those of `keep` (entities
   * that could not be evaluated this run keep their last snapshot): SLOs and
   * entities that are gone. Returns how many rows went.
   */
  async deleteOlderThan(beforeMs: number, keep: string[]): Promise<number> {
    if (keep.length > CHUNK * 10) {
      // Too many failures to list: keep everything rather than guess.
      return 0;
    }
    return this.db<Row>(TABLE)
      .where('evaluated_at_ms', '<', beforeMs)
      .whereNotIn('entity_ref', keep)
      .delete();
  }
}
