import { Entity } from '@backstage/catalog-model';
import { OBSERVABILITY_ANNOTATIONS as A } from '@sightline/plugin-observability-common';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { goldenCases, loadEntity } from './__fixtures__/cases';
import { MonitoringInputError } from './errors';
import { generateMonitoring } from './generateMonitoring';
import { MonitoringResult } from './types';

/*
 * Golden files: __fixtures__/golden/<case>/ holds every generated file plus
 * annotations.json and warnings.json, each with a `.golden` suffix so that
 * formatters and manifest tooling leave the bytes alone. After an intended
 * change of output, regenerate them with UPDATE_GOLDEN=1 and review the diff.
 */
const GOLDEN = join(__dirname, '__fixtures__', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function goldenFiles(result: MonitoringResult): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of result.files) files[file.path] = file.content;
  files['annotations.json'] = `${JSON.stringify(
    result.annotations,
    null,
    2,
  )}\n`;
  files['warnings.json'] = `${JSON.stringify(result.warnings, null, 2)}\n`;
  return files;
}

function goldenPath(dir: string, path: string): string {
  return join(dir, `${path}.golden`);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(dir, join(entry.parentPath, entry.name)))
    .map(path => path.replace(/\.golden$/, ''))
    .sort();
}

describe('generateMonitoring', () => {
  describe.each(goldenCases().map(c => [c.name, c] as const))(
    'golden files for %s',
    (name, c) => {
      const dir = join(GOLDEN, name);
      const files = goldenFiles(generateMonitoring(c.input, c.options));

      if (UPDATE) {
        rmSync(dir, { recursive: true, force: true });
        for (const [path, content] of Object.entries(files)) {
          mkdirSync(dirname(goldenPath(dir, path)), { recursive: true });
          writeFileSync(goldenPath(dir, path), content);
        }
      }

      it('writes exactly the golden files', () => {
        expect(Object.keys(files).sort()).toEqual(listFiles(dir));
      });

      it.each(Object.keys(files))('matches %s', path => {
        expect(files[path]).toBe(readFileSync(goldenPath(dir, path), 'utf8'));
      });
    },
  );

  it('is deterministic: the same input gives the same bytes', () => {
    for (const c of goldenCases()) {
      const first = generateMonitoring(c.input, c.options);
      const again = goldenCases().find(other => other.name === c.name)!;
      const second = generateMonitoring(again.input, again.options);
      expect(second.files).toEqual(first.files);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    }
  });

  it('does not depend on the key order of label maps', () => {
    const [kbot] = goldenCases();
    const labels = {
      release: 'kube-prometheus-stack',
      'example.com/tier': 'apps',
    };
    const reversed = Object.fromEntries(Object.entries(labels).reverse());
    const a = generateMonitoring(kbot.input, {
      ...kbot.options,
      prometheusOperator: { monitorLabels: labels, ruleLabels: labels },
    });
    const b = generateMonitoring(kbot.input, {
      ...kbot.options,
      prometheusOperator: { monitorLabels: reversed, ruleLabels: reversed },
    });
    expect(b.files).toEqual(a.files);
  });

  it('lays out files per entity under the directory', () => {
    const [kbot, , n8n] = goldenCases();
    expect(
      generateMonitoring(kbot.input, kbot.options).files.map(f => f.path),
    ).toEqual([
      'monitoring/kbot-servicemonitor.yaml',
      'monitoring/kbot-prometheusrule.yaml',
      'monitoring/kbot-dashboard.yaml',
      'monitoring/kbot-openslo.yaml',
      'monitoring/kustomization.yaml',
    ]);
    const pod = generateMonitoring(n8n.input, {
      ...n8n.options,
      monitor: { kind: 'PodMonitor', port: 'http' },
      dashboard: { delivery: { type: 'none' } },
      directory: 'deploy/observability/',
    });
    expect(pod.files.map(f => f.path)).toEqual([
      'deploy/observability/n8n-podmonitor.yaml',
      'deploy/observability/n8n-prometheusrule.yaml',
      'deploy/observability/n8n-openslo.yaml',
      'deploy/observability/kustomization.yaml',
    ]);
    expect(pod.objects.map(o => o.kind)).toEqual([
      'PodMonitor',
      'PrometheusRule',
    ]);
    const kustomization = parseAllDocuments(pod.files[3].content)[0].toJS();
    expect(kustomization.resources).toEqual([
      'n8n-podmonitor.yaml',
      'n8n-prometheusrule.yaml',
    ]);
  });

  it('renders each file as YAML that parses back to its objects', () => {
    const [, myapp] = goldenCases();
    const result = generateMonitoring(myapp.input, myapp.options);
    const parsed = result.files
      .slice(0, 3)
      .map(f => parseAllDocuments(f.content).map(doc => doc.toJS()));
    expect(parsed).toEqual(result.objects.map(object => [object]));
  });

  it('labels every object with the entity and the generator version', () => {
    for (const c of goldenCases()) {
      for (const object of generateMonitoring(c.input, c.options).objects) {
        expect(object.metadata?.labels).toMatchObject({
          'sightline.dev/entity': `component.default.${c.name}`,
          'sightline.dev/generator': 'observability-0.1.0',
        });
        expect(object.metadata?.annotations).toEqual(
          expect.objectContaining({
            'sightline.dev/entity-ref': `component:default/${c.name}`,
          }),
        );
      }
    }
  });

  it('exports the SLOs as OpenSLO v1 with good/total Prometheus queries', () => {
    const [kbot] = goldenCases();
    const file = generateMonitoring(kbot.input, kbot.options).files[3];
    const docs = parseAllDocuments(file.content).map(doc => doc.toJS());
    expect(
      docs.map(d => [
        d.apiVersion,
        d.kind,
        d.metadata.name,
        d.spec.objectives[0].target,
      ]),
    ).toEqual([
      ['openslo/v1', 'SLO', 'kbot-availability', 0.995],
      ['openslo/v1', 'SLO', 'kbot-latency', 0.99],
    ]);
    expect(docs[0].spec.indicator.spec.ratioMetric).toEqual({
      counter: true,
      good: {
        metricSource: {
          type: 'Prometheus',
          spec: {
            query:
              'sum(kbot_messages_total{namespace="demo", job="kbot"}) - (sum(kbot_messages_total{namespace="demo", job="kbot", status="error"}) or vector(0))',
          },
        },
      },
      total: {
        metricSource: {
          type: 'Prometheus',
          spec: {
            query: 'sum(kbot_messages_total{namespace="demo", job="kbot"})',
          },
        },
      },
    });
    expect(docs[1].spec.timeWindow).toEqual([
      { duration: '30d', isRolling: true },
    ]);
  });

  it('returns catalog annotations that, set on the entity, give back the same monitoring', () => {
    for (const c of goldenCases()) {
      const result = generateMonitoring(c.input, c.options);
      expect(
        Object.keys(result.annotations).every(key =>
          key.startsWith('sightline.dev/'),
        ),
      ).toBe(true);
      const entity: Entity = {
        ...c.input.entity!,
        metadata: {
          ...c.input.entity!.metadata,
          annotations: {
            ...c.input.entity!.metadata.annotations,
            ...result.annotations,
          },
        },
      };
      const again = generateMonitoring(
        { entity, histogramBuckets: c.input.histogramBuckets },
        c.options,
      );
      expect(again.files).toEqual(result.files);
    }
  });

  it('points at the OpenSLO file when the SLOs do not fit the short annotations', () => {
    const [kbot] = goldenCases();
    const result = generateMonitoring(
      {
        ...kbot.input,
        slos: [
          {
            name: 'availability',
            kind: 'availability',
            objective: 0.995,
            windowMs: 30 * 86_400_000,
          },
          {
            name: 'commands',
            kind: 'availability',
            objective: 0.99,
            windowMs: 7 * 86_400_000,
          },
        ],
      },
      kbot.options,
    );
    expect(result.annotations[A.sloFile]).toBe('monitoring/kbot-openslo.yaml');
    expect(result.annotations).not.toHaveProperty(A.sloAvailability);
  });

  it('refuses bad input with every problem before producing anything', () => {
    const [, , n8n] = goldenCases();
    let error: unknown;
    try {
      generateMonitoring(
        {
          ...n8n.input,
          slos: [
            {
              name: 'availability',
              kind: 'availability',
              objective: 99.9,
              windowMs: 30 * 86_400_000,
            },
          ],
        },
        {
          ...n8n.options,
          monitor: { port: '5678' },
          dashboard: {
            delivery: { type: 'grafana-operator', instanceSelector: {} },
          },
          directory: '../outside',
        },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MonitoringInputError);
    expect((error as MonitoringInputError).name).toBe('InputError');
    expect((error as MonitoringInputError).problems).toEqual([
      'monitor.port "5678" is a port number; ServiceMonitor endpoints select the port by NAME, so give the Service\'s spec.ports[].name that serves metrics (e.g. "metrics" or "http"), not its number',
      'SLO "availability": objective 99.9 must be a ratio between 0 and 1 (0.999 for 99.9 %)',
      'dashboard.delivery.instanceSelector is required for a GrafanaDashboard: the labels of the Grafana instance(s) that load it, e.g. { dashboards: "grafana" }',
      'directory "../outside" must be a relative path inside the workspace, e.g. monitoring',
    ]);
  });

  it('reports malformed entity annotations by name, with an example', () => {
    const entity = loadEntity('kbot');
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [A.sloLatency]: 'fast please',
      [A.errorMatcher]: 'status = error',
    };
    expect(() =>
      generateMonitoring({ entity }, { monitor: { port: 'http' } }),
    ).toThrow(
      'Cannot generate monitoring:\n- annotation sightline.dev/error-matcher: "status = error" is not a list of label matchers like namespace="shop", service="checkout"\n- annotation sightline.dev/slo-latency: "fast please" is not a latency objective; write "<percent>% < <threshold>" or "p<percentile> < <threshold>", e.g. 99% < 300ms or p95 < 1.5s',
    );
  });

  it('reads SLO objectives as the SLO pages do: a percentile and a "%" suffix are accepted', () => {
    const entity = loadEntity('kbot');
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [A.sloAvailability]: '99.9 %',
      [A.sloLatency]: 'p95 < 250ms',
    };
    const { files } = generateMonitoring(
      { entity },
      { monitor: { port: 'http' } },
    );
    const openSlo = files.find(f => /openslo/i.test(f.path))!.content;
    expect(openSlo).toContain('target: 0.999');
    expect(openSlo).toContain('target: 0.95');
  });
});
