/**
 * A custom-dialect metric named like a PromQL keyword, through the RED and
 * SLO routes against the REAL Prometheus of the local stack: every query the
 * backend sends selects the metric by `__name__` and Prometheus accepts it
 * (unquoted, `on{...}`, `NaN{...}` and `atan2{...}` are parse errors there).
 */
import { OBSERVABILITY_ANNOTATIONS as A } from '@sightline/plugin-observability-common';
import request from 'supertest';
import {
  startStackBackend,
  stackQuery,
} from '../__testUtils__/localStackBackend';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { promqlSelectors } from '../__testUtils__/queryAudit';
import { RecordingProxy } from '../__testUtils__/RecordingProxy';

jest.setTimeout(240_000);

const KEYWORDS = [
  ...['NaN', 'Inf', 'bool', 'on', 'ignoring', 'group_left', 'offset'],
  ...['by', 'without', 'and', 'unless', 'atan2', 'sum', 'start', 'END'],
];

describe('a metric named like a PromQL keyword', () => {
  let stack: LocalStack;
  let prometheus: RecordingProxy;
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    stack = await ensureLocalStack();
    prometheus = await new RecordingProxy(stack.urls.prometheus).start();
    server = await startStackBackend(
      stack,
      KEYWORDS.map(keyword =>
        shopComponent(`metric-${keyword.toLowerCase().replace('_', '-')}`, {
          [A.metricsDialect]: 'custom',
          [A.requestMetric]: keyword,
          [A.errorMatcher]: 'code=~"5.."',
          [A.sloAvailability]: '99.9',
        }),
      ),
      { prometheus: { url: prometheus.url } },
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it.each(KEYWORDS)(
    'is selected as {__name__="%s"} in every query, and Prometheus accepts them',
    async keyword => {
      prometheus.requests.length = 0;
      const entity = `/api/observability/entities/component/default/metric-${keyword
        .toLowerCase()
        .replace('_', '-')}`;
      for (const route of ['red', 'slos']) {
        const res = await request(server).get(`${entity}/${route}`);
        expect(res.status).toBe(200);
      }
      const queries = prometheus.requests.flatMap(r =>
        r.params.filter(([k]) => k === 'query').map(([, q]) => q),
      );
      const ofMetric = queries.filter(q => q.includes(`"${keyword}"`));
      expect(ofMetric.length).toBeGreaterThan(0);
      for (const query of ofMetric) {
        const selectors = promqlSelectors(query).filter(s =>
          s.matchers.some(m => m.name === '__name__'),
        );
        expect(selectors.length).toBeGreaterThan(0);
        for (const s of selectors) {
          expect(s.metric).toBeUndefined();
          expect(s.matchers[0]).toEqual({
            name: '__name__',
            op: '=',
            value: keyword,
          });
        }
        // Straight to Prometheus: a parse error would throw here.
        await stackQuery(stack, query);
      }
    },
  );
});
