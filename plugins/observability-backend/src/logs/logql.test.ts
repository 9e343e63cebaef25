import { auditLogQL } from '../__testUtils__/logqlAudit';
import { buildLogQueries } from './logql';

const SELECTOR = '{namespace="shop", app="checkout"}';
const ENTITY = [
  { name: 'namespace', op: '=', value: 'shop' },
  { name: 'app', op: '=', value: 'checkout' },
];

describe('buildLogQueries', () => {
  it('builds the plain lines and volume queries', () => {
    expect(buildLogQueries(SELECTOR, {}, 60_000)).toEqual({
      lines: SELECTOR,
      volume: `sum by (level) (count_over_time(${SELECTOR} | json level="level" | drop __error__, __error_details__ [1m]))`,
    });
  });

  it('adds line filters and a level filter in a fixed order', () => {
    const { lines, volume } = buildLogQueries(
      SELECTOR,
      {
        contains: 'timeout',
        traceId: 'b8c690f0435d95e371eb87eb9f578cb7',
        levels: ['fatal', 'warn'],
      },
      300_000,
    );
    expect(lines).toBe(
      `${SELECTOR} |= "timeout" |= "b8c690f0435d95e371eb87eb9f578cb7" | json level="level" | level=~"(?i)warn|warning|fatal|critical|crit|panic|emerg|emergency|alert"`,
    );
    expect(volume).toContain('[5m]))');
    for (const query of [lines, volume]) {
      const audit = auditLogQL(query);
      expect(audit.selectors).toEqual([ENTITY]);
      expect(audit.lineFilters).toEqual([
        { op: '|=', values: ['timeout'] },
        { op: '|=', values: ['b8c690f0435d95e371eb87eb9f578cb7'] },
      ]);
      expect(audit.labelFilters).toEqual([
        {
          name: 'level',
          op: '=~',
          value:
            '(?i)warn|warning|fatal|critical|crit|panic|emerg|emergency|alert',
        },
      ]);
    }
  });

  it.each([
    '"} or vector(1) or {',
    '\\"} |~ ".*" {a="',
    'line\nbreak" | json',
    '|~ ".*"',
    '`raw` \t tab \r',
    '日本語 🚀 \\',
  ])('keeps %j one escaped line filter', contains => {
    const { lines, volume } = buildLogQueries(SELECTOR, { contains }, 60_000);
    for (const query of [lines, volume]) {
      const audit = auditLogQL(query);
      expect(audit.selectors).toEqual([ENTITY]);
      expect(audit.lineFilters).toEqual([{ op: '|=', values: [contains] }]);
    }
    expect(auditLogQL(lines).stages).toEqual(['LineFilters']);
    expect(auditLogQL(volume).functions).toEqual(['sum', 'count_over_time']);
  });
});
