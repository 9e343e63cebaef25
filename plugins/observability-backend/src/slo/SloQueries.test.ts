import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { dailyParts, offsetBy } from './SloQueries';

const DAY_MS = 86_400_000;

function parsesCleanly(expr: string): boolean {
  let clean = true;
  promqlParser.parse(expr).iterate({
    enter: node => {
      if (node.type.isError) clean = false;
    },
  });
  return clean;
}

describe('offsetBy', () => {
  it('puts the offset on every selector, after its range, so every engine evaluates it', () => {
    const shifted = offsetBy(
      'sum(increase(http_requests_total{service="checkout",code=~"5.."}[23h4m])) / sum(increase(http_requests_total{service="checkout"}[23h4m]))',
      DAY_MS + 1500,
    );
    expect(shifted).toBe(
      'sum(increase(http_requests_total{service="checkout",code=~"5.."}[23h4m] offset 1d1s500ms)) / sum(increase(http_requests_total{service="checkout"}[23h4m] offset 1d1s500ms))',
    );
    expect(parsesCleanly(shifted)).toBe(true);
  });

  it('shifts instant selectors and subqueries once each, and leaves constants and strings alone', () => {
    expect(
      offsetBy(
        'label_replace((sum(rate(x[5m])[1h:1m]) or vector(0)) * on() group_left up{job="a{b}"}, "l", "{x}", "", "")',
        DAY_MS,
      ),
    ).toBe(
      'label_replace((sum(rate(x[5m])[1h:1m] offset 1d) or vector(0)) * on() group_left up{job="a{b}"} offset 1d, "l", "{x}", "", "")',
    );
  });

  it('leaves the expression as it is at the instant itself', () => {
    expect(offsetBy('sum(x)', 0)).toBe('sum(x)');
  });

  it.each([
    ['an offset already there', 'sum(rate(x[5m] offset 1h))'],
    ['an @ modifier', 'sum(rate(x[5m] @ 1700000000))'],
    ['the evaluation time', 'time() - max(x)'],
    ['the evaluation hour', 'hour() > 8 and on() sum(x)'],
  ])(
    'evaluates an expression with %s at the earlier instant as a whole',
    (_what, expr) => {
      expect(offsetBy(expr, DAY_MS)).toBe(
        `last_over_time((${expr})[1ms:1ms] offset 1d)`,
      );
    },
  );
});

describe('dailyParts', () => {
  it('evaluates each day over its own span at its own end', () => {
    const atMs = 10 * DAY_MS;
    const parts = dailyParts(
      [
        {
          day: '1970-01-09',
          startMs: 8 * DAY_MS + 3_600_000,
          endMs: 9 * DAY_MS,
        },
        { day: '1970-01-10', startMs: 9 * DAY_MS, endMs: atMs },
      ],
      atMs,
      { total: range => `sum(increase(x[${range}]))` },
    );
    expect(parts).toEqual({
      'day 0 total': 'sum(increase(x[23h] offset 1d))',
      'day 1 total': 'sum(increase(x[1d]))',
    });
  });
});
