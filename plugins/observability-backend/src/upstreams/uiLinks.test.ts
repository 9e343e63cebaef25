import { UpstreamKind } from '@sightline/plugin-observability-common';
import { JaegerTraceBackend } from '../traces/jaeger/JaegerTraceBackend';
import { upstreamClients } from '../__testUtils__/upstreamClients';
import { AlertmanagerClient } from './clients/AlertmanagerClient';
import { PrometheusClient } from './clients/PrometheusClient';
import { browserLink } from './uiLinks';

/** An upstream as the config reader makes it; nothing is requested. */
const http = (kind: UpstreamKind, upstream: object) =>
  upstreamClients({ name: 'prod', [kind]: upstream })(kind);

const INTERNAL = 'http://alertmanager.monitoring.svc:9093';
const matchers = [{ name: 'service', op: '=' as const, value: 'checkout' }];

describe('links into upstream UIs', () => {
  describe('Alertmanager', () => {
    it('links alerts and silences at externalUrl when set', () => {
      const am = new AlertmanagerClient(
        http('alertmanager', {
          url: INTERNAL,
          externalUrl: 'https://alerts.example.com/am/',
          token: 'secret-token',
        }),
      );
      expect(am.uiUrl(matchers)).toBe(
        `https://alerts.example.com/am/#/alerts?silenced=true&inhibited=true&filter=${encodeURIComponent(
          '{service="checkout"}',
        )}`,
      );
      expect(am.silenceUrl('b1d5e9c0-1')).toBe(
        'https://alerts.example.com/am/#/silences/b1d5e9c0-1',
      );
    });

    it('links at url otherwise, never with its credentials', () => {
      const am = new AlertmanagerClient(
        http('alertmanager', { url: 'http://admin:hunter2@127.0.0.1:9093/' }),
      );
      expect(am.uiUrl(matchers)).toMatch(
        /^http:\/\/127\.0\.0\.1:9093\/#\/alerts\?/,
      );
      expect(am.silenceUrl('a/b')).toBe(
        'http://127.0.0.1:9093/#/silences/a%2Fb',
      );
      expect(am.uiUrl(matchers)).not.toContain('hunter2');
    });
  });

  describe('Jaeger', () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';

    it('links a trace at externalUrl when set, under its base path', () => {
      const jaeger = new JaegerTraceBackend(
        http('jaeger', {
          url: 'http://jaeger-query.tracing:16686/jaeger',
          externalUrl: 'https://ops.example.com/jaeger',
        }),
      );
      expect(jaeger.uiTraceUrl(id)).toBe(
        `https://ops.example.com/jaeger/trace/${id}`,
      );
    });

    it('links at url otherwise', () => {
      const jaeger = new JaegerTraceBackend(
        http('jaeger', { url: 'http://127.0.0.1:16686' }),
      );
      expect(jaeger.uiTraceUrl(id)).toBe(`http://127.0.0.1:16686/trace/${id}`);
    });
  });

  describe("Prometheus's own links (an alert's generatorURL)", () => {
    const graph = '/graph?g0.expr=up%7Bjob%3D%22checkout%22%7D&g0.tab=1';
    const prometheus = (upstream: object) =>
      new PrometheusClient(http('prometheus', upstream));

    it('moves a link to the in-cluster Service onto externalUrl', () => {
      const prom = prometheus({
        url: 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090',
        externalUrl: 'https://prometheus.example.com/',
      });
      // kube-prometheus-stack's default --web.external-url is the Service, short form.
      for (const host of [
        'kube-prometheus-stack-prometheus.monitoring',
        'kube-prometheus-stack-prometheus.monitoring.svc',
        'KUBE-prometheus-stack-prometheus.monitoring.svc.cluster.local.',
      ]) {
        expect(prom.browserLink(`http://${host}:9090${graph}`)).toBe(
          `https://prometheus.example.com${graph}`,
        );
      }
    });

    it("keeps the url's path prefix apart from the page", () => {
      const prom = prometheus({
        url: 'http://thanos-query.monitoring:9090/thanos',
        externalUrl: 'https://ops.example.com/metrics',
      });
      expect(
        prom.browserLink(`http://thanos-query.monitoring:9090/thanos${graph}`),
      ).toBe(`https://ops.example.com/metrics${graph}`);
      // Same host, another path: not this upstream's page.
      expect(
        prom.browserLink(`http://thanos-query.monitoring:9090/other${graph}`),
      ).toBe(`http://thanos-query.monitoring:9090/other${graph}`);
    });

    it('leaves links elsewhere, and links when no externalUrl is set, as they are', () => {
      const withExternal = prometheus({
        url: 'http://prometheus.monitoring:9090',
        externalUrl: 'https://prometheus.example.com',
      });
      expect(
        withExternal.browserLink(`https://prom.corp.example${graph}`),
      ).toBe(`https://prom.corp.example${graph}`);
      // Another port is another server.
      expect(
        withExternal.browserLink(`http://prometheus.monitoring:9091${graph}`),
      ).toBe(`http://prometheus.monitoring:9091${graph}`);
      const local = prometheus({ url: 'http://127.0.0.1:9090' });
      expect(local.browserLink(`http://127.0.0.1:9090${graph}`)).toBe(
        `http://127.0.0.1:9090${graph}`,
      );
    });

    it('drops credentials and anything but http(s)', () => {
      expect(browserLink(`http://u:pw@prom.example.com${graph}`)).toBe(
        `http://prom.example.com${graph}`,
      );
      // eslint-disable-next-line no-script-url -- the hostile link under test
      expect(browserLink('javascript:alert(1)')).toBeUndefined();
      expect(browserLink('not a url')).toBeUndefined();
      expect(browserLink('')).toBeUndefined();
      expect(browserLink(undefined)).toBeUndefined();
    });
  });
});
