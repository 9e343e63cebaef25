import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';

/** The Kubernetes Deployment whose rollouts an entity has. */
export interface Workload {
  namespace: string;
  name: string;
}

/**
 * A DNS-1123 subdomain, what Kubernetes requires of Deployment and
 * namespace names. Anything else names no Deployment, so it is refused
 * before a query is built from it.
 */
const KUBERNETES_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_KUBERNETES_NAME = 253;

/**
 * The entity's Deployment: `backstage.io/kubernetes-id` (else the entity's
 * name) in `backstage.io/kubernetes-namespace` (else the namespace its
 * Prometheus selector names, else the entity's namespace), as the
 * Kubernetes plugin and the default selectors read them.
 */
export function workloadOf(entity: Entity, target: TelemetryTarget): Workload {
  const annotations = entity.metadata.annotations ?? {};
  const selectorNamespace = target.metrics?.matchers.find(
    m => m.name === 'namespace' && m.op === '=',
  )?.value;
  const name = annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name;
  const namespace =
    annotations[KUBERNETES_NAMESPACE_ANNOTATION] ??
    selectorNamespace ??
    entity.metadata.namespace ??
    'default';
  check(name, KUBERNETES_ID_ANNOTATION);
  check(namespace, KUBERNETES_NAMESPACE_ANNOTATION);
  return { namespace, name };
}

function check(value: string, annotation: string) {
  if (value.length > MAX_KUBERNETES_NAME || !KUBERNETES_NAME.test(value)) {
    throw new InputError(
      `Annotation ${annotation} must be a Kubernetes object name (lowercase letters, digits, '-' and '.', at most ${MAX_KUBERNETES_NAME} characters) to find the entity's Deployment, not ${JSON.stringify(
        value.slice(0, 40),
      )}. Example: ${annotation}: checkout`,
    );
  }
}
