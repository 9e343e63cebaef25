/**
 * The service map against the local stack's real Prometheus, whose
 * Tempo-named service graph the demo workload's model computes from its
 * own spans (e2e/workload/model.mjs, expectedServiceGraph), with the demo
 * catalog as the catalog reads examples/entities: checkout declares
 * payments and leaves inventory out on purpose.
 *
 * The window is a whole hour of backfilled history, starting and ending on
 * the service graph's backfilled samples (every five minutes, on the
 * five-minute marks): `rate(…[1h])` reads samples at both ends and
 * extrapolates nothing, so rates equal the model's exactly.
 */
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { DependenciesResponse } from '@sightline/plugin-observability-common';
// eslint-disable-next-line @backstage/no-undeclared-imports
import * as model from '@sightline/e2e/workload/model.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { expectClose } from '../__testUtils__/expectClose';
import { ensureLocalStack, LocalStack } from '../__testUtils__/localStack';
import { startStackBackend } from '../__testUtils__/localStackBackend';

jest.setTimeout(240_000);

/** The step of the service graph's backfilled samples. */
const SAMPLE_STEP_MS = 300_000;
const HOUR_MS = 3_600_000;
const EXAMPLES = join(__dirname, '../../../../examples/entities');

/** The example entities with the relations the catalog's processors give them. */
function exampleEntities(): Entity[] {
  return ['shop.yaml', 'doctor.yaml'].flatMap(file =>
    parseAllDocuments(readFileSync(join(EXAMPLES, file), 'utf8')).map(doc => {
      const entity = doc.toJS() as Entity;
      entity.metadata.namespace ??= 'default';
      const spec = (entity.spec ?? {}) as {
        system?: string;
        dependsOn?: string[];
      };
      const ref = (value: string, defaultKind: string) => {
        const parsed = parseEntityRef(value, {
          defaultKind,
          defaultNamespace: 'default',
        });
        return `${parsed.kind.toLocaleLowerCase('en-US')}:${parsed.namespace}/${
          parsed.name
        }`;
      };
      entity.relations = [
        ...(spec.system
          ? [{ type: 'partOf', targetRef: ref(spec.system, 'system') }]
          : []),
        ...(spec.dependsOn ?? []).map(d => ({
          type: 'dependsOn',
          targetRef: ref(d, 'component'),
        })),
      ];
      return entity;
    }),
  );
}

describe('service map of the demo stack', () => {
  let stack: LocalStack;
  let server: Awaited<ReturnType<typeof startStackBackend>>;
  let from: number;
  let to: number;
  let expected: ReturnType<typeof model.expectedServiceGraph>;

  beforeAll(async () => {
    stack = await ensureLocalStack();
    // A whole hour well inside the backfilled history.
    to =
      Math.floor(stack.anchorMs / SAMPLE_STEP_MS) * SAMPLE_STEP_MS -
      2 * HOUR_MS;
    from = to - HOUR_MS;
    expected = model.expectedServiceGraph(from, to, {
      anchorMs: stack.anchorMs,
    });
    server = await startStackBackend(stack, exampleEntities(), {}, [
      // kbot's cluster: the same Prometheus, as in app-config.yaml.
      { name: 'kind-dev', prometheus: { url: stack.urls.prometheus } },
    ]);
  });

  async function dependencies(path: string) {
    const res = await request(server)
      .get(`/api/observability/${path}/dependencies`)
      .query({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
    expect(res.status).toBe(200);
    return res.body as DependenciesResponse;
  }

  /** Each edge's figures against the model's. */
  function expectModelEdges(body: DependenciesResponse, edges: string[]) {
    expect(body.source).toBe('tempo-servicegraph');
    expect(body.edges.map(e => `${e.client}->${e.server}`).sort()).toEqual(
      [...edges].sort(),
    );
    for (const edge of body.edges) {
      const want = expected.find(
        e => e.client === edge.client && e.server === edge.server,
      )!;
      expect(want.requests).toBeGreaterThan(0);
      expectClose(edge.requestRate, want.rate);
      expectClose(edge.errorRatio, want.errorRatio, 1e-6);
      expectClose(edge.latencyP95, want.p95Server, 1e-6);
    }
  }

  it("gives checkout's callers and callees with the model's rates, error ratios and p95", async () => {
    const body = await dependencies('entities/component/default/checkout');
    expectModelEdges(body, [
      'user->checkout',
      'checkout->payments',
      'checkout->inventory',
    ]);
    const node = (id: string) => body.nodes.find(n => n.id === id);
    expect(node('payments')?.entityRef).toBe('component:default/payments');
    expect(node('inventory')?.entityRef).toBe('component:default/inventory');
    expect(node('user')).toMatchObject({ external: true });
  });

  it('lists the relation the demo catalog leaves out, with the YAML to add', async () => {
    const body = await dependencies('entities/component/default/checkout');
    expect(body.drift).toEqual([
      expect.objectContaining({
        kind: 'undeclared',
        clientRef: 'component:default/checkout',
        serverRef: 'component:default/inventory',
        yaml: 'spec:\n  dependsOn:\n    - component:default/inventory\n',
      }),
    ]);
  });

  it('draws the whole shop system across its two clusters, the external API included', async () => {
    const body = await dependencies('systems/default/shop');
    expectModelEdges(
      body,
      expected.map(e => `${e.client}->${e.server}`),
    );
    expect(body.failures).toEqual([]);
    expect(body.nodes.find(n => n.id === 'api.telegram.org')).toMatchObject({
      external: true,
    });
  });
});
