import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseService } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { isConcurrentMigration, migrateDatabase } from './migrateDatabase';

jest.setTimeout(60_000);

const pgConnection =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

const databases = TestDatabases.create({
  ids: pgConnection ? ['SQLITE_3', 'POSTGRES_15'] : ['SQLITE_3'],
});

describe('migrateDatabase', () => {
  it.each(databases.eachSupportedId())(
    'creates the plugin tables once per DatabaseService on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const getClient = jest.fn(async () => knex);
      const database: DatabaseService = { getClient };

      const [a, b] = await Promise.all([
        migrateDatabase(database),
        migrateDatabase(database),
      ]);

      expect(a).toBe(knex);
      expect(b).toBe(knex);
      expect(getClient).toHaveBeenCalledTimes(1);
      expect(await knex.schema.hasTable('slo_daily_counts')).toBe(true);
      expect(await knex.schema.hasTable('slo_snapshots')).toBe(true);
    },
  );

  // Two replicas on an empty database: two connection pools to one
  // PostgreSQL database, each migrating as a replica's start-up does.
  // CI always has PostgreSQL (scripts/test.sh); SQLite has no second process.
  (pgConnection ? describe : describe.skip)('on PostgreSQL', () => {
    it('lets two replicas starting together on an empty database both come up', async () => {
      const admin = await databases.init('POSTGRES_15');
      const { database: name } = admin.client.config.connection as {
        database: string;
      };
      const replicas = [0, 1].map(() =>
        knexFactory({
          client: 'pg',
          connection: `${pgConnection!.replace(/\/[^/]*$/, '')}/${name}`,
          pool: { min: 0, max: 2 },
        }),
      );
      try {
        await Promise.all(
          replicas.map(client =>
            migrateDatabase({ getClient: async () => client }),
          ),
        );
        const applied = await admin('knex_migrations').select('name');
        // Each migration ran exactly once between the two replicas.
        expect(applied.map(r => r.name).sort()).toEqual(
          [...new Set(applied.map(r => r.name))].sort(),
        );
        expect(applied.length).toBeGreaterThanOrEqual(2);
      } finally {
        await Promise.all(replicas.map(client => client.destroy()));
      }
    });
  });

  it.each([
    [{ name: 'MigrationLocked', message: 'Migration table is already locked' }],
    [{ code: '42P07', message: 'relation "knex_migrations" already exists' }],
    [
      {
        code: '23505',
        message:
          'duplicate key value violates unique constraint "pg_type_typname_nsp_index"',
      },
    ],
  ])('treats %p as another replica migrating', error => {
    expect(isConcurrentMigration(error)).toBe(true);
  });

  it.each([
    [new Error('connect ECONNREFUSED 127.0.0.1:5432')],
    [{ code: '42601', message: 'syntax error at or near "TABEL"' }],
    [undefined],
  ])('does not retry %p', error => {
    expect(isConcurrentMigration(error)).toBe(false);
  });
});
