import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';

const CLAIMS = 'slo_transition_claims';
const MUTES = 'slo_notification_mutes';

/** One SLO's change between two fleet snapshots. */
export interface SloTransitionClaim {
  entityRef: string;
  sloId: string;
  /** The instant of the snapshot the SLO changed from. */
  fromEvaluatedAtMs: number;
  toEvaluatedAtMs: number;
  /** `transitionsKey` of what changed. */
  transitions: string;
}

/** A key that is already there: PostgreSQL, SQLite, MySQL. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return (
    code === '23505' ||
    code.startsWith('SQLITE_CONSTRAINT') ||
    code === 'ER_DUP_ENTRY'
  );
}

/**
 * The database side of owner notifications: which SLO transitions have
 * been claimed for notifying, and who muted which entity.
 */
export class SloNotificationStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<SloNotificationStore> {
    return new SloNotificationStore(await migrateDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Claims the transition of an SLO away from one snapshot; true for the
   * one caller that inserts it first. The key is the entity, the SLO and
   * the instant it changed from: two replicas that evaluate at once read
   * the same previous snapshot, and only one of them wins the insert, even
   * if they measured slightly different figures; a later evaluation starts
   * from a newer snapshot, so an unchanged status claims nothing.
   */
  async claim(claim: SloTransitionClaim): Promise<boolean> {
    try {
      await this.db(CLAIMS).insert({
        entity_ref: claim.entityRef,
        slo_id: claim.sloId,
        from_evaluated_at_ms: claim.fromEvaluatedAtMs,
        to_evaluated_at_ms: claim.toEvaluatedAtMs,
        transitions: claim.transitions,
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * Forgets claims of transitions to snapshots taken before `beforeMs`:
   * those snapshots are long replaced. (By the epoch-ms instant, not
   * `claimed_at`: SQLite keeps that as text, which no bound date compares
   * with.)
   */
  async deleteClaimsBefore(beforeMs: number): Promise<number> {
    return this.db(CLAIMS).where('to_evaluated_at_ms', '<', beforeMs).delete();
  }

  async isMuted(entityRef: string, userRef: string): Promise<boolean> {
    const row = await this.db(MUTES)
      .where({ entity_ref: entityRef, user_ref: userRef })
      .first('user_ref');
    return row !== undefined;
  }

  /** Mutes or unmutes an entity's SLO notifications for one user; idempotent. */
  async setMuted(
    entityRef: string,
    userRef: string,
    muted: boolean,
  ): Promise<void> {
    const key = { entity_ref: entityRef, user_ref: userRef };
    if (muted) {
      await this.db(MUTES)
        .insert(key)
        .onConflict(['entity_ref', 'user_ref'])
        .ignore();
    } else {
      await this.db(MUTES).where(key).delete();
    }
  }

  /** The users who muted the entity. */
  async mutedUsers(entityRef: string): Promise<string[]> {
    const rows = await this.db(MUTES)
      .where({ entity_ref: entityRef })
      .orderBy('user_ref')
      .select('user_ref');
    return rows.map(r => r.user_ref);
  }
}
