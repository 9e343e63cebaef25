import {
  formatHumanDuration,
  formatLatency,
  formatSloNumber,
  formatSloPercent,
  percentToRatio,
  ratioToPercent,
} from './format';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('formatHumanDuration', () => {
  it.each([
    [45_000, '45 s'],
    [43.2 * MINUTE, '43.2 min'],
    [21 * MINUTE, '21 min'],
    // 59.97 min rounds to 60.0 min, which is an hour.
    [59.97 * MINUTE, '1 h'],
    [190 * MINUTE, '3 h 10 min'],
    [3 * HOUR, '3 h'],
    [2 * DAY + 4 * HOUR, '2 d 4 h'],
    [30 * DAY, '30 d'],
    // 23 h 59 min 40 s rounds to 1,440 min: a day.
    [DAY - 20_000, '1 d'],
    [-21.6 * MINUTE, '-21.6 min'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatHumanDuration(ms)).toBe(text);
  });
});

describe('numbers', () => {
  it('trims trailing zeros', () => {
    expect(formatSloNumber(14.4)).toBe('14.4');
    expect(formatSloNumber(6.000000000000001)).toBe('6');
    expect(formatSloNumber(0.9333333, 2)).toBe('0.93');
    expect(formatSloNumber(-0.0001)).toBe('0');
  });

  it('writes percentages', () => {
    expect(formatSloPercent(0.99873)).toBe('99.873%');
    expect(formatSloPercent(0.25)).toBe('25%');
    expect(formatSloPercent(0.0010000000000000009)).toBe('0.1%');
  });

  it('writes latencies the way annotations do', () => {
    expect(formatLatency(0.25)).toBe('250ms');
    expect(formatLatency(0.0005)).toBe('0.5ms');
    expect(formatLatency(1.5)).toBe('1.5s');
    expect(formatLatency(10)).toBe('10s');
  });

  it('converts percent and ratio without binary noise', () => {
    // 99.9 / 100 = 0.9990000000000001 and 0.9995 × 100 = 99.94999999999999
    // in floating point.
    expect(percentToRatio(99.9)).toBe(0.999);
    expect(ratioToPercent(0.9995)).toBe(99.95);
    for (const percent of [90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999]) {
      expect(ratioToPercent(percentToRatio(percent))).toBe(percent);
    }
  });
});
