/**
 * Rollouts found in a REAL Prometheus of this test's own (ScratchPrometheus)
 * holding kube-state-metrics-shaped series and a service's own metrics, and
 * in the Kubernetes API stand-in (ReplicaSets, an Argo CD Application).
 *
 * The model, simple enough to count by hand: Deployment `scratch/web`
 * rolls out v1.8.1 → v1.8.2 at 06:00 UTC on 1 March 2026 (a new
 * ReplicaSet, created at that instant). `web` serves 600 requests a
 * minute throughout. Before the rollout 6 a minute fail (1%) and half the
 * requests take ≤ 0.1 s, the rest ≤ 0.2 s; after it 18 fail (3%), half take
 * ≤ 0.2 s and the rest ≤ 0.4 s. Prometheus interpolates p95 within the
 * bucket holding rank 570 of 600: 0.1 + 0.1 × 270/300 = 0.19 s before,
 * 0.2 + 0.2 × 270/300 = 0.38 s after (+100%). Samples sit on whole minutes
 * and both windows end on one, so rates are exact. A `web-worker`
 * Deployment rolls out in the same namespace at 07:00 and must not show.
 */
import { DeploymentsResponse } from '@sightline/plugin-observability-common';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { expectClose } from '../__testUtils__/expectClose';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';
import { ScratchPrometheus } from '../__testUtils__/scratchPrometheus';
import {
  KubernetesStandin,
  startKubernetesStandin,
} from '../__testUtils__/standins';

jest.setTimeout(300_000);

const MINUTE_MS = 60_000;
const ms = Date.parse;
const START = ms('2026-03-01T00:00:00Z');
const ROLLOUT = ms('2026-03-01T06:00:00Z');
const WORKER_ROLLOUT = ms('2026-03-01T07:00:00Z');
const END = ms('2026-03-01T09:00:00Z');
const OLD = {
  replicaSet: 'web-5d4c3b2a9',
  pod: 'web-5d4c3b2a9-k2x7q',
  version: 'v1.8.1',
  created: ms('2026-02-20T10:00:00Z'),
};
const NEW = {
  replicaSet: 'web-6b7c8d9f5',
  pod: 'web-6b7c8d9f5-m4n8p',
  version: 'v1.8.2',
  created: ROLLOUT,
};
const SHA = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
const NS = 'namespace="scratch"';

/** One sample a minute of `value(t)` over [from, to], as OpenMetrics lines. */
function samples(
  series: string,
  from: number,
  to: number,
  value: (t: number) => number,
): string[] {
  const lines: string[] = [];
  for (let t = from; t <= to; t += MINUTE_MS) {
    lines.push(`${series} ${value(t)} ${t / 1000}`);
  }
  return lines;
}

/** Counter value at t: the sum of the per-minute counts of the minutes before t. */
function counter(perMinute: (minuteStart: number) => number) {
  return (t: number) => {
    let total = 0;
    for (let m = START; m < t; m += MINUTE_MS) total += perMinute(m);
    return total;
  };
}

function openMetrics(): string {
  const after = (t: number) => t >= ROLLOUT;
  const web = `${NS},service="web"`;
  const families: Record<string, string[]> = {
    http_requests: [
      ...samples(
        `http_requests_total{${web},status="200"}`,
        START,
        END,
        counter(m => 600 - (after(m) ? 18 : 6)),
      ),
      ...samples(
        `http_requests_total{${web},status="500"}`,
        START,
        END,
        counter(m => (after(m) ? 18 : 6)),
      ),
    ],
    http_request_duration_seconds: (
      [
        ['0.1', (m: number) => (after(m) ? 0 : 300)],
        ['0.2', (m: number) => (after(m) ? 300 : 600)],
        ['0.4', () => 600],
        ['+Inf', () => 600],
      ] as const
    ).flatMap(([le, count]) =>
      samples(
        `http_request_duration_seconds_bucket{${web},le="${le}"}`,
        START,
        END,
        counter(count),
      ),
    ),
    kube_replicaset_created: [
      ...[OLD, NEW].flatMap(rs =>
        samples(
          `kube_replicaset_created{${NS},replicaset="${rs.replicaSet}"}`,
          Math.max(START, rs.created),
          END,
          () => rs.created / 1000,
        ),
      ),
      ...samples(
        `kube_replicaset_created{${NS},replicaset="web-worker-7f8g9"}`,
        WORKER_ROLLOUT,
        END,
        () => WORKER_ROLLOUT / 1000,
      ),
    ],
    kube_replicaset_owner: [
      ...[OLD, NEW].flatMap(rs =>
        samples(
          `kube_replicaset_owner{${NS},replicaset="${rs.replicaSet}",owner_kind="Deployment",owner_name="web",owner_is_controller="true"}`,
          Math.max(START, rs.created),
          END,
          () => 1,
        ),
      ),
      ...samples(
        `kube_replicaset_owner{${NS},replicaset="web-worker-7f8g9",owner_kind="Deployment",owner_name="web-worker",owner_is_controller="true"}`,
        WORKER_ROLLOUT,
        END,
        () => 1,
      ),
    ],
    kube_pod_owner: [OLD, NEW].flatMap(rs =>
      samples(
        `kube_pod_owner{${NS},pod="${rs.pod}",owner_kind="ReplicaSet",owner_name="${rs.replicaSet}",owner_is_controller="true"}`,
        rs === OLD ? START : ROLLOUT,
        rs === OLD ? ROLLOUT + 5 * MINUTE_MS : END,
        () => 1,
      ),
    ),
    kube_pod_container_info: [OLD, NEW].flatMap(rs =>
      samples(
        `kube_pod_container_info{${NS},pod="${rs.pod}",container="web",image="ghcr.io/acme/web:${rs.version}"}`,
        rs === OLD ? START : ROLLOUT,
        rs === OLD ? ROLLOUT + 5 * MINUTE_MS : END,
        () => 1,
      ),
    ),
    kube_deployment_metadata_generation: samples(
      `kube_deployment_metadata_generation{${NS},deployment="web"}`,
      START,
      END,
      t => (after(t) ? 5 : 4),
    ),
    kube_deployment_status_observed_generation: samples(
      `kube_deployment_status_observed_generation{${NS},deployment="web"}`,
      START,
      END,
      t => (after(t) ? 5 : 4),
    ),
    // OTel's target_info: the new version's first Pod is scraped a minute in.
    target_info: [
      ...samples(
        `target_info{${web},service_version="v1.8.1"}`,
        START,
        ROLLOUT + 5 * MINUTE_MS,
        () => 1,
      ),
      ...samples(
        `target_info{${web},service_version="v1.8.2"}`,
        ROLLOUT + MINUTE_MS,
        END,
        () => 1,
      ),
    ],
  };
  const types: Record<string, string> = {
    http_requests: 'counter',
    http_request_duration_seconds: 'histogram',
  };
  const text = Object.entries(families).flatMap(([family, lines]) => [
    `# TYPE ${family} ${types[family] ?? 'gauge'}`,
    ...lines,
  ]);
  return `${text.join('\n')}\n# EOF\n`;
}

const replicaSet = (rs: typeof OLD, revision: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: rs.replicaSet,
    namespace: 'scratch',
    creationTimestamp: new Date(rs.created).toISOString(),
    annotations: { 'deployment.kubernetes.io/revision': String(revision) },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    ],
  },
  spec: {
    template: {
      spec: {
        containers: [{ name: 'web', image: `ghcr.io/acme/web:${rs.version}` }],
      },
    },
  },
});

const argoApplication = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web', namespace: 'argocd' },
  status: {
    resources: [
      { group: 'apps', kind: 'Deployment', namespace: 'scratch', name: 'web' },
    ],
    history: [
      {
        id: 12,
        revision: SHA,
        deployStartedAt: new Date(ROLLOUT - 20_000).toISOString(),
        deployedAt: new Date(ROLLOUT + 40_000).toISOString(),
      },
    ],
  },
};

const web = (name: string, cluster: string) =>
  shopComponent(name, {
    'backstage.io/kubernetes-id': 'web',
    'backstage.io/kubernetes-namespace': 'scratch',
    'backstage.io/source-location':
      'url:https://github.com/acme/web/tree/main/',
    'sightline.dev/prometheus-selector': 'namespace="scratch", service="web"',
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/cluster': cluster,
  });

describe('rollouts from kube-state-metrics, the Kubernetes API and a version label', () => {
  let prometheus: ScratchPrometheus;
  let kubernetes: KubernetesStandin;
  let server: Awaited<ReturnType<typeof startObservabilityBackend>>['server'];

  beforeAll(async () => {
    [prometheus, kubernetes] = await Promise.all([
      ScratchPrometheus.start(),
      startKubernetesStandin({ token: 'token' }),
    ]);
    await prometheus.backfillOpenMetrics(openMetrics());
    await kubernetes.load([
      replicaSet(OLD, 4),
      replicaSet(NEW, 5),
      argoApplication,
    ]);
    // Nothing listens on port 9 (discard): a Kubernetes API that refuses.
    const refused = 'http://127.0.0.1:9';
    ({ server } = await startObservabilityBackend({
      entities: [
        web('web', 'everything'),
        web('web-metrics-only', 'metrics-only'),
        web('web-api-down', 'api-down'),
        web('web-prometheus-down', 'prometheus-down'),
      ],
      observability: {
        defaultCluster: 'everything',
        limits: { queryTimeout: '5s' },
        clusters: [
          {
            name: 'everything',
            prometheus: { url: prometheus.url },
            kubernetes: { url: kubernetes.url, token: 'token' },
          },
          { name: 'metrics-only', prometheus: { url: prometheus.url } },
          {
            name: 'api-down',
            prometheus: { url: prometheus.url },
            kubernetes: { url: refused, token: 'token' },
          },
          {
            name: 'prometheus-down',
            prometheus: { url: refused },
            kubernetes: { url: kubernetes.url, token: 'token' },
          },
        ],
      },
    }));
  });

  afterAll(async () => {
    await Promise.all([prometheus?.stop(), kubernetes?.stop()]);
  });

  async function deployments(name: string): Promise<DeploymentsResponse> {
    const res = await request(server)
      .get(`/api/observability/entities/component/default/${name}/deployments`)
      .query({
        from: new Date(ROLLOUT - 3 * 3_600_000).toISOString(),
        to: new Date(END).toISOString(),
      });
    expect(res.status).toBe(200);
    return res.body;
  }

  const status = (response: DeploymentsResponse) =>
    Object.fromEntries(response.sources.map(s => [s.source, s.status]));

  it('finds the rollout at the ReplicaSet’s creation, with every source that saw it, its figures and a verdict', async () => {
    const response = await deployments('web');
    expect(response.workload).toBe('scratch/web');
    expect(status(response)).toEqual({
      'kube-state-metrics': 'found',
      kubernetes: 'found',
      argocd: 'found',
      flux: 'none',
      'version-label': 'found',
    });
    // The web-worker rollout at 07:00 is another Deployment's.
    expect(response.rollouts).toHaveLength(1);
    const [rollout] = response.rollouts;
    expect(rollout).toMatchObject({
      at: ROLLOUT,
      version: 'v1.8.2',
      previousVersion: 'v1.8.1',
      images: ['ghcr.io/acme/web:v1.8.2'],
      controller: {
        kind: 'Deployment',
        name: 'scratch/web',
        replicaSet: NEW.replicaSet,
        revision: '5',
      },
      syncedBy: { kind: 'ArgoCDApplication', name: 'web', revision: SHA },
      status: 'complete',
      commitUrl: `https://github.com/acme/web/commit/${SHA}`,
    });
    expect(rollout.sources.sort()).toEqual([
      'argocd',
      'kube-state-metrics',
      'kubernetes',
      'version-label',
    ]);
    expect(rollout.before).toMatchObject({
      from: ROLLOUT - 30 * MINUTE_MS,
      to: ROLLOUT,
    });
    expectClose(rollout.before!.requestRate!, 10);
    expectClose(rollout.before!.errorRatio!, 0.01);
    expectClose(rollout.before!.latencyP95!, 0.19);
    expectClose(rollout.after!.requestRate!, 10);
    expectClose(rollout.after!.errorRatio!, 0.03);
    expectClose(rollout.after!.latencyP95!, 0.38);
    expect(rollout.verdict).toBe(
      'p95 +100%, error ratio ×3 after the 2026-03-01 06:00 UTC rollout of v1.8.2',
    );
    expect(rollout.regressed).toBe(true);
  });

  it('finds it from kube-state-metrics and the version label without a Kubernetes API, linking the tag', async () => {
    const response = await deployments('web-metrics-only');
    expect(status(response)).toEqual({
      'kube-state-metrics': 'found',
      kubernetes: 'not-configured',
      argocd: 'not-configured',
      flux: 'not-configured',
      'version-label': 'found',
    });
    expect(response.rollouts).toHaveLength(1);
    expect(response.rollouts[0]).toMatchObject({
      at: ROLLOUT,
      version: 'v1.8.2',
      commitUrl: 'https://github.com/acme/web/tree/v1.8.2',
    });
  });

  it('keeps what Prometheus found when the Kubernetes API refuses, and says so', async () => {
    const response = await deployments('web-api-down');
    expect(status(response)).toMatchObject({
      'kube-state-metrics': 'found',
      kubernetes: 'unavailable',
      'version-label': 'found',
    });
    expect(
      response.sources.find(s => s.source === 'kubernetes')?.detail,
    ).toContain("Kubernetes API of cluster 'api-down'");
    expect(response.rollouts.map(r => r.at)).toEqual([ROLLOUT]);
  });

  it('keeps what the Kubernetes API found when Prometheus is down, without figures', async () => {
    const response = await deployments('web-prometheus-down');
    expect(status(response)).toEqual({
      'kube-state-metrics': 'unavailable',
      kubernetes: 'found',
      argocd: 'found',
      flux: 'none',
      'version-label': 'unavailable',
    });
    const [rollout] = response.rollouts;
    expect(rollout).toMatchObject({ at: ROLLOUT, version: 'v1.8.2' });
    expect(rollout.before).toBeUndefined();
    expect(rollout.verdict).toMatch(
      /^not compared: .*\(the 2026-03-01 06:00 UTC rollout of v1\.8\.2\)$/,
    );
  });
});
