import { TestDatabases } from '@backstage/backend-test-utils';
import { SloAdjustmentStore } from './SloAdjustmentStore';

jest.setTimeout(60_000);

/* SQLite always; PostgreSQL 15 when its connection string is set (as CI does). */
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'],
});

describe('SloAdjustmentStore', () => {
  it.each(databases.eachSupportedId())(
    'keeps every adjustment with who created and who deleted it, listing only live ones of the entity, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await SloAdjustmentStore.create({
        database: { getClient: async () => knex },
      });
      const checkout = 'component:default/checkout';
      const weekly = await store.add(
        checkout,
        {
          reason: 'Weekly maintenance',
          start: '2026-11-01T02:00:00.000Z',
          durationMs: 3_600_000,
          rrule: 'FREQ=WEEKLY;BYDAY=SU',
          sloIds: ['availability'],
        },
        'user:default/alice',
        Date.parse('2026-11-20T10:00:00Z'),
      );
      const once = await store.add(
        checkout,
        {
          reason: 'Load test',
          start: '2026-11-12T10:00:00.000Z',
          durationMs: 1_800_000,
        },
        'user:default/bob',
        Date.parse('2026-11-20T11:00:00Z'),
      );
      await store.add(
        'component:default/payments',
        { reason: 'Other', start: '2026-11-12T10:00:00.000Z', durationMs: 1 },
        'user:default/bob',
      );
      expect(await store.list(checkout)).toEqual([weekly, once]);
      expect(weekly).toMatchObject({
        source: 'stored',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        sloIds: ['availability'],
        createdBy: 'user:default/alice',
        createdAt: '2026-11-20T10:00:00.000Z',
      });

      // Another entity's adjustment cannot be deleted through this one.
      expect(
        await store.delete(
          'component:default/payments',
          once.id,
          'user:default/eve',
        ),
      ).toBe(false);
      expect(
        await store.delete(
          checkout,
          once.id,
          'user:default/carol',
          Date.parse('2026-11-21T09:00:00Z'),
        ),
      ).toBe(true);
      expect(await store.delete(checkout, once.id, 'user:default/carol')).toBe(
        false,
      );
      expect(await store.list(checkout)).toEqual([weekly]);
      expect(await store.history(checkout)).toEqual([
        weekly,
        {
          ...once,
          deletedBy: 'user:default/carol',
          deletedAt: '2026-11-21T09:00:00.000Z',
        },
      ]);
    },
  );
});
