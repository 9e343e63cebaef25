import { Entity } from '@backstage/catalog-model';

/**
 * A Component of the demo shop the way examples/entities/shop.yaml declares
 * them: Kubernetes id = name in namespace `shop`, owned by team-shop, part of
 * system shop (with the relations the catalog would add, for rollups).
 */
export function shopComponent(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': 'shop',
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'team-shop', system: 'shop' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-shop' },
      { type: 'partOf', targetRef: 'system:default/shop' },
    ],
  };
}
