/**
 * The recording-rule path against the local stack: Sightline's own Sloth
 * rules for checkout (from -node's generatePrometheusRule, recording rules
 * only, `sloth_service="checkout-rules"` so the other tests' `checkout`
 * keeps the raw path) are written into the stack's rules directory and
 * Prometheus is reloaded. At the instant of a rule evaluation, the error
 * ratios of the 5m–3d windows read from the rules equal the raw path's
 * (the same expressions over the same data; 1e-9 relative). The window's
 * ratio is Sloth's "optimized" rule (the mean of the 5m ratios since the
 * rules were loaded), so it is compared with Prometheus' own value of that
 * rule, not with the raw path.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntitySlosResponse } from '@sightline/plugin-observability-common';
import {
  generatePrometheusRule,
  resolveMetricDialect,
} from '@sightline/plugin-observability-node';
import * as model from '@sightline/e2e/workload/model.mjs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { observabilityPlugin } from '../plugin';
import { ensureLocalStack, LocalStack } from '../testUtils/localStack';
import { shopComponent } from '../testUtils/entities';

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
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let rulesFile: string;

  async function prometheus(path: string, params: Record<string, string>) {
    const res = await fetch(new URL(path, stack.urls.prometheus), {
      method: 'POST',
      body: new URLSearchParams(params),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{
      data: { result: Array<{ value: [number, string] }> };
    }>;
  }

  beforeAll(async () => {
    stack = (await ensureLocalStack()) as typeof stack;
    const rule = generatePrometheusRule(
      {
        entity: component('checkout'),
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
      },
      { rules: { slothService: SLOTH_SERVICE } },
    );
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
    rulesFile = join(stack.stateDir, 'rules', 'sightline-slo-test.yml');
    await writeFile(rulesFile, stringify({ groups }));
    await fetch(new URL('/-/reload', stack.urls.prometheus), {
      method: 'POST',
    });
    // Wait for the first evaluations of the 3d rule.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { data } = await prometheus('/api/v1/query', {
        query: `slo:sli_error:ratio_rate3d{sloth_service="${SLOTH_SERVICE}"}`,
      });
      if (data.result.length > 0) break;
      if (Date.now() > deadline) throw new Error('rules never evaluated');
      await new Promise(r => setTimeout(r, 1000));
    }
    ({ server } = await startTestBackend({
      features: [
        observabilityPlugin,
        catalogServiceMock.factory({
          entities: [component('checkout'), component(SLOTH_SERVICE)],
        }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              clusters: [
                { name: 'local', prometheus: { url: stack.urls.prometheus } },
              ],
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    if (rulesFile) {
      await rm(rulesFile, { force: true });
      await fetch(new URL('/-/reload', stack.urls.prometheus), {
        method: 'POST',
      });
    }
  });

  async function slos(name: string, atIso: string) {
    const started = performance.now();
    const res = await request(server)
      .get(`/api/observability/entities/component/default/${name}/slos`)
      .query({ at: atIso });
    expect(res.status).toBe(200);
    const body: EntitySlosResponse = res.body;
    return { body, elapsedMs: performance.now() - started };
  }

  it('reads the rules and agrees with the raw path at a rule evaluation', async () => {
    // The instant of the latest evaluation of the 3d rule.
    const { data } = await prometheus('/api/v1/query', {
      query: `timestamp(slo:sli_error:ratio_rate3d{sloth_service="${SLOTH_SERVICE}"})`,
    });
    const evaluatedAt = Number(data.result[0].value[1]) * 1000;
    const atIso = new Date(evaluatedAt).toISOString();

    const rules = await slos(SLOTH_SERVICE, atIso);
    const raw = await slos('checkout', atIso);
    const fromRules = rules.body.slos[0];
    const fromRaw = raw.body.slos[0];
    expect(fromRules.problems).toEqual([]);
    expect(fromRules.source).toBe('recording-rules');
    expect(fromRules.countsNormalised).toBe(true);
    expect(fromRaw.source).toBe('raw');

    for (const reading of fromRaw.status!.burnRates) {
      const other = fromRules.status!.burnRates.find(
        r => r.window === reading.window,
      )!;
      expect(other.errorRatio).toBeDefined();
      const scale = Math.max(reading.errorRatio!, 1e-12);
      expect({
        window: reading.window,
        close: Math.abs(other.errorRatio! - reading.errorRatio!) / scale < 1e-9,
      }).toEqual({ window: reading.window, close: true });
    }
    expect(fromRules.status!.alerts.map(a => [a.id, a.firing])).toEqual(
      fromRaw.status!.alerts.map(a => [a.id, a.firing]),
    );

    // The window: Sloth's mean-of-5m rule, as Prometheus evaluated it.
    const window = await prometheus('/api/v1/query', {
      query: `slo:sli_error:ratio_rate30d{sloth_service="${SLOTH_SERVICE}"}`,
      time: String(evaluatedAt / 1000),
    });
    const ratio = Number(window.data.result[0].value[1]);
    expect(fromRules.status!.budget.remaining).toBeCloseTo(
      1 - ratio / 0.001,
      9,
    );
    process.stdout.write(
      `SLO status, one SLO: recording rules ${
        fromRules.upstreamMs
      } ms upstream (${rules.elapsedMs.toFixed(0)} ms end to end); raw ${
        fromRaw.upstreamMs
      } ms upstream (${raw.elapsedMs.toFixed(0)} ms end to end)\n`,
    );
  });
});
