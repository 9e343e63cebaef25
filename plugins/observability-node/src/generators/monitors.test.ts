import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { goldenCases, loadEntity } from './__fixtures__/cases';
import { MonitoringInputError } from './errors';
import { generateMonitor, generateMonitoring } from './generateMonitoring';
import { MonitoringOptions } from './options';
import { validateOperatorObject } from './validation';

const n8n = loadEntity('n8n');
const release = { release: 'kube-prometheus-stack' };
const options: MonitoringOptions = {
  prometheusOperator: { monitorLabels: release, ruleLabels: release },
  monitor: { port: 'http', namespace: 'monitoring' },
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof MonitoringInputError) return e.problems;
    throw e;
  }
  throw new Error('expected the generator to refuse the input');
}

/*
 * Seed 004's "No Data" checklist (ServiceMonitor → Dashboard), as tests:
 * wrong namespace, missing release label, port number instead of name,
 * selector labels that do not match the Service's.
 */
describe('ServiceMonitor and the "No Data" checklist of seed 004', () => {
  it('Problem 1, wrong namespace: wherever the monitor lives, namespaceSelector names the workload namespace', () => {
    const inMonitoring = generateMonitor(
      { entity: n8n },
      options,
    ) as IServiceMonitor;
    expect(inMonitoring.metadata?.namespace).toBe('monitoring');
    expect(inMonitoring.spec.namespaceSelector).toEqual({
      matchNames: ['n8n-prod'],
    });

    const besideTheApp = generateMonitor(
      { entity: n8n },
      { ...options, monitor: { port: 'http' } },
    ) as IServiceMonitor;
    expect(besideTheApp.metadata?.namespace).toBe('n8n-prod');
    expect(besideTheApp.spec.namespaceSelector).toEqual({
      matchNames: ['n8n-prod'],
    });
  });

  it('refuses a monitor namespace that is not a namespace name', () => {
    expect(
      problemsOf(() =>
        generateMonitor(
          { entity: n8n },
          { ...options, monitor: { port: 'http', namespace: 'Monitoring!' } },
        ),
      ),
    ).toEqual(['monitor.namespace "Monitoring!" is not a namespace name']);
  });

  it('missing release label: carries the labels the cluster Prometheus selects monitors by', () => {
    const monitor = generateMonitor({ entity: n8n }, options);
    expect(monitor.metadata?.labels).toMatchObject({
      release: 'kube-prometheus-stack',
    });

    const main = generateMonitor(
      { entity: loadEntity('myapp') },
      {
        prometheusOperator: { monitorLabels: { prometheus: 'main' } },
        monitor: { port: 'metrics' },
      },
    );
    expect(main.metadata?.labels).toMatchObject({ prometheus: 'main' });
    expect(main.metadata?.labels).not.toHaveProperty('release');
  });

  it('warns when the cluster has no monitor labels configured', () => {
    const { warnings } = generateMonitoring(
      { entity: n8n },
      { monitor: { port: 'http' } },
    );
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'No prometheusOperator.monitorLabels are configured',
        ),
      ]),
    );
  });

  it('lets the cluster labels win over generated ones of the same key', () => {
    const monitor = generateMonitor(
      { entity: n8n },
      {
        ...options,
        prometheusOperator: {
          monitorLabels: { 'app.kubernetes.io/managed-by': 'flux', ...release },
        },
      },
    );
    expect(monitor.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe(
      'flux',
    );
  });

  it('refuses cluster labels that are not Kubernetes labels', () => {
    expect(
      problemsOf(() =>
        generateMonitor(
          { entity: n8n },
          {
            ...options,
            prometheusOperator: {
              monitorLabels: { release: 'kube prometheus' },
            },
          },
        ),
      ),
    ).toEqual([
      'prometheusOperator.monitorLabels: "kube prometheus" (for release) is not a Kubernetes label value; quote numbers, e.g. "1"',
    ]);
  });

  it('Problem 3 and step 2, numeric port: refuses a port number, as string or number, before producing anything', () => {
    for (const port of ['5678', 5678 as unknown as string]) {
      expect(
        problemsOf(() =>
          generateMonitoring(
            { entity: n8n },
            { ...options, monitor: { port } },
          ),
        ),
      ).toEqual([
        'monitor.port "5678" is a port number; ServiceMonitor endpoints select the port by NAME, so give the Service\'s spec.ports[].name that serves metrics (e.g. "metrics" or "http"), not its number',
      ]);
    }
  });

  it('requires a port name and refuses one Kubernetes would not accept', () => {
    expect(
      problemsOf(() =>
        generateMonitoring(
          { entity: n8n },
          { prometheusOperator: options.prometheusOperator },
        ),
      ),
    ).toEqual([
      'monitor.port is required: the NAME of the port that serves metrics, as in the Service\'s spec.ports[].name (e.g. "metrics" or "http")',
    ]);
    expect(
      problemsOf(() =>
        generateMonitor({ entity: n8n }, { monitor: { port: 'Metrics_Port' } }),
      ),
    ).toEqual([
      'monitor.port "Metrics_Port" is not a Kubernetes port name (at most 15 lower-case letters, digits and "-", with a letter)',
    ]);
  });

  it('puts the port NAME on the endpoint, for ServiceMonitor and PodMonitor alike', () => {
    const service = generateMonitor(
      { entity: n8n },
      options,
    ) as IServiceMonitor;
    expect(service.spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s', scheme: 'http' },
    ]);
    const pod = generateMonitor(
      { entity: loadEntity('myapp') },
      { monitor: { kind: 'PodMonitor', port: 'metrics', interval: '15s' } },
    ) as IPodMonitor;
    expect(pod.kind).toBe('PodMonitor');
    expect(pod.spec.podMetricsEndpoints).toEqual([
      { port: 'metrics', path: '/metrics', interval: '15s', scheme: 'http' },
    ]);
    expect(pod.spec.selector).toEqual({ matchLabels: { app: 'myapp' } });
  });

  it('Problem 2, label mismatch: selects by the labels the Kubernetes plugin finds the workload by', () => {
    // n8n's Service is labelled app: n8n (annotation backstage.io/kubernetes-label-selector).
    const byAnnotation = generateMonitor(
      { entity: n8n },
      options,
    ) as IServiceMonitor;
    expect(byAnnotation.spec.selector).toEqual({ matchLabels: { app: 'n8n' } });
    // …and the job label comes from that same label, so alerts find `up{job="n8n"}`.
    expect(byAnnotation.spec.jobLabel).toBe('app');

    // Without the annotation: backstage.io/kubernetes-id=<kubernetes-id>.
    const kbot = generateMonitor(
      { entity: loadEntity('kbot') },
      { monitor: { port: 'http' } },
    ) as IServiceMonitor;
    expect(kbot.spec.selector).toEqual({
      matchLabels: { 'backstage.io/kubernetes-id': 'kbot' },
    });
  });

  it('translates set-based label selectors into matchExpressions', () => {
    const monitor = generateMonitor(
      {
        entity: n8n,
        labelSelector:
          'app=n8n, tier in (web,api), !canary, track!=legacy, release',
      },
      options,
    ) as IServiceMonitor;
    expect(monitor.spec.selector).toEqual({
      matchLabels: { app: 'n8n' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['api', 'web'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'track', operator: 'NotIn', values: ['legacy'] },
        { key: 'release', operator: 'Exists' },
      ],
    });
  });

  it('refuses a label selector it cannot read, naming the annotation', () => {
    const entity = {
      ...n8n,
      metadata: {
        ...n8n.metadata,
        annotations: {
          ...n8n.metadata.annotations,
          'backstage.io/kubernetes-label-selector': 'app=n8n,app=other',
        },
      },
    };
    expect(problemsOf(() => generateMonitor({ entity }, options))).toEqual([
      'annotation backstage.io/kubernetes-label-selector: "app=n8n,app=other" is not a Kubernetes label selector ("app" required to equal two values); write it like app.kubernetes.io/name=n8n,tier in (web,api)',
    ]);
  });

  it('validates against the Prometheus Operator CRD schema with @kubernetes-models', () => {
    const monitor = generateMonitor(
      { entity: n8n },
      options,
    ) as IServiceMonitor;
    expect(() => validateOperatorObject(monitor)).not.toThrow();
    const broken = {
      ...monitor,
      spec: { ...monitor.spec, endpoints: [{ port: 5678 }] },
    } as unknown as IServiceMonitor;
    expect(() => validateOperatorObject(broken)).toThrow(
      'ServiceMonitor n8n fails the CRD schema: /spec/endpoints/0/port must be string',
    );
  });

  it('generates valid monitors for every seed-shaped entity', () => {
    for (const c of goldenCases()) {
      const monitor = generateMonitor(c.input, c.options);
      expect(() => validateOperatorObject(monitor)).not.toThrow();
    }
  });
});
