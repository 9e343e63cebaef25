// Kubernetes objects of the demo shop as kube-prometheus-stack runs it
// (Prometheus `kube-prometheus-stack-prometheus` in `monitoring`, selecting
// monitors labelled `release: kube-prometheus-stack` in every namespace),
// shaped as the Kubernetes API serves them. The objects follow seed 004's
// ServiceMonitor chapter; the options break them the ways its "No Data"
// section lists.

const PROMETHEUS_NAME = 'kube-prometheus-stack-prometheus';
const RELEASE = { release: 'kube-prometheus-stack' };
const APP = { 'app.kubernetes.io/name': 'checkout' };

export interface ShopOptions {
  /** Spec fields of the Prometheus resource to override (undefined removes one). */
  prometheus?: Record<string, unknown> & { name?: string };
  /** The ServiceMonitor's overrides; `null`: no monitor at all. */
  monitor?: {
    namespace?: string;
    labels?: Record<string, string>;
    selector?: object;
    port?: string;
    namespaceSelector?: object;
  } | null;
  /** Name of the Service port; `null`: unnamed. */
  servicePort?: string | null;
  podReady?: boolean;
}

function kubePrometheusStack(): object[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'monitoring' },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ];
}

export function shopObjects(options: ShopOptions = {}): object[] {
  const { name: prometheusName, ...prometheusSpec } = options.prometheus ?? {};
  const spec: Record<string, unknown> = {
    serviceMonitorSelector: { matchLabels: RELEASE },
    serviceMonitorNamespaceSelector: {},
    podMonitorSelector: { matchLabels: RELEASE },
    podMonitorNamespaceSelector: {},
    ...prometheusSpec,
  };
  for (const key of Object.keys(spec)) {
    if (spec[key] === undefined) delete spec[key];
  }
  const port = options.servicePort === undefined ? 'http' : options.servicePort;
  const monitor = options.monitor === undefined ? {} : options.monitor;
  const objects: object[] = [
    ...kubePrometheusStack(),
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: {
        name: prometheusName ?? PROMETHEUS_NAME,
        namespace: 'monitoring',
      },
      spec,
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'checkout', namespace: 'shop', labels: APP },
      spec: {
        selector: APP,
        ports: [
          {
            ...(port ? { name: port } : {}),
            port: 9101,
            targetPort: 9101,
            protocol: 'TCP',
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'checkout-7c9f6d5b8-x2k9p',
        namespace: 'shop',
        labels: { ...APP, 'pod-template-hash': '7c9f6d5b8' },
      },
      spec: {
        containers: [
          {
            name: 'checkout',
            ports: [{ name: 'http', containerPort: 9101 }],
          },
        ],
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: options.podReady === false ? 'False' : 'True',
          },
        ],
      },
    },
  ];
  if (monitor) {
    const namespaceSelector =
      'namespaceSelector' in monitor
        ? monitor.namespaceSelector
        : { matchNames: ['shop'] };
    objects.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {
        name: 'checkout',
        namespace: monitor.namespace ?? 'shop',
        labels: monitor.labels ?? RELEASE,
      },
      spec: {
        selector: monitor.selector ?? { matchLabels: APP },
        ...(namespaceSelector ? { namespaceSelector } : {}),
        endpoints: [
          { port: monitor.port ?? 'http', path: '/metrics', interval: '30s' },
        ],
      },
    });
  }
  return objects;
}

/** Everything in order: checkout is scraped as the local stack scrapes it. */
export function healthyShop(): object[] {
  return shopObjects();
}
