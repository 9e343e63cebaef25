import { rolloutVerdict, significantChanges } from './verdict';

const window = (
  requestRate: number,
  errorRatio: number,
  latencyP95: number,
) => ({ requestRate, errorRatio, latencyP95, from: 0, to: 1 });
const AT = Date.parse('2026-12-07T03:12:00Z');

describe('rolloutVerdict', () => {
  it('names each significant change and the rollout', () => {
    expect(
      rolloutVerdict(
        { at: AT, version: 'v1.8.2' },
        { before: window(10, 0.01, 0.2), after: window(10, 0.03, 0.284) },
      ),
    ).toEqual({
      verdict:
        'p95 +42%, error ratio ×3 after the 2026-12-07 03:12 UTC rollout of v1.8.2',
      change: 'p95 +42%, error ratio ×3',
      regressed: true,
    });
  });

  it('says nothing changed within the thresholds', () => {
    expect(
      rolloutVerdict(
        { at: AT },
        { before: window(10, 0.01, 0.2), after: window(12, 0.015, 0.23) },
      ),
    ).toEqual({
      verdict: 'no significant change after the 2026-12-07 03:12 UTC rollout',
      change: 'no significant change',
      regressed: false,
    });
  });

  it('says why there is nothing to compare', () => {
    expect(
      rolloutVerdict(
        { at: AT, version: '2.4.1' },
        { why: 'Prometheus is down' },
      ),
    ).toEqual({
      verdict:
        'not compared: Prometheus is down (the 2026-12-07 03:12 UTC rollout of 2.4.1)',
      change: 'not compared: Prometheus is down',
      regressed: false,
    });
  });
});

describe('significantChanges', () => {
  it('ignores a large relative p95 change of a few milliseconds', () => {
    expect(
      significantChanges(window(10, 0, 0.002), window(10, 0, 0.004)),
    ).toEqual([]);
  });

  it('ignores doubled error ratios under 0.1%', () => {
    expect(
      significantChanges(window(10, 0.0003, 0.1), window(10, 0.0009, 0.1)),
    ).toEqual([]);
  });

  it('reports errors appearing from none, and improvements', () => {
    expect(
      significantChanges(window(10, 0, 0.4), window(10, 0.02, 0.2)),
    ).toEqual([
      { text: 'p95 -50%', worse: false },
      { text: 'error ratio 0% → 2%', worse: true },
    ]);
  });

  it('reports traffic halving', () => {
    expect(significantChanges(window(10, 0, 0.1), window(4, 0, 0.1))).toEqual([
      { text: 'rate -60%', worse: true },
    ]);
  });
});
