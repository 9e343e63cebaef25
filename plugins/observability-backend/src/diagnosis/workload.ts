import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@sightline/plugin-observability-common';
import { KUBERNETES_LABEL_SELECTOR_ANNOTATION } from '@sightline/plugin-observability-node';

/** Where the entity's workload should be, from its annotations. */
export interface Workload {
  namespace: string;
  kubernetesId: string;
  /** `backstage.io/kubernetes-label-selector`, when set. */
  labelSelector?: string;
}

/** The entity's workload, as the monitoring generators find it. */
export function workloadOf(entity: Entity): Workload {
  const annotations = entity.metadata.annotations ?? {};
  return {
    namespace:
      annotations[KUBERNETES_NAMESPACE_ANNOTATION] ??
      entity.metadata.namespace ??
      'default',
    kubernetesId: annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name,
    labelSelector: annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  };
}
