import {
  KubeMonitor,
  KubePod,
  KubeService,
  matchesLabelSelector,
  MonitorEndpoint,
} from '@sightline/plugin-observability-node';

/** How far a ServiceMonitor or PodMonitor is from scraping the Service. */
export interface MonitorFit {
  monitor: KubeMonitor;
  selects: boolean;
  coversNamespace: boolean;
  portOk: boolean;
  pathOk: boolean;
}

/** The namespaces a monitor's `namespaceSelector` covers; `any` for all. */
export function monitorNamespaces(m: KubeMonitor): string[] | 'any' {
  const selector = m.spec.namespaceSelector;
  if (selector?.any) return 'any';
  if (selector?.matchNames && selector.matchNames.length > 0)
    return selector.matchNames;
  return [m.metadata.namespace ?? 'default'];
}

export function endpointsOf(m: KubeMonitor): MonitorEndpoint[] {
  return (
    (m.kind === 'PodMonitor' ? m.spec.podMetricsEndpoints : m.spec.endpoints) ??
    []
  );
}

/** `port path` of each endpoint, as evidence shows them. */
export function endpointsText(m: KubeMonitor): string {
  return endpointsOf(m)
    .map(e => `${e.port ?? e.targetPort} ${e.path ?? '/metrics'}`)
    .join(', ');
}

export function fitOf(
  m: KubeMonitor,
  service: KubeService,
  pods: KubePod[],
  namespace: string,
): MonitorFit {
  // A PodMonitor selects and names the Pods' ports, a ServiceMonitor the Service's.
  const targets =
    m.kind === 'PodMonitor'
      ? pods.map(p => p.metadata.labels)
      : [service.metadata.labels];
  const portNames = new Set(
    m.kind === 'PodMonitor'
      ? pods.flatMap(p =>
          (p.spec?.containers ?? []).flatMap(c =>
            (c.ports ?? []).map(port => port.name),
          ),
        )
      : (service.spec?.ports ?? []).map(p => p.name),
  );
  const namespaces = monitorNamespaces(m);
  const endpoints = endpointsOf(m);
  return {
    monitor: m,
    selects: targets.some(l => matchesLabelSelector(m.spec.selector ?? {}, l)),
    coversNamespace: namespaces === 'any' || namespaces.includes(namespace),
    portOk:
      endpoints.length > 0 &&
      endpoints.every(
        e =>
          (e.port !== undefined && portNames.has(e.port)) ||
          (e.port === undefined && e.targetPort !== undefined),
      ),
    pathOk: endpoints.every(e => !e.path || /^\/[^\s?#]*$/.test(e.path)),
  };
}

export const isFull = (f: MonitorFit) =>
  f.selects && f.coversNamespace && f.portOk && f.pathOk;

/**
 * The monitor most likely meant for this Service, when none scrapes it:
 * one selecting it, named like it, or selecting a label valued its id.
 */
export function closestFit(
  fits: MonitorFit[],
  service: KubeService,
  kubernetesId: string,
): MonitorFit | undefined {
  const score = (f: MonitorFit) =>
    (f.selects ? 4 : 0) +
    ([service.metadata.name, kubernetesId].includes(f.monitor.metadata.name)
      ? 2
      : 0) +
    (Object.values(f.monitor.spec.selector?.matchLabels ?? {}).includes(
      kubernetesId,
    )
      ? 1
      : 0);
  return fits
    .map(f => ({ f, score: score(f) }))
    .filter(x => x.score > 0)
    .sort((a, b) => b.score - a.score)[0]?.f;
}
