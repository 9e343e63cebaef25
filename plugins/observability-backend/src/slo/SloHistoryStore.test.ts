import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { SloHistoryStore } from './SloHistoryStore';

jest.setTimeout(60_000);

/*
 * SQLite always; PostgreSQL 15 when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (scripts/test.sh
 * sets it in CI).
 */
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : // Without the variable TestDatabases would try Docker, which CI lacks.
      ['SQLITE_3'],
});

async function storeFor(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database: DatabaseService = { getClient: async () => knex };
  return { store: await SloHistoryStore.create({ database }), knex };
}

const day = (d: string, good: number, total: number) => ({
  day: d,
  good,
  total,
  objective: 0.999,
  source: 'raw' as const,
});

describe('SloHistoryStore', () => {
  it.each(databases.eachSupportedId())(
    'stores, replaces, reads and expires daily counts on %p',
    async databaseId => {
      const { store } = await storeFor(databaseId);
      const ref = 'component:default/checkout';
      await store.upsert(ref, 'availability', [
        day('2026-11-01', 999_000, 1_000_000),
        day('2026-11-02', 998_500, 1_000_000),
        day('2026-11-03', 1000, 1000),
      ]);
      await store.upsert(ref, 'latency', [day('2026-11-02', 1, 2)]);
      // Upserting a day again replaces it (late samples).
      await store.upsert(ref, 'availability', [
        { ...day('2026-11-03', 1990, 2000), normalised: true },
      ]);

      expect(
        await store.dailyCounts(
          ref,
          'availability',
          '2026-11-02',
          '2026-11-30',
        ),
      ).toEqual([
        day('2026-11-02', 998_500, 1_000_000),
        { ...day('2026-11-03', 1990, 2000), normalised: true },
      ]);
      expect([
        ...(await store.storedDays(
          ref,
          'availability',
          '2026-11-01',
          '2026-11-02',
        )),
      ]).toEqual(['2026-11-01', '2026-11-02']);

      // 150 days in one call: chunked under SQLite's variable limit.
      const many = Array.from({ length: 150 }, (_, i) =>
        day(
          new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
          9,
          10,
        ),
      );
      await store.upsert(ref, 'bulk', many);
      expect(
        await store.dailyCounts(ref, 'bulk', '2025-01-01', '2025-12-31'),
      ).toHaveLength(150);

      // Retention: everything before the day goes, for every SLO.
      expect(await store.deleteBefore('2026-11-02')).toBe(151);
      expect(
        await store.dailyCounts(
          ref,
          'availability',
          '2000-01-01',
          '2100-01-01',
        ),
      ).toHaveLength(2);
      expect(
        await store.dailyCounts(ref, 'latency', '2000-01-01', '2100-01-01'),
      ).toHaveLength(1);
    },
  );
});
