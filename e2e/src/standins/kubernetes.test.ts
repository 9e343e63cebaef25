/*
 * The Kubernetes API stand-in (e2e/standins/kubernetes.mjs) refuses what a
 * real API server refuses for server-side apply
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/):
 * wrong content type, no fieldManager, a dryRun other than All, an object
 * that does not match its URL, unknown resources, and conflicting field
 * managers without force; and it lists what a test loaded (Services, Pods,
 * Namespaces, monitors, Prometheus resources) as the API does, with label
 * selectors. It runs in a child process on a free port.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const SCRIPT = path.resolve(__dirname, '../../standins/kubernetes.mjs');
const APPLY = 'application/apply-patch+yaml';
const SM_PATH =
  '/apis/monitoring.coreos.com/v1/namespaces/shop/servicemonitors/checkout';
const SERVICE_MONITOR = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'checkout', namespace: 'shop', labels: { a: '1' } },
  spec: { endpoints: [{ port: 'metrics' }] },
};

let child: ChildProcess;
let base: string;

beforeAll(async () => {
  child = spawn(process.execPath, [SCRIPT, '--port', '0', '--token', 't0k'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    createInterface({ input: child.stdout! }).once('line', line =>
      resolve(JSON.parse(line).url),
    );
  });
});

afterAll(() => {
  child.kill();
});

async function call(
  method: string,
  urlPath: string,
  options: { body?: unknown; contentType?: string; token?: string | null } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token !== null) {
    headers.authorization = `Bearer ${options.token ?? 't0k'}`;
  }
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? APPLY;
  }
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: res.status, body: await res.json() };
}

describe('Kubernetes API stand-in: server-side apply', () => {
  it('needs the bearer token', async () => {
    const res = await call('GET', SM_PATH, { token: null });
    expect(res.status).toBe(401);
  });

  it('serves discovery for the monitoring resources', async () => {
    const res = await call('GET', '/apis/monitoring.coreos.com/v1');
    expect(res.body.resources.map((r: { name: string }) => r.name)).toEqual([
      'servicemonitors',
      'podmonitors',
      'prometheusrules',
      'prometheuses',
    ]);
  });

  it('refuses other patch types, a missing fieldManager and a bad dryRun', async () => {
    const merge = await call('PATCH', `${SM_PATH}?fieldManager=m`, {
      body: SERVICE_MONITOR,
      contentType: 'application/merge-patch+json',
    });
    expect([merge.status, merge.body.reason]).toEqual([
      415,
      'UnsupportedMediaType',
    ]);
    const noManager = await call('PATCH', SM_PATH, { body: SERVICE_MONITOR });
    expect([noManager.status, noManager.body.message]).toEqual([
      422,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ]);
    const dryRun = await call('PATCH', `${SM_PATH}?fieldManager=m&dryRun=Yes`, {
      body: SERVICE_MONITOR,
    });
    expect(dryRun.status).toBe(400);
  });

  it('refuses objects that do not match the URL and unknown resources', async () => {
    const wrongName = await call('PATCH', `${SM_PATH}?fieldManager=m`, {
      body: {
        ...SERVICE_MONITOR,
        metadata: { ...SERVICE_MONITOR.metadata, name: 'other' },
      },
    });
    expect(wrongName.body.message).toBe(
      'the name of the object (other) does not match the name on the URL (checkout)',
    );
    const wrongNamespace = await call('PATCH', `${SM_PATH}?fieldManager=m`, {
      body: {
        ...SERVICE_MONITOR,
        metadata: { ...SERVICE_MONITOR.metadata, namespace: 'kube-system' },
      },
    });
    expect(wrongNamespace.status).toBe(400);
    const wrongKind = await call('PATCH', `${SM_PATH}?fieldManager=m`, {
      body: { ...SERVICE_MONITOR, kind: 'PodMonitor' },
    });
    expect(wrongKind.status).toBe(400);
    const unknown = await call(
      'PATCH',
      '/apis/apps/v1/namespaces/shop/deployments/checkout?fieldManager=m',
      { body: { apiVersion: 'apps/v1', kind: 'Deployment' } },
    );
    expect(unknown.status).toBe(404);
  });

  it('stores nothing with dryRun=All, creates, then reports no change', async () => {
    const dry = await call('PATCH', `${SM_PATH}?fieldManager=m&dryRun=All`, {
      body: SERVICE_MONITOR,
    });
    expect(dry.status).toBe(201);
    expect((await call('GET', SM_PATH)).status).toBe(404);

    const created = await call('PATCH', `${SM_PATH}?fieldManager=m`, {
      body: SERVICE_MONITOR,
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields[0]).toEqual(
      expect.objectContaining({ manager: 'm', operation: 'Apply' }),
    );
    const again = await call('PATCH', `${SM_PATH}?fieldManager=m`, {
      body: SERVICE_MONITOR,
    });
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(
      created.body.metadata.resourceVersion,
    );
  });

  it('reports conflicts with another field manager unless forced', async () => {
    const theirs = {
      ...SERVICE_MONITOR,
      metadata: { ...SERVICE_MONITOR.metadata, labels: { a: '2' } },
    };
    const conflict = await call('PATCH', `${SM_PATH}?fieldManager=other`, {
      body: theirs,
    });
    expect([conflict.status, conflict.body.reason]).toEqual([409, 'Conflict']);
    expect(conflict.body.details.causes).toEqual([
      {
        type: 'FieldManagerConflict',
        message: 'conflict with "m"',
        field: '.metadata.labels.a',
      },
    ]);
    const forced = await call(
      'PATCH',
      `${SM_PATH}?fieldManager=other&force=true`,
      { body: theirs },
    );
    expect(forced.status).toBe(200);
    expect(forced.body.metadata.labels).toEqual({ a: '2' });
  });

  it('removes fields a manager applied before and no longer applies', async () => {
    const cmPath = '/api/v1/namespaces/shop/configmaps/dash';
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dash' },
      data: { a: '1', b: '2' },
    };
    await call('PATCH', `${cmPath}?fieldManager=m`, { body: cm });
    const res = await call('PATCH', `${cmPath}?fieldManager=m`, {
      body: { ...cm, data: { a: '1' } },
    });
    expect(res.body.data).toEqual({ a: '1' });
  });
});

describe('Kubernetes API stand-in: reading loaded objects', () => {
  const svc = (name: string, labels: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop', labels },
    spec: { ports: [{ name: 'http', port: 80 }] },
  });

  beforeAll(async () => {
    const res = await call('PUT', '/__standin/objects', {
      body: [
        svc('checkout', { app: 'checkout', tier: 'web' }),
        svc('payments', { app: 'payments', tier: 'api' }),
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'shop', labels: { team: 'shop' } },
        },
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: {
            name: 'checkout',
            namespace: 'monitoring',
            labels: { release: 'kps' },
          },
          spec: { endpoints: [{ port: 'http' }] },
        },
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'Prometheus',
          metadata: { name: 'main', namespace: 'monitoring' },
          spec: { serviceMonitorSelector: { matchLabels: { release: 'kps' } } },
        },
      ],
      contentType: 'application/json',
    });
    expect(res.body).toEqual({ loaded: 5 });
  });

  it('serves /readyz without a token, as a real API server does', async () => {
    const res = await fetch(`${base}/readyz`);
    expect([res.status, await res.text()]).toEqual([200, 'ok']);
  });

  it('lists a namespace by label selector, in the List shape', async () => {
    const all = await call('GET', '/api/v1/namespaces/shop/services');
    expect(all.body.kind).toBe('ServiceList');
    expect(all.body.items.map((i: any) => i.metadata.name)).toEqual([
      'checkout',
      'payments',
    ]);
    const web = await call(
      'GET',
      `/api/v1/namespaces/shop/services?labelSelector=${encodeURIComponent(
        'tier in (web),app!=payments',
      )}`,
    );
    expect(web.body.items.map((i: any) => i.metadata.name)).toEqual([
      'checkout',
    ]);
    const none = await call(
      'GET',
      '/api/v1/namespaces/shop/services?labelSelector=missing',
    );
    expect(none.body.items).toEqual([]);
    const bad = await call(
      'GET',
      '/api/v1/namespaces/shop/services?labelSelector=a%3D%3Db%3Dc',
    );
    expect(bad.status).toBe(400);
  });

  it('lists monitors and Prometheus resources across namespaces, and namespaces cluster-wide', async () => {
    const monitors = await call(
      'GET',
      '/apis/monitoring.coreos.com/v1/servicemonitors',
    );
    expect(monitors.body.items.map((i: any) => i.metadata.namespace)).toEqual([
      'monitoring',
    ]);
    const prometheuses = await call(
      'GET',
      '/apis/monitoring.coreos.com/v1/prometheuses',
    );
    expect(prometheuses.body.items[0].spec.serviceMonitorSelector).toEqual({
      matchLabels: { release: 'kps' },
    });
    const namespace = await call('GET', '/api/v1/namespaces/shop');
    expect(namespace.body.metadata.labels).toEqual({ team: 'shop' });
    expect((await call('GET', '/api/v1/services/checkout')).status).toBe(404);
  });
});
