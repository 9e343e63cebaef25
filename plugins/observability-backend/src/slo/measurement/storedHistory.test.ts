import { SloDefinition } from '@sightline/plugin-observability-common';
import { MeasuredDay } from './SloMeasurement';
import { withStoredDays } from './storedHistory';

const DAY_MS = 86_400_000;
const DAY0 = Date.parse('2026-11-01T00:00:00Z');
const definition = { id: 'availability', objective: 0.999 } as SloDefinition;

const day = (i: number, good: number, total: number): MeasuredDay => ({
  day: new Date(DAY0 + i * DAY_MS).toISOString().slice(0, 10),
  startMs: DAY0 + i * DAY_MS,
  endMs: DAY0 + (i + 1) * DAY_MS,
  good,
  total,
  objective: 0.999,
});

describe('withStoredDays', () => {
  it('keeps Prometheus’ figures for days with an excluded period, as stored days are unadjusted', async () => {
    // Prometheus' days have the excluded hour of day 1 taken out.
    const measured = [day(0, 990, 1000), day(1, 950, 958), day(2, 995, 1000)];
    const history = {
      dailyCounts: async () =>
        [day(0, 991, 1000), day(1, 900, 1000), day(2, 996, 1000)].map(
          ({ startMs, endMs, ...d }) => d,
        ),
    };
    const stored = await withStoredDays({
      history,
      entityRef: 'component:default/checkout',
      definition,
      days: measured,
      measurements: { window: { good: 2935, total: 2958 } },
      countsNormalised: false,
      spanMs: 3 * DAY_MS,
      excluded: [
        {
          startMs: DAY0 + DAY_MS + 3_600_000,
          endMs: DAY0 + DAY_MS + 7_200_000,
        },
      ],
    });
    expect(stored!.days.map(d => [d.good, d.total])).toEqual([
      [991, 1000],
      [950, 958],
      [996, 1000],
    ]);
  });
});
