import { createTimeFormatter } from './timeFormat';
import { resolveTimeRange as resolveIn } from './timeRange';

const utc = createTimeFormatter('utc', { locale: 'en-US' });
const resolveTimeRange = (params: URLSearchParams, nowMs: number) =>
  resolveIn(params, nowMs, utc);

const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('resolveTimeRange', () => {
  it('defaults to the last hour', () => {
    expect(resolveTimeRange(new URLSearchParams(), NOW)).toMatchObject({
      from: NOW - 3_600_000,
      to: NOW,
      key: '1h',
    });
  });

  it('resolves a preset against now', () => {
    expect(
      resolveTimeRange(new URLSearchParams('range=7d'), NOW),
    ).toMatchObject({ from: NOW - 7 * 86_400_000, to: NOW, key: '7d' });
  });

  it('keeps an absolute range given as ISO times or epoch milliseconds', () => {
    const iso = new URLSearchParams(
      'from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z',
    );
    expect(resolveTimeRange(iso, NOW)).toMatchObject({
      from: Date.parse('2026-11-20T00:00:00Z'),
      to: Date.parse('2026-11-21T00:00:00Z'),
      key: 'custom',
      label: 'Nov 20, 12:00 AM – Nov 21, 12:00 AM',
    });
    const epoch = new URLSearchParams('from=1000&to=2000');
    expect(resolveTimeRange(epoch, NOW)).toMatchObject({
      from: 1000,
      to: 2000,
    });
  });

  it.each(['range=1y', 'from=2026-11-21&to=2026-11-20', 'from=garbage&to=1'])(
    'falls back to the default for %s',
    query => {
      expect(resolveTimeRange(new URLSearchParams(query), NOW).key).toBe('1h');
    },
  );
});
