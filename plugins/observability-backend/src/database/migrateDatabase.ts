import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@sightline/plugin-observability-backend',
  'migrations',
);

/** How long a replica waits for another one's migrations before giving up. */
const MAX_WAIT_MS = 60_000;
const RETRY_DELAY_MS = 500;

const migrated = new WeakMap<DatabaseService, Promise<Knex>>();

/**
 * The plugin's database client, with its migrations applied: once per
 * process, and safely when several replicas start on an empty database at
 * the same moment. Knex refuses a migration run while another holds its lock
 * (`MigrationLocked`), and two first runs race to create knex's own tables;
 * both only mean "another replica is migrating", so this waits and tries
 * again until that replica is done.
 */
export function migrateDatabase(database: DatabaseService): Promise<Knex> {
  let client = migrated.get(database);
  if (!client) {
    client = connectAndMigrate(database);
    migrated.set(database, client);
    // A failed start may be retried with the same DatabaseService.
    client.catch(() => migrated.delete(database));
  }
  return client;
}

async function connectAndMigrate(database: DatabaseService): Promise<Knex> {
  // The pool belongs to the DatabaseService: closing it here would hang the
  // dev server's own shutdown hook, which saves in-memory SQLite databases
  // across restarts through that same pool.
  const client = await database.getClient();
  if (database.migrations?.skip) return client;
  const giveUpAt = Date.now() + MAX_WAIT_MS;
  for (;;) {
    try {
      await client.migrate.latest({ directory: migrationsDir });
      return client;
    } catch (error) {
      if (!isConcurrentMigration(error) || Date.now() > giveUpAt) throw error;
      await new Promise(resolve => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

/** Errors that mean another process is applying the same migrations. */
export function isConcurrentMigration(error: unknown): boolean {
  const err = error as { name?: string; code?: string; message?: string };
  if (err?.name === 'MigrationLocked') return true;
  // PostgreSQL: duplicate table (42P07), or the unique index on pg_type
  // (23505) that two concurrent CREATE TABLEs of one name collide on.
  if (err?.code === '42P07' || err?.code === '23505') return true;
  return /already (exists|locked)/i.test(err?.message ?? '');
}
