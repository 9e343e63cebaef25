import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  SloAdjustment,
  SloAdjustmentDeclaration,
} from '@sightline/plugin-observability-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';

const TABLE = 'slo_adjustments';

interface Row {
  id: string;
  entity_ref: string;
  reason: string;
  start_ms: number | string;
  duration_ms: number | string;
  rrule: string | null;
  slo_ids: string | null;
  created_by: string;
  created_at_ms: number | string;
  deleted_by: string | null;
  deleted_at_ms: number | string | null;
}

/**
 * Adjustments owners created through the API, in the plugin's database.
 * A deletion only marks the row (who, when), so every adjustment that ever
 * applied stays on record with who created it and why.
 */
export class SloAdjustmentStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<SloAdjustmentStore> {
    return new SloAdjustmentStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  /** The entity's adjustments that are not deleted, oldest first. */
  async list(entityRef: string): Promise<SloAdjustment[]> {
    const rows: Row[] = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .whereNull('deleted_at_ms')
      .orderBy('created_at_ms', 'asc');
    return rows.map(toAdjustment);
  }

  async add(
    entityRef: string,
    declaration: SloAdjustmentDeclaration,
    createdBy: string,
    nowMs = Date.now(),
  ): Promise<SloAdjustment> {
    const row: Row = {
      id: randomUUID(),
      entity_ref: entityRef,
      reason: declaration.reason,
      start_ms: Date.parse(declaration.start),
      duration_ms: declaration.durationMs,
      rrule: declaration.rrule ?? null,
      slo_ids: declaration.sloIds ? JSON.stringify(declaration.sloIds) : null,
      created_by: createdBy,
      created_at_ms: nowMs,
      deleted_by: null,
      deleted_at_ms: null,
    };
    await this.db(TABLE).insert(row);
    return toAdjustment(row);
  }

  /**
   * Marks the entity's adjustment deleted; false when the entity has no
   * such adjustment (or it was deleted already).
   */
  async delete(
    entityRef: string,
    id: string,
    deletedBy: string,
    nowMs = Date.now(),
  ): Promise<boolean> {
    const updated = await this.db(TABLE)
      .where({ id, entity_ref: entityRef })
      .whereNull('deleted_at_ms')
      .update({ deleted_by: deletedBy, deleted_at_ms: nowMs });
    return updated > 0;
  }

  /** Every row of the entity, deleted ones included: the audit trail. */
  async history(
    entityRef: string,
  ): Promise<
    Array<SloAdjustment & { deletedBy?: string; deletedAt?: string }>
  > {
    const rows: Row[] = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('created_at_ms', 'asc');
    return rows.map(row => ({
      ...toAdjustment(row),
      ...(row.deleted_by ? { deletedBy: row.deleted_by } : {}),
      ...(row.deleted_at_ms !== null
        ? { deletedAt: new Date(Number(row.deleted_at_ms)).toISOString() }
        : {}),
    }));
  }
}

function toAdjustment(row: Row): SloAdjustment {
  return {
    id: row.id,
    source: 'stored',
    reason: row.reason,
    start: new Date(Number(row.start_ms)).toISOString(),
    durationMs: Number(row.duration_ms),
    ...(row.rrule ? { rrule: row.rrule } : {}),
    ...(row.slo_ids ? { sloIds: JSON.parse(row.slo_ids) as string[] } : {}),
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_at_ms)).toISOString(),
  };
}
