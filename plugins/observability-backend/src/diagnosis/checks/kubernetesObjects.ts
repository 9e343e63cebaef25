import { KubeMonitor, KubeService } from '@sightline/plugin-observability-node';

/** The Prometheus Operator's API group and version. */
export const MONITORING = 'monitoring.coreos.com/v1';

/** `namespace/name`, as kubectl names an object. */
export function ref(o: { metadata: { namespace?: string; name: string } }) {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

export function labelsText(labels: Record<string, string> | undefined) {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join(', ') : '(no labels)';
}

/** Names of the Service's ports that have one. */
export function portNames(service: KubeService): string[] {
  return (service.spec?.ports ?? [])
    .map(p => p.name)
    .filter((n): n is string => !!n);
}

/** The object as `kubectl apply` would take it: no server-set metadata or status. */
export function applyable(monitor: KubeMonitor) {
  const { name, namespace, labels } = monitor.metadata;
  return {
    apiVersion: MONITORING,
    kind: monitor.kind,
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: monitor.spec,
  };
}
