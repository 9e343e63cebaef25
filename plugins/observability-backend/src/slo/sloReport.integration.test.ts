/**
 * The report and GET /slos give one answer at one instant, against the
 * REAL Prometheus of the local stack: at the end of the backfilled history,
 * where payments has been failing 4% of its requests for six hours (its
 * incident in e2e/workload/model.mjs starts six hours before the stack's
 * start and never ends). Every expected figure is computed here from the
 * model that generated the data (with the SRE workbook's page threshold
 * written out), not with the -common maths.
 *
 * Tolerance, as in slo.integration.test.ts: ratios over (first sample in
 * range, at] are the model's exact ratios (1e-9 relative); the 30-day
 * window reaches back to 5-minute samples, whose edge minutes may differ
 * from the model's, so 1e-3 on the remaining budget.
 */
import {
  EntitySlosResponse,
  SloReportResponse,
} from '@sightline/plugin-observability-common';
// The root declares the private e2e harness: published manifests must not.
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import request from 'supertest';
import { startStackBackend } from '../__testUtils__/localStackBackend';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { expectClose } from '../__testUtils__/expectClose';

jest.setTimeout(240_000);

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const PAYMENTS = '/api/observability/entities/component/default/payments';

describe('the SLO report at one instant', () => {
  let stack: LocalStack & {
    history: { startMs: number; endMs: number; fullResolutionDays: number };
  };
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    server = await startStackBackend(stack, [
      shopComponent('payments', {
        'sightline.dev/metrics-dialect': 'otel-http',
        'sightline.dev/slo-availability': '99.9',
      }),
    ]);
  });

  /** The first backfilled sample at or after t (1/min recent, 1/5min before). */
  function firstSampleAfter(t: number): number {
    const { startMs, endMs, fullResolutionDays } = stack.history;
    const fullFrom = endMs - fullResolutionDays * DAY_MS;
    let s = Math.ceil(t / MINUTE_MS) * MINUTE_MS;
    while (s < fullFrom && (s - startMs) % (5 * MINUTE_MS) !== 0) {
      s += MINUTE_MS;
    }
    return Math.max(s, startMs);
  }

  /** The model's payments requests and errors over [from, to). */
  const counts = (from: number, to: number) =>
    model.expectedCounts('payments', from, to, { anchorMs: stack.anchorMs });

  it('covers the window up to the instant, today’s incident included, with /slos’ figures and status', async () => {
    // The last backfilled minute: six hours into payments' incident.
    const at = stack.history.endMs;
    const atIso = new Date(at).toISOString();
    const incident = model.incidentWindows(stack.anchorMs).payments;
    expect(at - incident.startMs).toBe(6 * HOUR_MS);

    // By hand: the 30-day window, the last hour and 5 minutes.
    const window = counts(firstSampleAfter(at - 30 * DAY_MS), at);
    const windowRatio = window.errors / window.requests;
    const remaining = 1 - windowRatio / 0.001;
    const hour = counts(at - HOUR_MS, at);
    const fiveMinutes = counts(at - 5 * MINUTE_MS, at);
    // page-quick: both ratios above 14.4 × 0.1%.
    const pageHolds =
      hour.errors / hour.requests > 0.0144 &&
      fiveMinutes.errors / fiveMinutes.requests > 0.0144;
    expect(pageHolds).toBe(true);
    // Not violated, and a page condition holds: at risk.
    expect(remaining).toBeGreaterThan(0);
    const status = 'at-risk';
    // The day that used most budget, by hand over every UTC day of the
    // window (its first and last cut at the window's ends): usually today's
    // part, with the incident, but yesterday when the stack started just
    // after midnight.
    const windowFrom = firstSampleAfter(at - 30 * DAY_MS);
    let worstDay = { day: '', errors: -1 };
    for (
      let d = Math.floor(windowFrom / DAY_MS) * DAY_MS;
      d < at;
      d += DAY_MS
    ) {
      const { errors } = counts(
        Math.max(d, windowFrom),
        Math.min(d + DAY_MS, at),
      );
      if (errors > worstDay.errors) {
        worstDay = { day: new Date(d).toISOString().slice(0, 10), errors };
      }
    }
    const allowed = 0.001 * window.requests;

    const slosRes = await request(server)
      .get(`${PAYMENTS}/slos`)
      .query({ at: atIso });
    expect(slosRes.status).toBe(200);
    const slo = (slosRes.body as EntitySlosResponse).slos[0];
    expect(slo.problems).toEqual([]);
    expectClose(slo.status!.sli, 1 - windowRatio, 1e-6);
    expectClose(slo.status!.budget.remaining, remaining, 1e-3);
    expectClose(
      slo.status!.burnRates.find(r => r.window === '1h')!.errorRatio,
      hour.errors / hour.requests,
      1e-9,
    );
    expect(slo.status!.status).toBe(status);
    // The burn-down runs to the instant and ends at the budget left.
    const last = slo.burnDown[slo.burnDown.length - 1];
    expect(last.until).toBe(atIso);
    expect(last.day).toBe(atIso.slice(0, 10));
    expectClose(last.remaining, remaining, 1e-3);

    const reportRes = await request(server)
      .get(`${PAYMENTS}/slos/report`)
      .query({ at: atIso });
    expect(reportRes.status).toBe(200);
    const report = reportRes.body as SloReportResponse;
    expect(report.to).toBe(atIso);
    expect(report.from).toBe(new Date(at - 30 * DAY_MS).toISOString());
    const [row] = report.rows;
    // One answer: the report's figures are /slos' at the same instant...
    expect({
      actual: row.actualPercent,
      used: row.budgetUsed,
      remaining: row.budgetRemaining,
      status: row.status,
    }).toEqual({
      actual: Number((slo.status!.sli! * 100).toPrecision(12)),
      used: slo.status!.budget.consumed,
      remaining: slo.status!.budget.remaining,
      status: slo.status!.status,
    });
    // ...and the model's.
    expectClose(row.actualPercent, (1 - windowRatio) * 100, 1e-6);
    expectClose(row.budgetRemaining, remaining, 1e-3);
    expect(row.status).toBe(status);
    expect(row.worstDay?.day).toBe(worstDay.day);
    expectClose(row.worstDay?.budgetConsumed, worstDay.errors / allowed, 2e-3);

    process.stdout.write(
      `payments at ${atIso}: /slos ${(slo.status!.sli! * 100).toFixed(
        4,
      )}% SLI, ${(slo.status!.budget.remaining! * 100).toFixed(
        1,
      )}% of the budget left, ${
        slo.status!.status
      }; report ${row.actualPercent!.toFixed(4)}%, ${(
        row.budgetRemaining! * 100
      ).toFixed(1)}% left, ${row.status}; model ${(
        (1 - windowRatio) *
        100
      ).toFixed(4)}%, ${(remaining * 100).toFixed(1)}% left, ${status}\n`,
    );
  });
});
