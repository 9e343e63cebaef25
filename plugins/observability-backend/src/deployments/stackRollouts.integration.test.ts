/**
 * checkout's rollouts on the local stack: kube-state-metrics series and
 * OTel's target_info in its real Prometheus, and the ReplicaSets and Argo CD
 * Application of e2e/workload/model.mjs in the Kubernetes API stand-in.
 * Every instant and figure expected here is the workload model's own.
 *
 * Tolerances: request rates and p95 0.5 % relative, error ratios 1e-6
 * absolute, as in breakdown.integration.test.ts (Prometheus extrapolates
 * rate() over the window; numerator and denominator alike).
 */
import { DeploymentsResponse } from '@sightline/plugin-observability-common';
import request from 'supertest';
// The root declares the private e2e harness: published manifests must not.
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { startStackBackend } from '../__testUtils__/localStackBackend';
import {
  KubernetesStandin,
  startKubernetesStandin,
} from '../__testUtils__/standins';

jest.setTimeout(240_000);

/** The stack's scrape interval (e2e/stack/start.mjs). */
const SCRAPE_INTERVAL_MS = 5_000;
const HOUR_MS = 3_600_000;

describe('checkout’s rollouts on the local stack', () => {
  let kubernetes: KubernetesStandin;
  let response: DeploymentsResponse;
  let expected: ReturnType<typeof model.expectedRollouts>;
  let anchorMs: number;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    anchorMs = stack.anchorMs;
    expected = model
      .expectedRollouts(stack.anchorMs)
      .filter(r => r.service === 'checkout');
    kubernetes = await startKubernetesStandin({ token: 'token' });
    await kubernetes.load(model.kubernetesObjects(stack.anchorMs));
    const server = await startStackBackend(
      stack,
      [
        shopComponent('checkout', {
          'backstage.io/source-location': `url:${model.GITOPS_REPO_URL}/tree/main/apps/checkout/`,
        }),
      ],
      { kubernetes: { url: kubernetes.url, token: 'token' } },
    );
    // Six hours up to the anchor: the two rollouts of the last hours.
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/deployments')
      .query({
        from: new Date(stack.anchorMs - 6 * HOUR_MS).toISOString(),
        to: new Date(stack.anchorMs).toISOString(),
      });
    if (res.status !== 200) {
      throw new Error(`deployments answered ${res.status}: ${res.text}`);
    }
    response = res.body;
  });

  afterAll(async () => {
    await kubernetes?.stop();
  });

  it('reads every source the stack has', () => {
    expect(
      Object.fromEntries(response.sources.map(s => [s.source, s.status])),
    ).toEqual({
      'kube-state-metrics': 'found',
      kubernetes: 'found',
      argocd: 'found',
      flux: 'none',
      'version-label': 'found',
    });
  });

  it('finds each rollout within one scrape interval, with its version and the one it replaced', () => {
    const inRange = expected.filter(
      r => r.atMs >= response.range.start && r.atMs <= response.range.end,
    );
    expect(inRange.length).toBeGreaterThanOrEqual(2);
    expect(response.rollouts).toHaveLength(inRange.length);
    inRange.forEach((rollout, i) => {
      const found = response.rollouts[i];
      expect(Math.abs(found.at - rollout.atMs)).toBeLessThanOrEqual(
        SCRAPE_INTERVAL_MS,
      );
      expect(found).toMatchObject({
        version: rollout.to.version,
        previousVersion: rollout.from.version,
        images: [rollout.to.image],
        controller: {
          kind: 'Deployment',
          name: 'shop/checkout',
          replicaSet: rollout.to.replicaSet,
          revision: String(rollout.to.revision),
        },
        syncedBy: {
          kind: 'ArgoCDApplication',
          name: 'checkout',
          revision: model.releaseCommit(
            'checkout',
            rollout.to.version,
            anchorMs,
          ),
        },
      });
    });
  });

  it('gives the before and after figures of the workload model', () => {
    const inRange = expected.filter(
      r => r.atMs >= response.range.start && r.atMs <= response.range.end,
    );
    inRange.forEach((rollout, i) => {
      const found = response.rollouts[i];
      for (const side of ['before', 'after'] as const) {
        const want = rollout.red[side];
        const got = found[side]!;
        expect({ side, from: got.from, to: got.to }).toEqual({
          side,
          from: want.fromMs,
          to: want.toMs,
        });
        expect(Math.abs(got.requestRate! / want.rate - 1)).toBeLessThan(0.005);
        expect(Math.abs(got.errorRatio! - want.errorRatio)).toBeLessThan(1e-6);
        expect(Math.abs(got.latencyP95! / want.p95 - 1)).toBeLessThan(0.005);
      }
    });
  });

  it('blames the bad release in plain words and links its commit, and not its fix', () => {
    const bad = response.rollouts.find(r => r.version === '2.4.0')!;
    expect(bad.regressed).toBe(true);
    expect(response.rollouts.find(r => r.version === '2.4.1')!.regressed).toBe(
      false,
    );
    // The model rounds each minute's expected errors up or down at random:
    // at checkout's steady ratio the half hour before the release can hold
    // none, and then the change is said as "0% → x%", not as a factor.
    const errorsBefore = expected.find(r => r.to.version === '2.4.0')!.red
      .before.errorRatio;
    const errorChange =
      errorsBefore > 0 ? '×\\d+(\\.\\d)?' : '0% → \\d+(\\.\\d+)?%';
    expect(bad.verdict).toMatch(
      new RegExp(
        `^p95 \\+\\d+%, error ratio ${errorChange} after the \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC rollout of 2\\.4\\.0$`,
      ),
    );
    expect(bad.commitUrl).toBe(
      `${model.GITOPS_REPO_URL}/commit/${model.releaseCommit(
        'checkout',
        '2.4.0',
        anchorMs,
      )}`,
    );
  });
});
