import { TestDatabases } from '@backstage/backend-test-utils';
import { SloNotificationStore } from './SloNotificationStore';

jest.setTimeout(60_000);

/* SQLite always; PostgreSQL 15 when its connection string is set (as CI does). */
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'],
});

const checkout = 'component:default/checkout';

describe('SloNotificationStore', () => {
  it.each(databases.eachSupportedId())(
    'lets one caller claim a transition away from a snapshot, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await SloNotificationStore.create({
        database: { getClient: async () => knex },
      });
      const claim = {
        entityRef: checkout,
        sloId: 'availability',
        fromEvaluatedAtMs: 1_765_000_000_000,
        toEvaluatedAtMs: 1_765_000_600_000,
        transitions: 'status:met>violated',
      };
      const [first, second] = await Promise.all([
        store.claim(claim),
        // Another replica measured a little differently from the same snapshot.
        store.claim({
          ...claim,
          toEvaluatedAtMs: 1_765_000_601_000,
          transitions: 'status:met>at-risk',
        }),
      ]);
      expect([first, second].sort()).toEqual([false, true]);
      // Another SLO, or the next snapshot, is another transition.
      expect(await store.claim({ ...claim, sloId: 'latency' })).toBe(true);
      expect(
        await store.claim({
          ...claim,
          fromEvaluatedAtMs: claim.toEvaluatedAtMs,
          toEvaluatedAtMs: claim.toEvaluatedAtMs + 600_000,
        }),
      ).toBe(true);

      // Claims of transitions to snapshots before the instant go.
      expect(await store.deleteClaimsBefore(claim.toEvaluatedAtMs - 1)).toBe(0);
      expect(await store.deleteClaimsBefore(claim.toEvaluatedAtMs + 1)).toBe(2);
      expect(await store.claim(claim)).toBe(true);
      expect(await store.claim({ ...claim, sloId: 'latency' })).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps each user’s mute of an entity, idempotently, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await SloNotificationStore.create({
        database: { getClient: async () => knex },
      });
      await store.setMuted(checkout, 'user:default/bob', true);
      await store.setMuted(checkout, 'user:default/bob', true);
      await store.setMuted(checkout, 'user:default/ada', true);
      await store.setMuted(
        'component:default/payments',
        'user:default/cy',
        true,
      );
      expect(await store.mutedUsers(checkout)).toEqual([
        'user:default/ada',
        'user:default/bob',
      ]);
      expect(await store.isMuted(checkout, 'user:default/bob')).toBe(true);
      expect(await store.isMuted(checkout, 'user:default/cy')).toBe(false);

      await store.setMuted(checkout, 'user:default/ada', false);
      await store.setMuted(checkout, 'user:default/ada', false);
      expect(await store.mutedUsers(checkout)).toEqual(['user:default/bob']);
    },
  );
});
