import { Entity } from '@backstage/catalog-model';
import { catalogDrift, declaredDependencies } from './drift';

function component(name: string, relations: Entity['relations'] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    relations,
  };
}

const providers: Record<string, string[]> = {
  'api:default/stock-api': ['component:default/inventory'],
};
const providersOfApi = (ref: string) => providers[ref] ?? [];

describe('catalogDrift', () => {
  const checkout = component('checkout', [
    { type: 'dependsOn', targetRef: 'component:default/payments' },
    { type: 'consumesApi', targetRef: 'api:default/stock-api' },
    { type: 'dependsOn', targetRef: 'resource:default/orders-db' },
    { type: 'ownedBy', targetRef: 'group:default/team-shop' },
  ]);

  it('reads declared dependencies from dependsOn and from the providers of consumed APIs', () => {
    expect(declaredDependencies(checkout, providersOfApi)).toEqual([
      { serverRef: 'component:default/payments', declaredAs: 'dependsOn' },
      {
        serverRef: 'component:default/inventory',
        declaredAs: 'consumesApis (api:default/stock-api)',
      },
      { serverRef: 'resource:default/orders-db', declaredAs: 'dependsOn' },
    ]);
  });

  it('accepts a call the client declares by dependsOn or by an API the server provides', () => {
    const drift = catalogDrift({
      observed: [
        {
          clientRef: 'component:default/checkout',
          serverRef: 'component:default/payments',
        },
        {
          clientRef: 'component:default/checkout',
          serverRef: 'component:default/inventory',
        },
      ],
      clients: new Map([['component:default/checkout', checkout]]),
      audited: ['component:default/checkout'],
      providersOfApi,
    });
    expect(drift).toEqual([]);
  });

  it('lists an undeclared call once, with the YAML that declares it', () => {
    const bare = component('checkout');
    const call = {
      clientRef: 'component:default/checkout',
      serverRef: 'component:default/inventory',
    };
    const drift = catalogDrift({
      observed: [call, call],
      clients: new Map([['component:default/checkout', bare]]),
      audited: [],
      providersOfApi,
    });
    expect(drift).toEqual([
      {
        kind: 'undeclared',
        ...call,
        yaml: 'spec:\n  dependsOn:\n    - component:default/inventory\n',
        message:
          'component:default/checkout calls component:default/inventory, but the catalog declares no dependsOn or consumed API of it.',
      },
    ]);
  });

  it('compares refs as the catalog does, ignoring case', () => {
    const drift = catalogDrift({
      observed: [
        {
          clientRef: 'component:default/checkout',
          serverRef: 'component:default/Payments',
        },
      ],
      clients: new Map([['component:default/checkout', checkout]]),
      audited: [],
      providersOfApi,
    });
    expect(drift).toEqual([]);
  });

  it('reports quiet declared components of audited entities only, never resources or calls to itself', () => {
    const drift = catalogDrift({
      observed: [
        {
          clientRef: 'component:default/checkout',
          serverRef: 'component:default/checkout',
        },
      ],
      clients: new Map([
        ['component:default/checkout', checkout],
        [
          'component:default/other',
          component('other', [
            { type: 'dependsOn', targetRef: 'component:default/payments' },
          ]),
        ],
      ]),
      audited: ['component:default/checkout'],
      providersOfApi,
    });
    expect(
      drift.map(
        d => `${d.kind} ${d.clientRef} → ${d.serverRef} (${d.declaredAs})`,
      ),
    ).toEqual([
      'unobserved component:default/checkout → component:default/payments (dependsOn)',
      'unobserved component:default/checkout → component:default/inventory (consumesApis (api:default/stock-api))',
    ]);
  });
});
