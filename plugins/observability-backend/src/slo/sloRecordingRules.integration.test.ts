/**
 * The recording-rule path against the local stack: Sightline's own Sloth
 * rules for checkout's series (from -node's generatePrometheusRule,
 * recording rules only, generated for the entity checkout-rules, so
 * `sloth_service="checkout-rules"` and the other tests' `checkout` keeps
 * the raw path) are written into the stack's rules directory and
 * Prometheus is reloaded. At the instant of a rule evaluation, the error
 * ratios of the 5m–3d windows read from the rules equal the raw path's
 * (the same expressions over the same data; 1e-9 relative). The window's
 * ratio is Sloth's "optimized" rule, the mean of the 5m ratios over the
 * window; the rules were just loaded, so that mean covers minutes, not 30
 * days: the engine says so and takes the window from the raw series, which
 * must then equal the raw path's (1e-9 relative), not Prometheus' value of
 * the 30d rule. (A Sloth window rule that covers the whole window needs 30
 * days of recorded rule history; that path is not exercised here.)
 */
import { EntitySlosResponse } from '@sightline/plugin-observability-common';
import {
  generatePrometheusRule,
  resolveMetricDialect,
} from '@sightline/plugin-observability-node';
// The root declares the private e2e harness: published manifests must not.
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import request from 'supertest';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { shopComponent } from '../__testUtils__/entities';
import {
  loadStackRules,
  stackQuery,
  startStackBackend,
} from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const DAY_MS = 86_400_000;
const SLOTH_SERVICE = 'checkout-rules';

const component = (name: string) =>
  shopComponent(name, {
    'backstage.io/kubernetes-id': 'checkout',
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-window': '30d',
  });

describe('SLOs from Sloth recording rules', () => {
  let stack: LocalStack & { stateDir: string };
  let server: Awaited<ReturnType<typeof startStackBackend>>;
  let unloadRules: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    const rule = generatePrometheusRule({
      entity: component(SLOTH_SERVICE),
      metrics: {
        matchers: [
          { name: 'namespace', op: '=', value: 'shop' },
          { name: 'service', op: '=', value: 'checkout' },
        ],
        dialect: resolveMetricDialect('prometheus-http'),
      },
      slos: [
        {
          name: 'availability',
          kind: 'availability',
          objective: 0.999,
          windowMs: 30 * DAY_MS,
        },
      ],
      histogramBuckets: [...model.HTTP_BUCKETS],
    });
    const groups = (rule.spec.groups ?? [])
      .filter(g => g.name.startsWith('sloth-slo-sli-recordings'))
      .map(g => ({
        ...g,
        interval: '5s',
        rules: (g.rules ?? []).filter(r => 'record' in r && r.record),
      }));
    if (groups.length !== 1) {
      throw new Error(`expected one SLI recording group, got ${groups.length}`);
    }
    // Ready once the 3d rule has been evaluated.
    unloadRules = await loadStackRules(
      stack,
      'sightline-slo-test',
      groups,
      `slo:sli_error:ratio_rate3d{sloth_service="${SLOTH_SERVICE}"}`,
    );
    // checkout-raw has no rules; checkout has the stack's generated ones
    // (e2e/stack/demoRules.ts), with a latency SLO besides.
    server = await startStackBackend(stack, [
      component('checkout-raw'),
      component('checkout'),
      component(SLOTH_SERVICE),
    ]);
  });

  afterAll(() => unloadRules?.());

  async function slos(name: string, atIso: string) {
    const started = performance.now();
    const res = await request(server)
      .get(`/api/observability/entities/component/default/${name}/slos`)
      .query({ at: atIso });
    expect(res.status).toBe(200);
    const body: EntitySlosResponse = res.body;
    return { body, elapsedMs: performance.now() - started };
  }

  /** Both readings at the instant of the latest evaluation of the 3d rule. */
  async function readAtLatestEvaluation() {
    const [latest] = await stackQuery(
      stack,
      `timestamp(slo:sli_error:ratio_rate3d{sloth_service="${SLOTH_SERVICE}"})`,
    );
    const evaluatedAt = Number(latest.value[1]) * 1000;
    const atIso = new Date(evaluatedAt).toISOString();
    const rules = await slos(SLOTH_SERVICE, atIso);
    const raw = await slos('checkout-raw', atIso);
    return { evaluatedAt, rules, raw };
  }

  /** The burn-rate windows whose error ratio from the rules is missing or not the raw path's. */
  const windowsApart = (raw: EntitySlosResponse, rules: EntitySlosResponse) =>
    (raw.slos[0]?.status?.burnRates ?? [])
      .filter(reading => {
        const other = rules.slos[0]?.status?.burnRates.find(
          r => r.window === reading.window,
        );
        const scale = Math.max(reading.errorRatio!, 1e-12);
        return (
          other?.errorRatio === undefined ||
          Math.abs(other.errorRatio - reading.errorRatio!) / scale >= 1e-9
        );
      })
      .map(reading => reading.window);

  it('reads the rules and agrees with the raw path at a rule evaluation', async () => {
    // Prometheus 2.42 can evaluate a rule while a scrape stamped just before
    // is still being appended (query_offset, which avoids it, came in 2.53):
    // the raw path, asked later, counts that scrape and the rule does not.
    // Another evaluation, 5 s on, is clear of it.
    let evaluation = await readAtLatestEvaluation();
    for (
      let retry = 0;
      retry < 3 &&
      windowsApart(evaluation.raw.body, evaluation.rules.body).length > 0;
      retry++
    ) {
      await new Promise(r => setTimeout(r, 6000));
      evaluation = await readAtLatestEvaluation();
    }
    const { evaluatedAt, rules, raw } = evaluation;
    const fromRules = rules.body.slos[0];
    const fromRaw = raw.body.slos[0];
    expect(fromRules.problems).toEqual([]);
    expect(fromRules.source).toBe('recording-rules');
    expect(fromRules.windowSource).toBe('raw');
    expect(fromRules.sourceNote).toContain(
      `Sloth recording rules for ${SLOTH_SERVICE}/availability have been recorded for less than the 30d window`,
    );
    expect(fromRules.countsNormalised).toBeUndefined();
    expect(fromRaw.source).toBe('raw');

    expect(fromRaw.status!.burnRates.length).toBeGreaterThan(0);
    expect(windowsApart(raw.body, rules.body)).toEqual([]);
    expect(fromRules.status!.alerts.map(a => [a.id, a.firing])).toEqual(
      fromRaw.status!.alerts.map(a => [a.id, a.firing]),
    );

    // The window: from the raw series, not from the young 30d rule.
    const [window] = await stackQuery(
      stack,
      `slo:sli_error:ratio_rate30d{sloth_service="${SLOTH_SERVICE}"}`,
      evaluatedAt / 1000,
    );
    const youngRuleRatio = Number(window.value[1]);
    expect(fromRules.status!.budget.remaining).toBeCloseTo(
      fromRaw.status!.budget.remaining!,
      9,
    );
    expect(fromRules.status!.budget.remaining).not.toBeCloseTo(
      1 - youngRuleRatio / 0.001,
      3,
    );
    process.stdout.write(
      `SLO status, one SLO: recording rules ${
        fromRules.upstreamMs
      } ms upstream (${rules.elapsedMs.toFixed(0)} ms end to end); raw ${
        fromRaw.upstreamMs
      } ms upstream (${raw.elapsedMs.toFixed(0)} ms end to end)\n`,
    );
  });

  it("reads the stack's generated rules for checkout, whose latency SLO the entity does not declare", async () => {
    const { body } = await slos('checkout', new Date().toISOString());
    expect(
      body.slos.map(s => [s.definition.id, s.source, s.windowSource]),
    ).toEqual([['availability', 'recording-rules', 'raw']]);
  });
});
