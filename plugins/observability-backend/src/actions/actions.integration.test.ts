/**
 * Sightline's actions as an AI agent reaches them: through the REAL MCP
 * actions backend (`@backstage/plugin-mcp-actions-backend`, JSON-RPC over
 * streamable HTTP) and Backstage's real actions service and registry, in
 * one test backend with the observability plugin on the local stack's real
 * Prometheus and Alertmanager and its Tempo and Grafana stand-ins. The
 * catalog answers as one with a permission policy does: it asks the
 * permissions service whether the caller may read each entity, and the
 * policy here denies mallory everything.
 */
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { DIAGNOSIS_CHECK_IDS } from '@sightline/plugin-observability-common';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';
const MCP = '/api/mcp-actions/v1';

const catalogEntityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

const ENTITIES: Entity[] = [
  shopComponent('checkout', {
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
  }),
  // An objective no real service meets: its SLO is violated, at risk at best.
  shopComponent('payments', {
    'sightline.dev/metrics-dialect': 'otel-http',
    'sightline.dev/slo-availability': '99.9999',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-shop', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

/** The in-memory catalog, answering only what the permission policy allows. */
function permissionedCatalog(permissions: PermissionsService) {
  const inMemory = catalogServiceMock({ entities: ENTITIES });
  const readable = async (entities: Entity[], options: any) => {
    const decisions = await permissions.authorize(
      entities.map(e => ({
        permission: catalogEntityRead,
        resourceRef: stringifyEntityRef(e),
      })),
      { credentials: options.credentials },
    );
    return entities.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  };
  return catalogServiceMock.mock({
    getEntityByRef: async (ref, options) => {
      const entity = await inMemory.getEntityByRef(ref, options);
      return entity && (await readable([entity], options))[0];
    },
    getEntities: async (req, options) => ({
      items: await readable(
        (
          await inMemory.getEntities(req, options)
        ).items,
        options,
      ),
    }),
  });
}

/** One JSON-RPC call to the MCP server as `user`; the answer's `result` or `error`. */
async function mcp(
  server: Parameters<typeof request>[0],
  user: string,
  method: string,
  params: object = {},
) {
  const res = await request(server)
    .post(MCP)
    .set('Authorization', mockCredentials.user.header(user))
    .set('Accept', 'application/json, text/event-stream')
    .send({ jsonrpc: '2.0', id: 1, method, params });
  expect(res.status).toBe(200);
  // Streamable HTTP answers one server-sent event per message.
  const data = res.text
    .split('\n')
    .find(line => line.startsWith('data: '))!
    .slice('data: '.length);
  return JSON.parse(data);
}

/** Calls a tool; its structured output, or the error text when it failed. */
async function callTool(
  server: Parameters<typeof request>[0],
  name: string,
  args: object,
  user = ALICE,
) {
  const { result } = await mcp(server, user, 'tools/call', {
    name: `observability.${name}`,
    arguments: args,
  });
  return result as {
    isError?: boolean;
    content: Array<{ text: string }>;
    structuredContent?: any;
  };
}

describe('actions for agents through the MCP backend', () => {
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    const urls = stack.urls as unknown as Record<string, string>;
    ({ server } = await startObservabilityBackend({
      catalog: createServiceFactory({
        service: catalogServiceRef,
        deps: { permissions: coreServices.permissions },
        factory: ({ permissions }) => permissionedCatalog(permissions),
      }),
      observability: {
        defaultCluster: 'local',
        clusters: [
          {
            name: 'local',
            prometheus: { url: urls.prometheus },
            alertmanager: { url: urls.alertmanager },
            tempo: { url: urls.tempo },
            grafana: {
              url: urls.grafana,
              externalUrl: 'http://localhost:3030',
            },
          },
        ],
      },
      config: { backend: { actions: { pluginSources: ['observability'] } } },
      features: [
        mcpActionsPlugin,
        mockServices.permissions.mock({
          authorize: async (requests, options) =>
            requests.map(() => ({
              result:
                (options?.credentials.principal as { userEntityRef?: string })
                  ?.userEntityRef === MALLORY
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        }).factory,
      ],
    }));
  });

  it('lists the four read-only tools with their input schemas', async () => {
    const { result } = await mcp(server, ALICE, 'tools/list');
    const tools = Object.fromEntries(result.tools.map((t: any) => [t.name, t]));
    expect(Object.keys(tools).sort()).toEqual([
      'observability.diagnose-telemetry',
      'observability.find-failing-trace',
      'observability.get-service-health',
      'observability.list-slos-at-risk',
    ]);
    for (const tool of Object.values<any>(tools)) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        idempotentHint: true,
        destructiveHint: false,
      });
      expect(tool.inputSchema.required).toEqual(['entityRef']);
      expect(tool.inputSchema.properties.entityRef.description).toMatch(
        /entity reference/,
      );
    }
  });

  it("gets checkout's health: RED now and before, alerts and SLOs", async () => {
    const result = await callTool(server, 'get-service-health', {
      entityRef: 'component:default/checkout',
    });
    expect(result.isError).toBeFalsy();
    const health = result.structuredContent;
    expect(health.entityRef).toBe('component:default/checkout');
    expect(health.problems).toEqual([]);
    // The demo workload serves checkout all the time.
    expect(health.red.now.requestRate).toBeGreaterThan(0);
    expect(health.red.previous.requestRate).toBeGreaterThan(0);
    expect(Array.isArray(health.firingAlerts)).toBe(true);
    expect(health.slos.map((s: any) => s.id).sort()).toEqual([
      'availability',
      'latency',
    ]);
    expect(health.slosEvaluatedFrom).toBe('live');
    expect(
      Date.parse(health.period.to) - Date.parse(health.period.from),
    ).toBeCloseTo(3_600_000, -5);
  });

  it("lists team-shop's SLOs at risk: payments' unmeetable one, not checkout's", async () => {
    const result = await callTool(server, 'list-slos-at-risk', {
      entityRef: 'group:default/team-shop',
    });
    expect(result.isError).toBeFalsy();
    const { slos, sloCount, failures } = result.structuredContent;
    expect(failures).toEqual([]);
    expect(sloCount).toBe(3);
    expect(slos).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/payments',
        id: 'availability',
        status: 'violated',
        evaluatedFrom: 'live',
      }),
    ]);
  });

  it("diagnoses checkout's telemetry with every doctor check", async () => {
    const result = await callTool(server, 'diagnose-telemetry', {
      entityRef: 'checkout',
    });
    expect(result.isError).toBeFalsy();
    const diagnosis = result.structuredContent;
    expect(diagnosis.entityRef).toBe('component:default/checkout');
    expect(diagnosis.cluster).toBe('local');
    expect(diagnosis.checks.map((c: any) => c.id)).toEqual([
      ...DIAGNOSIS_CHECK_IDS,
    ]);
    expect(diagnosis.checks.find((c: any) => c.id === 'series').status).toBe(
      'pass',
    );
  });

  it('finds a failing payments trace with its link into Grafana Explore', async () => {
    const result = await callTool(server, 'find-failing-trace', {
      entityRef: 'component:default/payments',
      period: '15m',
    });
    expect(result.isError).toBeFalsy();
    const found = result.structuredContent;
    expect(found.found).toBe(true);
    expect(found.searched.backend).toBe('tempo');
    expect(found.trace.traceId).toMatch(/^[0-9a-f]{16,32}$/);
    expect(found.trace.services).toContain('payments');
    expect(found.trace.exploreUrl).toMatch(/^http:\/\/localhost:3030\/explore/);
    expect(found.trace.exploreUrl).toContain(found.trace.traceId);
  });

  it('refuses a caller the catalog does not let read the entity, as the routes do', async () => {
    for (const [name, entityRef] of [
      ['get-service-health', 'component:default/checkout'],
      ['diagnose-telemetry', 'component:default/checkout'],
      ['find-failing-trace', 'component:default/payments'],
      ['list-slos-at-risk', 'group:default/team-shop'],
    ]) {
      const result = await callTool(server, name, { entityRef }, MALLORY);
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toBe(
        `NotFoundError: No entity ${entityRef} found`,
      );
    }
    // The HTTP route answers mallory the same.
    const route = await request(server)
      .get('/api/observability/entities/component/default/checkout/diagnosis')
      .set('Authorization', mockCredentials.user.header(MALLORY));
    expect(route.status).toBe(404);
  });

  it('answers bad input with an error naming the field', async () => {
    const cases: Array<[string, object, string]> = [
      [
        'get-service-health',
        { entityRef: 'component:default/checkout', period: 'an hour' },
        "InputError: 'period' must be a duration such as 30m, 1h or 1d, not 'an hour'",
      ],
      [
        'find-failing-trace',
        { entityRef: 'component:default/payments', period: '-5m' },
        "InputError: 'period' must be a duration such as 15m, 1h or 6h, not '-5m'",
      ],
      [
        'diagnose-telemetry',
        { entityRef: 'component:' },
        "InputError: 'entityRef' must be an entity reference such as component:default/checkout, not 'component:'",
      ],
      [
        'list-slos-at-risk',
        { entityRef: 'component:default/checkout' },
        "InputError: 'entityRef' must name a group or system, not a component",
      ],
      [
        'get-service-health',
        { entityRef: 'component:default/no_such thing' },
        "InputError: Not a valid entity reference: the name breaks the catalog's naming rules",
      ],
    ];
    for (const [name, args, message] of cases) {
      const result = await callTool(server, name, args);
      expect({
        name,
        isError: result.isError,
        text: result.content[0].text,
      }).toEqual({
        name,
        isError: true,
        text: message,
      });
    }
    // A missing field is refused by the actions registry against the schema.
    const missing = await callTool(server, 'diagnose-telemetry', {});
    expect(missing.isError).toBe(true);
    expect(missing.content[0].text).toMatch(
      /^InputError: Invalid input to action "observability:diagnose-telemetry"/,
    );
  });
});
