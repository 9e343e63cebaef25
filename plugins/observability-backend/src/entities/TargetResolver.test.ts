import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { readObservabilityConfig } from '../config/ObservabilityConfig';
import { DialectRegistry } from '../dialects/DialectRegistry';
import { TargetResolver } from './TargetResolver';

const resolver = new TargetResolver(
  readObservabilityConfig(
    new ConfigReader({
      observability: {
        clusters: [{ name: 'local', prometheus: { url: 'http://p:9090' } }],
      },
    }),
  ),
  new DialectRegistry(),
);

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', annotations },
  spec: {},
});

describe('TargetResolver', () => {
  it('derives everything from the Kubernetes annotations by default', () => {
    const target = resolver.resolve(
      entity({
        'backstage.io/kubernetes-id': 'checkout',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
      'local',
    );
    expect(target).toMatchObject({
      entityRef: 'component:default/checkout',
      cluster: 'local',
      metrics: {
        selector: 'namespace="shop", service="checkout"',
        dialect: undefined,
      },
      logs: { selector: '{namespace="shop", app="checkout"}' },
      traces: { serviceName: 'checkout' },
      alerts: {
        matchers: [
          { name: 'namespace', op: '=', value: 'shop' },
          { name: 'service', op: '=', value: 'checkout' },
        ],
      },
      dashboards: { uids: [], tags: ['checkout'] },
      problems: [],
    });
  });

  it('asks for detection among every dialect for auto, and among the variants of a named one', () => {
    const auto = resolver.resolve(entity({}), 'local');
    expect(auto.detect?.among.map(d => d.id)).toContain('istio');
    expect(auto.detect?.source).toBe('detected');

    const otel = resolver.resolve(
      entity({ 'sightline.dev/metrics-dialect': 'otel-http' }),
      'local',
    );
    expect(otel.metrics!.dialect!.requestMetric).toBe(
      'http_server_request_duration_seconds_count',
    );
    expect(otel.detect).toEqual({
      among: [expect.objectContaining({ id: 'otel-http' })],
      source: 'annotation',
    });

    const istio = resolver.resolve(
      entity({ 'sightline.dev/metrics-dialect': 'istio' }),
      'local',
    );
    expect(istio.detect).toBeUndefined();
  });

  it('escapes hostile Kubernetes ids inside the default selector', () => {
    const hostile = '"} or vector(1) or {a="';
    const target = resolver.resolve(
      entity({ 'backstage.io/kubernetes-id': hostile }),
      'local',
    );
    expect(target.metrics!.matchers).toContainEqual({
      name: 'service',
      op: '=',
      value: hostile,
    });
    expect(target.metrics!.selector).toBe(
      'namespace="default", service="\\"} or vector(1) or {a=\\""',
    );
  });

  it('builds the custom dialect from the kbot annotations', () => {
    const target = resolver.resolve(
      entity({
        'sightline.dev/prometheus-selector': 'job="kbot"',
        'sightline.dev/metrics-dialect': 'custom',
        'sightline.dev/request-metric': 'kbot_messages_total',
        'sightline.dev/error-matcher': 'status="error"',
        'sightline.dev/duration-metric':
          'kbot_message_processing_duration_seconds_bucket',
      }),
      'local',
    );
    expect(target.problems).toEqual([]);
    expect(target.metrics!.dialect).toMatchObject({
      id: 'custom',
      requestMetric: 'kbot_messages_total',
      errorMatchers: [[{ name: 'status', op: '=', value: 'error' }]],
      durationMetric: 'kbot_message_processing_duration_seconds',
      durationUnit: 'seconds',
    });
  });

  it('reports each malformed annotation and keeps the sections that do not need it', () => {
    const target = resolver.resolve(
      entity({
        'sightline.dev/prometheus-selector':
          'service="x"} or vector(1) or {a="b"',
        'sightline.dev/log-selector': '{app="checkout"} |= "error"',
        'sightline.dev/grafana-dashboards': 'ok-uid, ../../etc',
      }),
      'local',
    );
    expect(target.metrics).toBeUndefined();
    expect(target.logs).toBeUndefined();
    expect(target.alerts).toBeUndefined();
    expect(target.traces).toEqual({ serviceName: 'checkout' });
    expect(target.dashboards.uids).toEqual(['ok-uid']);
    expect(target.problems).toEqual([
      {
        annotation: 'sightline.dev/prometheus-selector',
        value: 'service="x"} or vector(1) or {a="b"',
        message: 'it is not a plain list of label matchers',
        example: 'namespace="shop", service="checkout"',
      },
      expect.objectContaining({ annotation: 'sightline.dev/log-selector' }),
      expect.objectContaining({
        annotation: 'sightline.dev/grafana-dashboards',
        message: "'../../etc' is neither a dashboard uid nor tag:<tag>",
      }),
    ]);
  });

  it('names the known dialects when the annotation has an unknown one', () => {
    const target = resolver.resolve(
      entity({ 'sightline.dev/metrics-dialect': 'zipkin' }),
      'local',
    );
    expect(target.problems[0].message).toContain(
      'use auto, custom or one of prometheus-http, otel-http',
    );
  });

  it('asks for the custom annotations that are missing', () => {
    const target = resolver.resolve(
      entity({ 'sightline.dev/metrics-dialect': 'custom' }),
      'local',
    );
    expect(target.problems.map(p => [p.annotation, p.message])).toEqual([
      [
        'sightline.dev/request-metric',
        'required when sightline.dev/metrics-dialect is custom',
      ],
      [
        'sightline.dev/error-matcher',
        'required when sightline.dev/metrics-dialect is custom',
      ],
    ]);
  });
});
