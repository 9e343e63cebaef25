import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['30d', 2_592_000_000],
    ['250ms', 250],
    [' 2w ', 1_209_600_000],
  ])('parses %s', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['', '30', 'd', '-5m', '1.5h', '5 m', '0s', '10x', '5m; drop'])(
    'refuses %j',
    input => {
      expect(parseDuration(input)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it('round-trips through parseDuration', () => {
    for (const ms of [
      1, 999, 1_000, 90_000, 3_600_000, 2_592_000_000, 93_784_005,
    ]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });

  it('refuses non-positive values', () => {
    expect(() => formatDuration(0)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});
