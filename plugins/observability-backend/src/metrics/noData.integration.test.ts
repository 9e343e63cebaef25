/**
 * What the RED routes say when there is nothing to show, against the local
 * stack's real Prometheus: which breakdowns a dialect supports (kbot's
 * messages have no route), and why a service has no series, as a
 * machine-readable `reason` the panels turn into words and a Diagnose link.
 * inventory's scrape target (job doctor-down) points at a port where
 * nothing listens, so Prometheus reports it down.
 */
import request from 'supertest';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import { startStackBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const API = '/api/observability/entities/component/default';

describe('RED without data, against the local stack', () => {
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    server = await startStackBackend(stack, [
      shopComponent('checkout', {
        'sightline.dev/metrics-dialect': 'prometheus-http',
      }),
      shopComponent('kbot', {
        'sightline.dev/metrics-dialect': 'custom',
        'sightline.dev/request-metric': 'kbot_messages_total',
        'sightline.dev/error-matcher': 'status="error"',
        'sightline.dev/duration-metric':
          'kbot_message_processing_duration_seconds',
      }),
      shopComponent('inventory'),
      shopComponent('nothing-here'),
    ]);
  });

  it.each([
    ['checkout', ['route', 'status']],
    ['kbot', ['status']],
  ])(
    'breaks %s down by what its metrics have labels for',
    async (name, breakdowns) => {
      // No `by`: the first breakdown the metrics support.
      const first = await request(server).get(`${API}/${name}/red/breakdown`);
      expect(first.status).toBe(200);
      expect(first.body.breakdowns).toEqual(breakdowns);
      expect(first.body.by).toBe(breakdowns[0]);
      expect(first.body.rows.length).toBeGreaterThan(0);
      for (const by of breakdowns) {
        const rows = await request(server)
          .get(`${API}/${name}/red/breakdown`)
          .query({ by });
        expect(rows.status).toBe(200);
        expect(rows.body.by).toBe(by);
      }
    },
  );

  it('refuses a breakdown the metrics have no label for, naming one they have', async () => {
    const res = await request(server)
      .get(`${API}/kbot/red/breakdown`)
      .query({ by: 'route' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'The custom dialect has no label naming the route; break down by status instead',
    );
  });

  it('says a service whose scrape target is down has its target down', async () => {
    for (const path of ['red', 'red/breakdown?by=status']) {
      const res = await request(server).get(`${API}/inventory/${path}`);
      expect(res.status).toBe(404);
      expect(res.body.error.reason).toBe('target-down');
      expect(res.body.error.message).toContain('every target is down');
      expect(res.body.error.message).toContain('127.0.0.1:9109');
    }
  });

  it('says a service Prometheus knows nothing of has no series', async () => {
    const res = await request(server).get(`${API}/nothing-here/red`);
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toBe('no-series');
    expect(res.body.error.message).toContain('no metric dialect was detected');
  });
});
