/**
 * Hostile input: every value of __fixtures__/hostileValues.ts through every
 * query and path parameter of every read route in openapi.yaml (and the
 * silence body), and through every annotation of a test entity. No answer is
 * a 5xx; a refusal is a 4xx whose message names what was wrong. And from what
 * the upstreams actually received (real Prometheus and Alertmanager behind
 * recording proxies, the Loki/Tempo/Grafana stand-ins' request logs), no
 * query ever selects outside the entity's matchers.
 */
import {
  LabelMatcher,
  OBSERVABILITY_ANNOTATIONS,
} from '@sightline/plugin-observability-common';
import { Server } from 'node:http';
import request from 'supertest';
import {
  AmMatcher,
  fromAmMatcher,
} from '../upstreams/clients/AlertmanagerClient';
import { startStackBackend } from '../__testUtils__/localStackBackend';
import { spec } from '../schema/openapi';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { auditLogQL } from '../__testUtils__/logqlAudit';
import { includesAll, promqlSelectors } from '../__testUtils__/queryAudit';
import { RecordingProxy } from '../__testUtils__/RecordingProxy';
import { param, Standins, startStandins } from '../__testUtils__/standins';
import { writeTelemetryFixtures } from '../__testUtils__/telemetryFixtures';
import { auditTraceQL } from '../__testUtils__/traceqlAudit';
import { HOSTILE_VALUES } from './__fixtures__/hostileValues';
import { kubeStateMatchers } from '../deployments/sources/KubeStateMetricsSource';

jest.setTimeout(240_000);

const API = '/api/observability';
const CHECKOUT = `${API}/entities/component/default/checkout`;
const CONCURRENCY = 32;

/** checkout's scope, as the default selectors build it. */
const CHECKOUT_MATCHERS = [
  { name: 'namespace', op: '=' as const, value: 'shop' },
  { name: 'service', op: '=' as const, value: 'checkout' },
];
const CHECKOUT_SLOTH = [
  { name: 'sloth_service', op: '=~' as const, value: 'checkout' },
];
/**
 * The kube-state-metrics scopes of a Deployment (deployments route): every
 * selector of one query carries one of them whole.
 */
const deploymentScopes = (namespace: string, name: string) =>
  Object.values(kubeStateMatchers({ namespace, name }));
/**
 * The service map's scopes (dependencies route): the probe for which
 * service-graph metrics exist (by name only, cluster-wide); then each
 * query's selectors, for edges from or to one service, each name it as
 * client or as server.
 */
const SERVICE_GRAPH_PROBE = [
  { name: '__name__', op: '!=' as const, value: '' },
];
const SERVICE_GRAPH_SIDES = [
  'client',
  'server',
  'source_workload',
  'destination_workload',
];
const namesServiceGraphSide = (matchers: LabelMatcher[], service: string) =>
  SERVICE_GRAPH_SIDES.some(name =>
    includesAll(matchers, [{ name, op: '=', value: service }]),
  );
const CHECKOUT_STREAM = [
  { name: 'namespace', op: '=' as const, value: 'shop' },
  { name: 'app', op: '=' as const, value: 'checkout' },
];

/** Lone surrogates replaced by U+FFFD, as browsers and undici send them. */
const wellFormed = (value: string) =>
  (value as unknown as { toWellFormed(): string }).toWellFormed();

/** Runs `tasks` with at most CONCURRENCY in flight. */
async function pool<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

interface Answer {
  case: string;
  status: number;
  message?: string;
}

/** Which annotation shapes which route, and the annotations it needs beside it. */
const ANNOTATION_ROUTES: Record<
  string,
  { routes: string[]; with?: Record<string, string> }
> = {
  'backstage.io/kubernetes-id': {
    routes: ['red/breakdown', 'logs', 'traces', 'deployments'],
  },
  'backstage.io/kubernetes-namespace': {
    routes: ['red/breakdown', 'logs', 'deployments'],
  },
  [OBSERVABILITY_ANNOTATIONS.cluster]: { routes: ['target'] },
  [OBSERVABILITY_ANNOTATIONS.prometheusSelector]: { routes: ['red/breakdown'] },
  [OBSERVABILITY_ANNOTATIONS.metricsDialect]: { routes: ['red/breakdown'] },
  [OBSERVABILITY_ANNOTATIONS.requestMetric]: {
    routes: ['red/breakdown?by=status'],
    with: {
      [OBSERVABILITY_ANNOTATIONS.metricsDialect]: 'custom',
      [OBSERVABILITY_ANNOTATIONS.durationMetric]:
        'http_request_duration_seconds',
    },
  },
  [OBSERVABILITY_ANNOTATIONS.errorMatcher]: {
    routes: ['red/breakdown?by=status'],
    with: {
      [OBSERVABILITY_ANNOTATIONS.metricsDialect]: 'custom',
      [OBSERVABILITY_ANNOTATIONS.requestMetric]: 'http_requests_total',
    },
  },
  [OBSERVABILITY_ANNOTATIONS.durationMetric]: {
    routes: ['red/breakdown?by=status'],
    with: {
      [OBSERVABILITY_ANNOTATIONS.metricsDialect]: 'custom',
      [OBSERVABILITY_ANNOTATIONS.requestMetric]: 'http_requests_total',
    },
  },
  [OBSERVABILITY_ANNOTATIONS.logSelector]: { routes: ['logs'] },
  [OBSERVABILITY_ANNOTATIONS.traceService]: {
    routes: ['traces', 'dependencies'],
  },
  [OBSERVABILITY_ANNOTATIONS.alertMatchers]: { routes: ['alerts', 'silences'] },
  [OBSERVABILITY_ANNOTATIONS.sloAvailability]: { routes: ['slos'] },
  [OBSERVABILITY_ANNOTATIONS.sloLatency]: { routes: ['slos'] },
  [OBSERVABILITY_ANNOTATIONS.sloWindow]: {
    routes: ['slos'],
    with: { [OBSERVABILITY_ANNOTATIONS.sloAvailability]: '99.9' },
  },
  [OBSERVABILITY_ANNOTATIONS.sloFile]: { routes: ['slos'] },
  [OBSERVABILITY_ANNOTATIONS.sloComposites]: { routes: ['slos/composite'] },
  [OBSERVABILITY_ANNOTATIONS.grafanaDashboards]: { routes: ['dashboards'] },
};

const ANNOTATIONS = Object.keys(ANNOTATION_ROUTES);
const entityName = (a: number, v: number) => `a${a}-v${v}`;

describe('hostile input', () => {
  let server: Server;
  let prometheus: RecordingProxy;
  let alertmanager: RecordingProxy;
  let standins: Standins;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    prometheus = await new RecordingProxy(stack.urls.prometheus).start();
    alertmanager = await new RecordingProxy(stack.urls.alertmanager).start();
    standins = await startStandins({ grafanaToken: 'token' });
    writeTelemetryFixtures(standins.stateDir, Date.now());
    const entities = [
      shopComponent('checkout', {
        [OBSERVABILITY_ANNOTATIONS.sloAvailability]: '99.9',
      }),
      ...ANNOTATIONS.flatMap((annotation, a) =>
        HOSTILE_VALUES.map((value, v) =>
          shopComponent(entityName(a, v), {
            'backstage.io/kubernetes-id': 'checkout',
            ...ANNOTATION_ROUTES[annotation].with,
            [annotation]: value,
          }),
        ),
      ),
    ];
    server = await startStackBackend(stack, entities, {
      prometheus: { url: prometheus.url },
      alertmanager: { url: alertmanager.url },
      loki: { url: standins.urls.loki },
      tempo: { url: standins.urls.tempo },
      grafana: { url: standins.urls.grafana, token: 'token' },
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await standins?.stop();
  });

  const http = () => request(server);

  async function send(label: string, req: () => request.Test): Promise<Answer> {
    const res = await req();
    return {
      case: label,
      status: res.status,
      message: res.body?.error?.message,
    };
  }

  /**
   * No 5xx; every 4xx says what was wrong, naming `names` (any of them).
   * 431 is Node's HTTP server refusing a request line over its 16 kB limit
   * before any route runs: as specific as it gets.
   */
  function expectSafe(answers: Answer[], names: (a: Answer) => string[]) {
    const bad = answers.filter(
      a =>
        a.status >= 500 ||
        (a.status >= 400 &&
          a.status !== 431 &&
          !names(a).some(name => (a.message ?? '').includes(name))),
    );
    expect(bad).toEqual([]);
  }

  /** Every query the upstreams received stays inside `scopes` (one of them, all of its matchers). */
  async function expectUpstreamsScoped(
    scopes: {
      prometheus: LabelMatcher[][];
      loki: LabelMatcher[][];
      /** Services whose service-graph edges may be read. */
      serviceGraph: string[];
    },
    traceServices: string[],
  ) {
    const escaped: string[] = [];
    for (const r of [...prometheus.requests]) {
      for (const [, query] of r.params.filter(([k]) => k === 'query')) {
        const selectors = promqlSelectors(query);
        const inside =
          scopes.prometheus.some(scope =>
            selectors.every(s => includesAll(s.matchers, scope)),
          ) ||
          scopes.serviceGraph.some(service =>
            selectors.every(s => namesServiceGraphSide(s.matchers, service)),
          );
        if (!inside || selectors.length === 0) escaped.push(query);
      }
    }
    for (const r of [...alertmanager.requests]) {
      if (r.path.startsWith('/api/v2/silence/')) continue; // one silence by id
      // The whole list: Alertmanager cannot filter silences by the alerts
      // they mute, so AlertsService.silences picks the entity's own.
      if (r.method === 'GET' && r.path === '/api/v2/silences') continue;
      // A new silence carries its matchers in the body, a list in `filter`s.
      const matchers =
        r.method === 'POST'
          ? (JSON.parse(r.body).matchers as AmMatcher[]).map(fromAmMatcher)
          : promqlSelectors(
              `x{${r.params
                .filter(([k]) => k === 'filter')
                .map(([, f]) => f)
                .join(', ')}}`,
            )[0].matchers;
      if (!scopes.prometheus.some(scope => includesAll(matchers, scope)))
        escaped.push(
          `alertmanager ${r.method} ${r.path} ${JSON.stringify(matchers)}`,
        );
    }
    for (const r of await standins.requests('loki')) {
      const query = param(r, 'query');
      if (!query) continue;
      const { selectors } = auditLogQL(query);
      const inside = selectors.every(s =>
        scopes.loki.some(scope => includesAll(s, scope)),
      );
      if (!inside || selectors.length === 0) escaped.push(query);
    }
    for (const r of await standins.requests('tempo')) {
      const query = param(r, 'q');
      if (!query) continue;
      const conditions = auditTraceQL(query);
      const service = conditions.find(
        c => c.attribute === 'resource.service.name' && c.op === '=',
      );
      if (!service || !traceServices.includes(service.value))
        escaped.push(query);
    }
    expect(escaped).toEqual([]);
  }

  it(`refuses or escapes ${HOSTILE_VALUES.length} hostile values in every route parameter`, async () => {
    prometheus.requests.length = 0;
    alertmanager.requests.length = 0;
    await standins.reset();

    // Every query parameter of every read route of the API.
    const tasks: (() => Promise<Answer>)[] = [];
    const paths = spec.paths as Record<string, any>;
    const parameters = (spec.components as any).parameters;
    const seen = new Set<string>();
    for (const [template, item] of Object.entries(paths)) {
      if (!item.get || !template.startsWith('/entities/')) continue;
      const path = template
        .replace('{kind}', 'component')
        .replace('{namespace}', 'default')
        .replace('{name}', 'checkout')
        .replace('{traceId}', '0123456789abcdef0123456789abcdef');
      const declared = (item.get.parameters ?? []).map((p: any) =>
        p.$ref ? parameters[p.$ref.split('/').pop()] : p,
      );
      for (const p of declared.filter((d: any) => d.in === 'query')) {
        // Shared parameters (from, to, limit) share their validation: the
        // whole corpus on their first route, every fourth value on the others.
        const values = seen.has(p.name)
          ? HOSTILE_VALUES.filter((_, i) => i % 4 === 0)
          : HOSTILE_VALUES;
        seen.add(p.name);
        for (const value of values) {
          tasks.push(() =>
            send(`GET ${path}?${p.name}`, () =>
              http()
                .get(`${API}${path}`)
                .query({ [p.name]: value }),
            ),
          );
        }
      }
    }
    // Path parameters: the entity, the trace id and the silence id.
    for (const value of HOSTILE_VALUES) {
      // A lone surrogate cannot be percent-encoded; browsers send U+FFFD.
      const segment = encodeURIComponent(wellFormed(value));
      tasks.push(
        () =>
          send('GET traces/:traceId', () =>
            http().get(`${CHECKOUT}/traces/${segment}`),
          ),
        () =>
          send('DELETE silences/:id', () =>
            http().delete(`${CHECKOUT}/silences/${segment}`),
          ),
        () =>
          send('DELETE slo-adjustments/:id', () =>
            http().delete(`${CHECKOUT}/slo-adjustments/${segment}`),
          ),
        () =>
          send('POST slo-adjustments body', () =>
            http()
              .post(`${CHECKOUT}/slo-adjustments`)
              .send({
                reason: `hostile ${value}`.slice(0, 500),
                start: value.slice(0, 40),
                duration: '1h',
              }),
          ),
        () =>
          send('GET entities/:kind', () =>
            http().get(`${API}/entities/${segment}/default/checkout/red`),
          ),
        () =>
          send('GET entities/:name', () =>
            http().get(`${API}/entities/component/default/${segment}/red`),
          ),
        () =>
          send('POST silences body', () =>
            http()
              .post(`${CHECKOUT}/silences`)
              .send({
                comment: `hostile ${value}`.slice(0, 1000),
                durationMinutes: 1,
                matchers: [{ name: 'severity', op: '=', value }],
              }),
          ),
      );
    }
    const answers = await pool(tasks);
    expect(answers.length).toBeGreaterThan(HOSTILE_VALUES.length * 10);

    expectSafe(answers, a => {
      const name = a.case.match(/\?(\w+)$/)?.[1];
      // A time that parses but makes a bad range is named as the range.
      if (name) return [`'${name}`, `/${name}`, 'The range'];
      // A value with a slash is another path: no such route, a bare 404.
      if (a.status === 404 && !a.message) return [''];
      if (a.case.includes('traceId'))
        return ['params/traceId', 'trace id', 'was not found'];
      if (a.case.includes('silences/:id')) return ['params/id', 'silence id'];
      if (a.case.includes('slo-adjustments/:id'))
        return ['params/id', "stored adjustment's id"];
      if (a.case.includes('POST slo-adjustments')) return ["'start'"];
      if (a.case.includes('POST')) return ['matchers', 'silence'];
      return ['params/kind', 'params/name', 'entity reference', 'No entity'];
    });
    // Harmless text (a search for "日本語 🚀") is answered, escaped; never all of them.
    expect(answers.some(a => a.status === 200)).toBe(true);
    expect(answers.some(a => a.status === 400)).toBe(true);

    // Silences created with odd values are cleaned up; their matchers were the entity's.
    await expectUpstreamsScoped(
      {
        // The SLO routes read Sloth's recording rules by service.
        prometheus: [
          CHECKOUT_MATCHERS,
          CHECKOUT_SLOTH,
          ...deploymentScopes('shop', 'checkout'),
          SERVICE_GRAPH_PROBE,
        ],
        loki: [CHECKOUT_STREAM],
        serviceGraph: ['checkout'],
      },
      ['checkout'],
    );
  });

  it(`refuses or escapes ${HOSTILE_VALUES.length} hostile values in every annotation`, async () => {
    prometheus.requests.length = 0;
    alertmanager.requests.length = 0;
    await standins.reset();

    const tasks: (() => Promise<Answer>)[] = [];
    ANNOTATIONS.forEach((annotation, a) => {
      HOSTILE_VALUES.forEach((_, v) => {
        for (const route of ANNOTATION_ROUTES[annotation].routes) {
          tasks.push(() =>
            send(`${annotation} → ${route} #${v}`, () =>
              http().get(
                `${API}/entities/component/default/${entityName(
                  a,
                  v,
                )}/${route}`,
              ),
            ),
          );
        }
      });
    });
    const answers = await pool(tasks);
    expect(answers).toHaveLength(tasks.length);

    expectSafe(answers, a => {
      const annotation = a.case.split(' → ')[0];
      return [
        annotation,
        // A Kubernetes id or namespace that selects nothing or no valid
        // selector: the answer names the selector annotation it feeds.
        'sightline.dev/prometheus-selector',
        'sightline.dev/metrics-dialect',
        'sightline.dev/log-selector',
      ];
    });

    // The scopes the entities may have: checkout's, or exactly the hostile
    // Kubernetes id or namespace, escaped, as a value.
    const scopes = {
      prometheus: [
        CHECKOUT_MATCHERS,
        ...deploymentScopes('shop', 'checkout'),
        // A hostile value that is a Kubernetes name (`up`) names a Deployment.
        ...HOSTILE_VALUES.flatMap(value => [
          ...deploymentScopes('shop', value),
          ...deploymentScopes(value, 'checkout'),
        ]),
        ...HOSTILE_VALUES.flatMap(value => [
          [
            { name: 'namespace', op: '=' as const, value: 'shop' },
            { name: 'service', op: '=' as const, value },
          ],
          [
            { name: 'namespace', op: '=' as const, value },
            { name: 'service', op: '=' as const, value: 'checkout' },
          ],
        ]),
      ],
      loki: [
        CHECKOUT_STREAM,
        ...HOSTILE_VALUES.flatMap(value => [
          [
            { name: 'namespace', op: '=' as const, value: 'shop' },
            { name: 'app', op: '=' as const, value },
          ],
          [
            { name: 'namespace', op: '=' as const, value },
            { name: 'app', op: '=' as const, value: 'checkout' },
          ],
        ]),
      ],
    };
    // Tempo: the trace service annotation's value, else the entity's name.
    const traceServices = [
      'checkout',
      // as given, trimmed (the resolver trims), or with a lone surrogate as U+FFFD
      ...HOSTILE_VALUES.flatMap(v => [v, v.trim(), wellFormed(v).trim()]),
      ...ANNOTATIONS.flatMap((_, a) =>
        HOSTILE_VALUES.map((__, v) => entityName(a, v)),
      ),
    ];
    // The service graph names the entity by its trace service too.
    await expectUpstreamsScoped(
      {
        prometheus: [...scopes.prometheus, SERVICE_GRAPH_PROBE],
        loki: scopes.loki,
        serviceGraph: traceServices,
      },
      traceServices,
    );
  });
});
