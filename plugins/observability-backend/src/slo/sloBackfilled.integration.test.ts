/**
 * SLOs over history backfilled into a REAL Prometheus of this test's own
 * (ScratchPrometheus: /usr/bin/prometheus on a free port, its own data
 * directory, started and stopped here): calendar windows in Europe/Berlin
 * across a daylight-saving change, Sloth recording rules that have
 * recorded for the whole 30-day window (`promtool tsdb create-blocks-from
 * rules`), and a service that has been quiet for hours before the instant.
 *
 * The data is a model simple enough to count by hand: service `steady`
 * serves 1,000 requests a minute from 1 February to 5 April 2026; 100 of
 * them fail each minute before 1 March 00:00 in Berlin (28 February 23:00
 * UTC), 50 during an incident on 10 March 12:00–14:00 UTC, and 1 otherwise.
 * Samples are at whole minutes and every instant below is a whole minute,
 * so Prometheus' `increase` reads samples at both ends and extrapolates
 * nothing: counts are exact (1e-9 relative). Every expected figure comes
 * from `counts` below, and every boundary is written out from the zone's
 * rules (CET is UTC+1, CEST UTC+2 from 29 March 01:00 UTC).
 */
import {
  DiagnosisResponse,
  EntitySlosResponse,
  SloReportResponse,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
import { ScratchPrometheus } from '../__testUtils__/scratchPrometheus';
import { shopComponent } from '../__testUtils__/entities';
import { expectClose } from '../__testUtils__/expectClose';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(300_000);

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ms = Date.parse;
const iso = (t: number) => new Date(t).toISOString();

const START = ms('2026-02-01T00:00:00Z');
const END = ms('2026-04-05T00:00:00Z');
/** 1 March 2026 00:00 in Berlin (CET). */
const MARCH = ms('2026-02-28T23:00:00Z');
/** 1 April 2026 00:00 in Berlin (CEST). */
const APRIL = ms('2026-03-31T22:00:00Z');
const INCIDENT = {
  startMs: ms('2026-03-10T12:00:00Z'),
  endMs: ms('2026-03-10T14:00:00Z'),
};
const REQUESTS_PER_MINUTE = 1000;

function errorsInMinute(t: number): number {
  if (t < MARCH) return 100;
  if (t >= INCIDENT.startMs && t < INCIDENT.endMs) return 50;
  return 1;
}

/** Requests and errors the model gives over [from, to), whole minutes. */
function counts(from: number, to: number) {
  let errors = 0;
  for (let t = from; t < to; t += MINUTE_MS) errors += errorsInMinute(t);
  return { requests: ((to - from) / MINUTE_MS) * REQUESTS_PER_MINUTE, errors };
}

/** The model as OpenMetrics: two counters, one sample a minute. */
function openMetrics(): string {
  const lines = ['# TYPE http_requests counter'];
  for (const status of ['200', '500']) {
    let total = 0;
    for (let t = START; t <= END; t += MINUTE_MS) {
      lines.push(
        `http_requests_total{namespace="scratch",service="steady",status="${status}"} ${total} ${
          t / 1000
        }`,
      );
      const errors = errorsInMinute(t);
      total += status === '500' ? errors : REQUESTS_PER_MINUTE - errors;
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

const SELECTOR = 'namespace="scratch", service="steady"';
const steady = (name: string, annotations: Record<string, string>) =>
  shopComponent(name, {
    'sightline.dev/prometheus-selector': SELECTOR,
    'sightline.dev/slo-availability': '99',
    ...annotations,
  });

// Sloth's rules for steady-rules/availability, as Sloth writes them
// (slok/sloth internal/prometheus/recording_rules.go): an error ratio per
// window, and the window's ratio as the mean of the 5m ratios over it.
const SLOTH = {
  sloth_id: 'steady-rules-availability',
  sloth_service: 'steady-rules',
  sloth_slo: 'availability',
};
const slothRatio = (window: string) => ({
  record: `slo:sli_error:ratio_rate${window}`,
  expr: `(sum(rate(http_requests_total{${SELECTOR}, status=~"5.."}[${window}]))) / (sum(rate(http_requests_total{${SELECTOR}}[${window}])))`,
  labels: { ...SLOTH, sloth_window: window },
});
const slothSelector = `{sloth_id="${SLOTH.sloth_id}", sloth_service="${SLOTH.sloth_service}", sloth_slo="${SLOTH.sloth_slo}"}`;
const SLOTH_WINDOW_RULE = {
  record: 'slo:sli_error:ratio_rate30d',
  expr: `sum_over_time(slo:sli_error:ratio_rate5m${slothSelector}[30d]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m${slothSelector}[30d])`,
  labels: { ...SLOTH, sloth_window: '30d' },
};
/** Where the Sloth rules are read: 25 days after the incident. */
const RULES_AT = ms('2026-04-04T12:00:00Z');

describe('SLOs over history backfilled into a Prometheus of the test’s own', () => {
  let prometheus: ScratchPrometheus;
  let server: Awaited<ReturnType<typeof startObservabilityBackend>>['server'];

  beforeAll(async () => {
    prometheus = await ScratchPrometheus.start();
    await prometheus.backfillOpenMetrics(openMetrics());
    // The 5m rule over the whole window first: the window rule reads it.
    await prometheus.backfillRules(
      [{ name: 'sloth-5m', interval: '1m', rules: [slothRatio('5m')] }],
      {
        startMs: RULES_AT - 30 * DAY_MS - 10 * MINUTE_MS,
        endMs: RULES_AT + MINUTE_MS,
      },
    );
    await prometheus.backfillRules(
      [
        {
          name: 'sloth-windows',
          interval: '1m',
          rules: [
            ...['30m', '1h', '2h', '6h', '1d', '3d'].map(slothRatio),
            SLOTH_WINDOW_RULE,
          ],
        },
      ],
      { startMs: RULES_AT - 5 * MINUTE_MS, endMs: RULES_AT + MINUTE_MS },
    );
    ({ server } = await startObservabilityBackend({
      entities: [
        steady('steady-month', {
          'sightline.dev/metrics-dialect': 'prometheus-http',
          'sightline.dev/slo-window': 'calendar-month Europe/Berlin',
        }),
        steady('steady-week', {
          'sightline.dev/metrics-dialect': 'prometheus-http',
          'sightline.dev/slo-window': 'calendar-week',
        }),
        steady('steady-rules', {
          'sightline.dev/metrics-dialect': 'prometheus-http',
          'sightline.dev/slo-window': '30d',
        }),
        // No dialect: detected (`auto`, the default).
        steady('steady-auto', { 'sightline.dev/slo-window': '7d' }),
      ],
      observability: {
        clusters: [{ name: 'local', prometheus: { url: prometheus.url } }],
      },
    }));
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  const path = (name: string) =>
    `/api/observability/entities/component/default/${name}`;

  /** An instant query straight to the test's Prometheus. */
  async function query(promql: string, at: number) {
    const res = await fetch(`${prometheus.url}/api/v1/query`, {
      method: 'POST',
      body: new URLSearchParams({ query: promql, time: String(at / 1000) }),
    });
    const body = (await res.json()) as {
      data: { result: Array<{ value: [number, string] }> };
    };
    return body.data.result;
  }

  async function slosAt(name: string, at?: number) {
    const res = await request(server)
      .get(`${path(name)}/slos`)
      .query(at === undefined ? {} : { at: iso(at) });
    expect(res.status).toBe(200);
    return (res.body as EntitySlosResponse).slos[0];
  }

  describe('calendar windows', () => {
    it('counts from 1 March 00:00 in Berlin, not the February before it: the budget resets', async () => {
      const at = ms('2026-03-01T05:00:00Z');
      // Six hours of March: 360,000 requests, 360 errors; 0.1% / 1% = 10%
      // of the budget. The rolling day before had 10% errors.
      const march = counts(MARCH, at);
      expect(march).toEqual({ requests: 360_000, errors: 360 });
      const slo = await slosAt('steady-month', at);
      expect(slo.problems).toEqual([]);
      const status = slo.status!;
      expect(status.period).toEqual({
        start: '2026-02-28T23:00:00.000Z',
        end: '2026-03-31T22:00:00.000Z',
      });
      // March in Berlin lasts 31 days less the hour summer time takes.
      expect(status.windowMs).toBe(31 * DAY_MS - HOUR_MS);
      expectClose(status.budget.allowedMs, 0.01 * (31 * DAY_MS - HOUR_MS));
      expectClose(status.total, march.requests);
      expectClose(status.total - status.good, march.errors);
      expectClose(
        status.budget.remaining,
        1 - march.errors / march.requests / 0.01,
      );
      expect(status.status).toBe('met');
      expect(slo.burnDown).toEqual([
        {
          day: '2026-03-01',
          until: iso(at),
          consumed: expect.closeTo(0.1, 9),
          remaining: expect.closeTo(0.9, 9),
          sli: expect.closeTo(0.999, 12),
        },
      ]);
      expect(slo.explanations.find(e => e.topic === 'sli')?.text).toMatch(
        /^Over this calendar month \(since 2026-03-01 00:00 Europe\/Berlin\), 99\.9% of requests succeeded \(359,640 of 360,000\)/,
      );
    });

    it('runs to the instant at the end of the month, its days cut at Berlin midnights, and the report agrees', async () => {
      const at = ms('2026-03-31T21:00:00Z');
      const march = counts(MARCH, at);
      // 742 hours; 44,520 errors at 1 a minute and 120 × 49 more in the incident.
      expect(march).toEqual({ requests: 44_520_000, errors: 50_400 });
      const remaining = 1 - march.errors / march.requests / 0.01;
      const slo = await slosAt('steady-month', at);
      expectClose(slo.status!.budget.remaining, remaining);
      expect(slo.status!.status).toBe('met');

      // 31 local days; 29 March has 23 hours, the 31st is cut at the instant.
      const days = slo.burnDown;
      expect(days.map(d => d.day)).toEqual(
        Array.from(
          { length: 31 },
          (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`,
        ),
      );
      const allowed = 0.01 * march.requests;
      const day = (d: string) => days.find(p => p.day === d)!;
      expectClose(day('2026-03-28').consumed, (24 * 60) / allowed);
      expectClose(day('2026-03-29').consumed, (23 * 60) / allowed);
      expectClose(day('2026-03-10').consumed, (24 * 60 + 120 * 49) / allowed);
      expect(days[30].until).toBe(iso(at));
      expectClose(days[30].remaining, remaining);

      const res = await request(server)
        .get(`${path('steady-month')}/slos/report`)
        .query({ at: iso(at) });
      expect(res.status).toBe(200);
      const [row] = (res.body as SloReportResponse).rows;
      expect(row).toMatchObject({
        from: '2026-02-28T23:00:00.000Z',
        to: iso(at),
        status: 'met',
        worstDay: { day: '2026-03-10' },
      });
      expectClose(row.budgetRemaining, remaining);
      expectClose(row.actualPercent, (1 - march.errors / march.requests) * 100);
    });

    it('starts April at 22:00 UTC on 31 March with a whole budget', async () => {
      const at = APRIL + 30 * MINUTE_MS;
      const april = counts(APRIL, at);
      expect(april).toEqual({ requests: 30_000, errors: 30 });
      const slo = await slosAt('steady-month', at);
      expect(slo.status!.period).toEqual({
        start: '2026-03-31T22:00:00.000Z',
        end: '2026-04-30T22:00:00.000Z',
      });
      expectClose(slo.status!.total, april.requests);
      expectClose(slo.status!.budget.remaining, 0.9);
    });

    it('counts a calendar week from Monday 00:00 UTC', async () => {
      // Wednesday 4 March, noon: two and a half days of the week.
      const at = ms('2026-03-04T12:00:00Z');
      const monday = ms('2026-03-02T00:00:00Z');
      const week = counts(monday, at);
      expect(week).toEqual({ requests: 3_600_000, errors: 3_600 });
      const slo = await slosAt('steady-week', at);
      expect(slo.status!.period).toEqual({
        start: iso(monday),
        end: iso(monday + 7 * DAY_MS),
      });
      expect(slo.status!.windowMs).toBe(7 * DAY_MS);
      expectClose(slo.status!.total, week.requests);
      expectClose(slo.status!.budget.remaining, 0.9);
      expect(slo.burnDown.map(d => d.day)).toEqual([
        '2026-03-02',
        '2026-03-03',
        '2026-03-04',
      ]);
    });
  });

  describe('Sloth rules recorded for the whole window', () => {
    it('reads the window from the rules and explains it in ratios, never "(1 of 1)"', async () => {
      // Sloth's 30d ratio: the mean of the 5m ratios recorded in
      // [at − 30d, at]. promtool evaluates the group a minute apart at the
      // offset Prometheus gives it (a fraction of a second past the minute,
      // read here from the recorded sample), and each 5m ratio is the
      // model's ratio between the first and last raw samples of its 5m.
      const [latest] = await query(
        'timestamp(slo:sli_error:ratio_rate5m)',
        RULES_AT,
      );
      const lastRecorded = Math.round(Number(latest.value[1]) * 1000);
      let sum = 0;
      let n = 0;
      for (let t = lastRecorded; t >= RULES_AT - 30 * DAY_MS; t -= MINUTE_MS) {
        const first = Math.ceil((t - 5 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
        const last = Math.floor(t / MINUTE_MS) * MINUTE_MS;
        const five = counts(first, last);
        sum += five.errors / five.requests;
        n += 1;
      }
      expect(n).toBeGreaterThanOrEqual(43_200);
      const ratio = sum / n;
      const slo = await slosAt('steady-rules', RULES_AT);
      expect(slo.problems).toEqual([]);
      expect(slo.source).toBe('recording-rules');
      expect(slo.windowSource).toBeUndefined();
      expect(slo.countsNormalised).toBe(true);
      expectClose(slo.status!.sli, 1 - ratio);
      expectClose(slo.status!.budget.remaining, 1 - ratio / 0.01, 1e-8);
      expect(slo.status!.status).toBe('met');

      const sli = slo.explanations.find(e => e.topic === 'sli')!.text;
      const percent = ((1 - ratio) * 100).toFixed(3).replace(/\.?0+$/, '');
      expect(sli).toBe(
        `Over the last 30 days, ${percent}% of requests succeeded; the objective is 99%.`,
      );
      // 1% of 30 days: 7.2 hours.
      expect(slo.explanations.find(e => e.topic === 'budget')!.text).toBe(
        'The 99% objective over 30 days lets 1% of requests fail, the equivalent of 7 h 12 min of complete outage.',
      );
      const all = slo.explanations.map(e => e.text).join('\n');
      expect(all).not.toMatch(/\(\d[\d,]* of [\d,]+\)|of the [\d,]+ so far/);
      // The days are the mean 5m ratio of each day: they end at the window's.
      expectClose(
        slo.burnDown[slo.burnDown.length - 1].remaining,
        1 - ratio / 0.01,
        1e-3,
      );
    });
  });

  describe('a service quiet for hours', () => {
    it('is detected before the instant evaluated, not before now', async () => {
      // Ten minutes before the data ends: 7 days at 1 error a minute.
      const at = END - 10 * MINUTE_MS;
      const week = counts(at - 7 * DAY_MS, at);
      const slo = await slosAt('steady-auto', at);
      expect(slo.problems).toEqual([]);
      expectClose(slo.status!.total, week.requests);
      expectClose(
        slo.status!.budget.remaining,
        1 - week.errors / week.requests / 0.01,
      );
    });

    it('is detected over the SLO window when the hour before the instant is quiet', async () => {
      // Three hours after the last sample: the hour before holds nothing,
      // the 7 days before do; the window counts up to the last sample.
      const at = END + 3 * HOUR_MS;
      const from = at - 7 * DAY_MS;
      const window = counts(from, END);
      const slo = await slosAt('steady-auto', at);
      expect(slo.problems).toEqual([]);
      // Prometheus' increase extends the samples' span by half a sample
      // interval (30 s) past the last one, as the range ends more than 1.1
      // intervals after it; the first sample is at the range's start.
      expectClose(
        slo.status!.total,
        (window.requests * (END - from + MINUTE_MS / 2)) / (END - from),
      );
      expectClose(slo.status!.budget.remaining, 0.9);
      expect(slo.status!.currentBurnRate).toBeUndefined();
    });

    it('says what detection probed, and where, when it finds nothing now', async () => {
      const failure = new RegExp(
        `^No series of .*http_requests_total.* match \\{${SELECTOR.replace(
          /[{}]/g,
          '\\$&',
        )}\\} in the 1h (or the 7d )?before \\d{4}-\\d{2}-\\d{2}T`,
      );
      const target = await request(server).get(`${path('steady-auto')}/target`);
      expect(target.status).toBe(200);
      const body = target.body as TelemetryTarget;
      expect(body.metrics?.dialect).toBeUndefined();
      expect(body.metrics?.detection).toMatchObject({
        lookbacks: ['1h'],
        failure: expect.stringMatching(failure),
      });
      expect(body.problems).toEqual([
        expect.objectContaining({
          annotation: 'sightline.dev/metrics-dialect',
          value: 'auto',
          message: expect.stringMatching(failure),
        }),
      ]);

      const slo = await slosAt('steady-auto');
      expect(slo.status).toBeUndefined();
      expect(slo.problems[0].message).toMatch(failure);
      expect(slo.problems[0].message).toContain('in the 1h or the 7d before');

      const diagnosis = await request(server).get(
        `${path('steady-auto')}/diagnosis`,
      );
      expect(diagnosis.status).toBe(200);
      const check = (diagnosis.body as DiagnosisResponse).checks.find(
        c => c.id === 'slo-objectives',
      )!;
      expect(check.status).toBe('fail');
      expect(check.message).toContain('in the 1h or the 7d before');
    });
  });
});
