import { ConfigReader } from '@backstage/config';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { generateMonitoring } from '../generators';
import { readMonitoringClusters } from './clusters';
import { MonitoringApplier } from './MonitoringApplier';

// The Kubernetes API stand-in of the e2e stack (a real API server cannot run
// here); it checks content type, field manager, dryRun=All and object shape.
const STANDIN = path.resolve(
  __dirname,
  '../../../../e2e/standins/kubernetes.mjs',
);

let standin: ChildProcess;
let url: string;

beforeAll(async () => {
  standin = spawn(
    process.execPath,
    [STANDIN, '--port', '0', '--token', 'secret'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  url = await new Promise<string>((resolve, reject) => {
    standin.once('error', reject);
    createInterface({ input: standin.stdout! }).once('line', line =>
      resolve(JSON.parse(line).url),
    );
  });
});

afterAll(() => {
  standin.kill();
});

const AUTH = { authorization: 'Bearer secret' };

type Recorded = { method: string; path: string; params: [string, string][] };

async function requests(): Promise<Recorded[]> {
  const res = await fetch(`${url}/__standin/requests`);
  return res.json();
}

function cluster(allowedNamespaces: string[]) {
  return readMonitoringClusters(
    new ConfigReader({
      observability: {
        clusters: [
          {
            name: 'local',
            prometheus: { url: 'http://127.0.0.1:9090' },
            kubernetes: { url, token: 'secret', allowedNamespaces },
            prometheusOperator: { ruleLabels: { release: 'kps' } },
          },
        ],
      },
    }),
  ).clusters.get('local')!;
}

const { objects } = generateMonitoring(
  {
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-namespace': 'shop',
          'sightline.dev/slo-availability': '99.9',
        },
      },
      spec: { type: 'service', owner: 'team-shop' },
    },
  },
  { monitor: { port: 'metrics' } },
);

describe('MonitoringApplier against the Kubernetes API stand-in', () => {
  beforeEach(() => fetch(`${url}/__standin/requests`, { method: 'DELETE' }));

  it('dry-runs by default: reports created objects and stores nothing', async () => {
    const applier = MonitoringApplier.fromCluster(cluster(['shop']));
    const result = await applier.apply(objects);
    expect(result.dryRun).toBe(true);
    expect(result.objects.map(o => [o.kind, o.change])).toEqual(
      objects.map(o => [o.kind, 'created']),
    );
    const patches = (await requests()).filter(r => r.method === 'PATCH');
    expect(patches).toHaveLength(objects.length);
    for (const patch of patches) {
      expect(patch.params).toEqual(
        expect.arrayContaining([
          ['dryRun', 'All'],
          ['fieldManager', 'sightline-observability'],
        ]),
      );
    }
    const res = await fetch(
      `${url}/apis/monitoring.coreos.com/v1/namespaces/shop/servicemonitors/checkout`,
      { headers: AUTH },
    );
    expect(res.status).toBe(404);
  });

  it('applies, then is idempotent, then reports what changed', async () => {
    const applier = MonitoringApplier.fromCluster(cluster(['shop']));
    const beforeWrite = jest.fn(async () => {});
    const first = await applier.apply(objects, { dryRun: false, beforeWrite });
    expect(first.objects.every(o => o.change === 'created')).toBe(true);
    expect(beforeWrite).toHaveBeenCalledTimes(1);

    const stored = await fetch(
      `${url}/apis/monitoring.coreos.com/v1/namespaces/shop/servicemonitors/checkout`,
      { headers: AUTH },
    ).then(r => r.json());
    expect(stored.metadata.managedFields[0].manager).toBe(
      'sightline-observability',
    );

    await fetch(`${url}/__standin/requests`, { method: 'DELETE' });
    const second = await applier.apply(objects, { dryRun: false });
    expect(second.objects.every(o => o.change === 'unchanged')).toBe(true);
    const writes = (await requests()).filter(
      r => r.method === 'PATCH' && !r.params.some(([k]) => k === 'dryRun'),
    );
    expect(writes).toEqual([]);

    const changed = objects.map(o =>
      o.kind === 'ServiceMonitor'
        ? {
            ...o,
            metadata: {
              ...o.metadata,
              labels: { ...o.metadata!.labels, extra: 'yes' },
            },
          }
        : o,
    );
    const third = await applier.plan(changed as typeof objects);
    expect(third.objects.find(o => o.kind === 'ServiceMonitor')).toEqual(
      expect.objectContaining({
        change: 'configured',
        changedFields: ['.metadata.labels.extra'],
      }),
    );
  });

  it('refuses namespaces outside the allow-list before calling the API', async () => {
    const applier = MonitoringApplier.fromCluster(cluster(['other']));
    await expect(applier.apply(objects)).rejects.toThrow(
      "Cluster 'local' does not allow applying to namespace 'shop'",
    );
    expect(await requests()).toEqual([]);
  });

  it('surfaces a field manager conflict as an input error', async () => {
    const name = 'conflicted';
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'shop', labels: { a: '1' } },
      data: { x: '1' },
    };
    await fetch(
      `${url}/api/v1/namespaces/shop/configmaps/${name}?fieldManager=kubectl`,
      {
        method: 'PATCH',
        headers: { ...AUTH, 'content-type': 'application/apply-patch+yaml' },
        body: JSON.stringify(cm),
      },
    );
    const applier = MonitoringApplier.fromCluster(cluster(['shop']));
    const mine = { ...cm, data: { x: '2' } };
    await expect(applier.apply([mine as any])).rejects.toThrow(
      /409 Apply failed with 1 conflict: conflict with "kubectl": \.data\.x/,
    );
  });
});
