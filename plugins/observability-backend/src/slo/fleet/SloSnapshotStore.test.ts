import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  SloDefinition,
  SloEvaluation,
  computeSloStatus,
} from '@sightline/plugin-observability-common';
import { SloHistoryStore } from '../SloHistoryStore';
import { SloSnapshotStore } from './SloSnapshotStore';

jest.setTimeout(60_000);

/* SQLite always; PostgreSQL 15 when its connection string is set (as CI does). */
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'],
});

const definition = (id: string): SloDefinition =>
  ({
    id,
    name: id === 'availability' ? 'Availability' : 'Latency',
    sli: id === 'availability' ? 'availability' : 'latency',
    objective: 0.999,
    objectivePercent: 99.9,
    windowMs: 30 * 86_400_000,
    source: 'annotation',
    indicator: { type: 'dialect' },
  } as SloDefinition);

const evaluation = (id: string, bad: number): SloEvaluation => ({
  definition: definition(id),
  source: 'raw',
  status: computeSloStatus(definition(id), {
    window: { good: 100_000 - bad, total: 100_000 },
    errorRatios: { '5m': bad / 100_000, '1h': bad / 100_000 },
  }),
  explanations: [],
  burnDown: [],
  problems: [],
});

describe('SloSnapshotStore', () => {
  it.each(databases.eachSupportedId())(
    'keeps the latest snapshot per entity and SLO, and forgets what is gone, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const database: DatabaseService = { getClient: async () => knex };
      // Both stores migrate the same directory, in either order.
      await SloHistoryStore.create({ database });
      const store = await SloSnapshotStore.create({ database });
      const checkout = 'component:default/checkout';
      const payments = 'component:default/payments';
      const gone = 'component:default/gone';
      await store.upsert([
        {
          entityRef: checkout,
          evaluation: evaluation('availability', 10),
          measuredBy: 'batch',
          evaluatedAtMs: 1_000,
        },
        {
          entityRef: gone,
          evaluation: evaluation('availability', 10),
          measuredBy: 'batch',
          evaluatedAtMs: 1_000,
        },
        {
          entityRef: payments,
          evaluation: evaluation('availability', 10),
          measuredBy: 'batch',
          evaluatedAtMs: 1_000,
        },
      ]);
      // The next run: checkout again (worse), payments failed to evaluate.
      await store.upsert([
        {
          entityRef: checkout,
          evaluation: evaluation('availability', 500),
          measuredBy: 'batch',
          evaluatedAtMs: 2_000,
        },
        {
          entityRef: checkout,
          evaluation: evaluation('latency', 0),
          measuredBy: 'entity',
          evaluatedAtMs: 2_000,
        },
      ]);
      expect(await store.deleteOlderThan(2_000, [payments])).toBe(1);

      const stored = await store.forEntities([checkout, payments, gone]);
      expect([...stored.keys()].sort()).toEqual([checkout, payments]);
      expect(
        stored
          .get(checkout)!
          .map(s => [
            s.evaluation.definition.id,
            s.evaluation.status?.status,
            s.measuredBy,
            s.evaluatedAtMs,
          ]),
      ).toEqual([
        ['availability', 'violated', 'batch', 2_000],
        ['latency', 'met', 'entity', 2_000],
      ]);
      expect(stored.get(checkout)![0].evaluation).toEqual(
        evaluation('availability', 500),
      );
      // The columns other readers (notifications, scorecards) filter on.
      const row = await knex('slo_snapshots')
        .where({ entity_ref: checkout, slo_id: 'availability' })
        .first();
      expect(row).toMatchObject({
        slo_name: 'Availability',
        status: 'violated',
        budget_remaining: evaluation('availability', 500).status!.budget
          .remaining,
      });
      expect(JSON.parse(row.alerts).length).toBeGreaterThan(0);
      expect(JSON.parse(row.burn_rates)).toEqual(
        evaluation('availability', 500).status!.burnRates,
      );
      expect(stored.get(payments)![0].evaluatedAtMs).toBe(1_000);
    },
  );
});
