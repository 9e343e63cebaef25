import {
  ClusterMonitoringReader,
  DEFAULT_MONITOR_SELECTOR_LABEL,
  formatLabelSelector,
  KubeMonitor,
  KubeNamespace,
  KubePod,
  KubePrometheus,
  KubeService,
  matchesLabelSelector,
  missingLabels,
  MonitorEndpoint,
  renderYaml,
} from '@sightline/plugin-observability-node';
import { ReadableNames, readableList } from './readableNames';
import { CheckOutcome } from './types';

/** Where the entity's workload should be, from its annotations. */
export interface Workload {
  namespace: string;
  kubernetesId: string;
  /** `backstage.io/kubernetes-label-selector`, when set. */
  labelSelector?: string;
}

/** Port names a scrape endpoint is most likely to mean, best first. */
const METRICS_PORT_NAMES = ['metrics', 'http-metrics', 'http', 'web'];

const MONITORING = 'monitoring.coreos.com/v1';

function ref(o: { metadata: { namespace?: string; name: string } }) {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

function labelsText(labels: Record<string, string> | undefined) {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join(', ') : '(no labels)';
}

function portsText(service: KubeService) {
  return (
    (service.spec?.ports ?? [])
      .map(p => `${p.name ?? '(unnamed)'} (${p.port})`)
      .join(', ') || '(no ports)'
  );
}

function isReady(pod: KubePod) {
  return (pod.status?.conditions ?? []).some(
    c => c.type === 'Ready' && c.status === 'True',
  );
}

/** The named Service port a monitor should scrape, best guess first. */
export function metricsPortOf(service: KubeService): string | undefined {
  const names = (service.spec?.ports ?? [])
    .map(p => p.name)
    .filter((n): n is string => !!n);
  return METRICS_PORT_NAMES.find(n => names.includes(n)) ?? names[0];
}

/**
 * A name for an unnamed Service port: `metrics` when it is the only port
 * (most likely the one serving metrics), `port-<number>` otherwise.
 */
function nameForPort(port: number, service: KubeService): string {
  return (service.spec?.ports ?? []).length === 1 ? 'metrics' : `port-${port}`;
}

/** The object as `kubectl apply` would take it: no server-set metadata or status. */
function applyable(monitor: KubeMonitor) {
  const { name, namespace, labels } = monitor.metadata;
  return {
    apiVersion: MONITORING,
    kind: monitor.kind,
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: monitor.spec,
  };
}

// ---------------------------------------------------------------------------
// Check 2: the Service

export interface ServiceFindings {
  outcome: CheckOutcome;
  service?: KubeService;
  pods: KubePod[];
}

export async function checkService(
  reader: ClusterMonitoringReader,
  workload: Workload,
  readable: ReadableNames,
): Promise<ServiceFindings> {
  const { namespace, kubernetesId, labelSelector } = workload;
  const evidence = [];
  let service = await reader.service(namespace, kubernetesId);
  evidence.push({
    label: `Service ${namespace}/${kubernetesId}`,
    detail: service ? 'exists' : 'not found',
  });
  if (!service) {
    const selector = labelSelector ?? `app.kubernetes.io/name=${kubernetesId}`;
    [service] = await reader.services(namespace, selector);
    evidence.push({
      label: `Services in ${namespace} with ${selector}`,
      detail: service ? service.metadata.name : 'none',
    });
  }
  if (!service) {
    const all = await reader.services(namespace);
    evidence.push({
      label: `Services in namespace ${namespace}`,
      detail: await readableList(
        readable,
        all.map(s => s.metadata.name),
      ),
    });
    return {
      pods: [],
      outcome: {
        status: 'fail',
        message: `No Service for '${kubernetesId}' in namespace '${namespace}' of cluster '${reader.cluster}', so no ServiceMonitor can select it.`,
        evidence,
        fix: {
          summary: `Create a Service named ${kubernetesId} with a NAMED metrics port, or point backstage.io/kubernetes-id / backstage.io/kubernetes-namespace at the existing one.`,
          yaml: renderYaml([
            {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: {
                name: kubernetesId,
                namespace,
                // The label generated monitors select by, and the pods' own.
                labels: {
                  [DEFAULT_MONITOR_SELECTOR_LABEL]: kubernetesId,
                  'app.kubernetes.io/name': kubernetesId,
                },
              },
              spec: {
                selector: { 'app.kubernetes.io/name': kubernetesId },
                ports: [{ name: 'metrics', port: 9090, targetPort: 9090 }],
              },
            },
          ]),
        },
      },
    };
  }

  evidence.push({
    label: `Service ${ref(service)}`,
    detail: `labels: ${labelsText(service.metadata.labels)}; ports: ${portsText(
      service,
    )}`,
  });
  const unnamed = (service.spec?.ports ?? []).filter(p => !p.name);
  const podSelector = Object.entries(service.spec?.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = podSelector ? await reader.pods(namespace, podSelector) : [];
  const ready = pods.filter(isReady);
  evidence.push({
    label: `Pods selected by ${podSelector || '(no selector)'}`,
    detail: `${pods.length} found, ${ready.length} ready${
      pods.length > ready.length
        ? ` (not ready: ${pods
            .filter(p => !isReady(p))
            .map(p => p.metadata.name)
            .join(', ')})`
        : ''
    }`,
  });

  if (unnamed.length > 0) {
    const named = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service.metadata.name, namespace },
      spec: {
        ports: (service.spec?.ports ?? []).map(p => ({
          ...p,
          name: p.name ?? nameForPort(p.port, service!),
        })),
      },
    };
    return {
      service,
      pods,
      outcome: {
        status: 'fail',
        message: `Service ${ref(service)} has ${
          unnamed.length
        } unnamed port(s) (${unnamed
          .map(p => p.port)
          .join(
            ', ',
          )}); ServiceMonitor endpoints select ports by NAME, so an unnamed port cannot be scraped.`,
        evidence,
        fix: {
          summary: `Name the Service's ports (spec.ports[].name).`,
          yaml: renderYaml([named]),
        },
      },
    };
  }
  if (pods.length === 0 || ready.length === 0) {
    return {
      service,
      pods,
      outcome: {
        status: 'fail',
        message:
          pods.length === 0
            ? `Service ${ref(service)} selects no Pods (selector ${
                podSelector || 'empty'
              }), so it has no endpoints to scrape.`
            : `None of the ${pods.length} Pods of Service ${ref(
                service,
              )} is ready, so Prometheus has no endpoint to scrape.`,
        evidence,
        fix: {
          summary:
            pods.length === 0
              ? `Make spec.selector of the Service match the Pods' labels (kubectl get pods -n ${namespace} --show-labels).`
              : `Find why the Pods are not ready: kubectl describe pods -n ${namespace} -l ${podSelector}`,
        },
      },
    };
  }
  return {
    service,
    pods,
    outcome: {
      status: ready.length < pods.length ? 'warn' : 'pass',
      message: `Service ${ref(service)} exists with named ports (${portsText(
        service,
      )}); ${ready.length} of ${pods.length} Pods ready.`,
      evidence,
    },
  };
}

// ---------------------------------------------------------------------------
// Check 3: a ServiceMonitor or PodMonitor selects the Service

/** The namespaces a monitor's `namespaceSelector` covers; `any` for all. */
function monitorNamespaces(m: KubeMonitor): string[] | 'any' {
  const selector = m.spec.namespaceSelector;
  if (selector?.any) return 'any';
  if (selector?.matchNames && selector.matchNames.length > 0)
    return selector.matchNames;
  return [m.metadata.namespace ?? 'default'];
}

function endpointsOf(m: KubeMonitor): MonitorEndpoint[] {
  return (
    (m.kind === 'PodMonitor' ? m.spec.podMetricsEndpoints : m.spec.endpoints) ??
    []
  );
}

interface MonitorFit {
  monitor: KubeMonitor;
  selects: boolean;
  coversNamespace: boolean;
  portOk: boolean;
  pathOk: boolean;
}

function fitOf(
  m: KubeMonitor,
  service: KubeService,
  pods: KubePod[],
  namespace: string,
): MonitorFit {
  const targets =
    m.kind === 'PodMonitor'
      ? pods.map(p => p.metadata.labels)
      : [service.metadata.labels];
  const selects = targets.some(l =>
    matchesLabelSelector(m.spec.selector ?? {}, l),
  );
  const namespaces = monitorNamespaces(m);
  const portNames = new Set(
    m.kind === 'PodMonitor'
      ? pods.flatMap(p =>
          (p.spec?.containers ?? []).flatMap(c =>
            (c.ports ?? []).map(port => port.name),
          ),
        )
      : (service.spec?.ports ?? []).map(p => p.name),
  );
  const endpoints = endpointsOf(m);
  return {
    monitor: m,
    selects,
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

const isFull = (f: MonitorFit) =>
  f.selects && f.coversNamespace && f.portOk && f.pathOk;

export interface MonitorFindings {
  outcome: CheckOutcome;
  /** Monitors that select the Service (for check 4). */
  selecting: KubeMonitor[];
}

export async function checkMonitors(
  monitors: KubeMonitor[],
  service: KubeService,
  pods: KubePod[],
  workload: Workload,
  readable: ReadableNames,
): Promise<MonitorFindings> {
  const { namespace, kubernetesId } = workload;
  const fits = monitors.map(m => fitOf(m, service, pods, namespace));
  const evidence = [
    {
      label: 'ServiceMonitors and PodMonitors in the cluster',
      detail: await readableList(
        readable,
        monitors.map(m => `${m.kind} ${ref(m)}`),
        // "ServiceMonitor shop/checkout" is named after checkout.
        listed => listed.split('/').pop()!,
      ),
    },
  ];
  const full = fits.filter(isFull);
  if (full.length > 0) {
    for (const f of full) {
      evidence.push({
        label: `${f.monitor.kind} ${ref(f.monitor)}`,
        detail: `selects ${formatLabelSelector(
          f.monitor.spec.selector ?? {},
        )}; endpoints: ${endpointsOf(f.monitor)
          .map(e => `${e.port ?? e.targetPort} ${e.path ?? '/metrics'}`)
          .join(', ')}`,
      });
    }
    return {
      selecting: full.map(f => f.monitor),
      outcome: {
        status: 'pass',
        message: `${full
          .map(f => `${f.monitor.kind} ${ref(f.monitor)}`)
          .join(', ')} select(s) Service ${ref(service)} on a named port.`,
        evidence,
      },
    };
  }

  // The monitor most likely meant for this service: same name, selecting
  // it, or selecting a label whose value is its id.
  const related = fits
    .map(f => ({
      f,
      score:
        (f.selects ? 4 : 0) +
        ([service.metadata.name, kubernetesId].includes(f.monitor.metadata.name)
          ? 2
          : 0) +
        (Object.values(f.monitor.spec.selector?.matchLabels ?? {}).includes(
          kubernetesId,
        )
          ? 1
          : 0),
    }))
    .filter(x => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const port = metricsPortOf(service);
  if (related.length === 0) {
    return {
      selecting: [],
      outcome: {
        status: 'fail',
        message: `No ServiceMonitor or PodMonitor selects Service ${ref(
          service,
        )} (labels ${labelsText(service.metadata.labels)}).`,
        evidence,
        fix: {
          summary: `Generate a ServiceMonitor for ${kubernetesId} scraping port '${
            port ?? 'metrics'
          }'.`,
          fixAction: {
            type: 'generate-monitoring',
            request: { port: port ?? 'metrics' },
          },
        },
      },
    };
  }

  const { f } = related[0];
  const m = f.monitor;
  const problems: string[] = [];
  const fixed = applyable(m);
  const spec = { ...fixed.spec };
  if (!f.selects) {
    const wanted = Object.fromEntries(
      Object.entries(service.metadata.labels ?? {}).filter(
        ([, v]) => v === kubernetesId,
      ),
    );
    const matchLabels =
      Object.keys(wanted).length > 0 ? wanted : service.metadata.labels ?? {};
    problems.push(
      `its selector ${formatLabelSelector(
        m.spec.selector ?? {},
      )} does not match the Service's labels (${labelsText(
        service.metadata.labels,
      )})`,
    );
    spec.selector = { matchLabels };
  }
  if (!f.coversNamespace) {
    const covered = monitorNamespaces(m);
    problems.push(
      `its namespaceSelector covers ${
        covered === 'any' ? 'any' : covered.join(', ')
      }${
        m.spec.namespaceSelector?.matchNames?.length
          ? ''
          : ' (its own namespace, as no namespaceSelector is set)'
      }, not the Service's namespace '${namespace}'`,
    );
    spec.namespaceSelector = { matchNames: [namespace] };
  }
  if (!f.portOk) {
    const ports = (service.spec?.ports ?? [])
      .map(p => p.name)
      .filter(Boolean)
      .join(', ');
    problems.push(
      `its endpoints name port(s) ${endpointsOf(m)
        .map(e => `'${e.port ?? e.targetPort}'`)
        .join(', ')}, but the ${
        m.kind === 'PodMonitor' ? "Pods' containers" : 'Service'
      } name ${ports || 'no ports'}`,
    );
    const key = m.kind === 'PodMonitor' ? 'podMetricsEndpoints' : 'endpoints';
    spec[key] = endpointsOf(m).map(e => ({ ...e, port: port ?? 'metrics' }));
  }
  if (!f.pathOk) {
    problems.push(
      `an endpoint path is not an absolute URL path (${endpointsOf(m)
        .map(e => e.path)
        .join(', ')})`,
    );
  }
  evidence.push({
    label: `${m.kind} ${ref(m)}`,
    detail: `selector ${formatLabelSelector(
      m.spec.selector ?? {},
    )}; namespaceSelector ${JSON.stringify(
      m.spec.namespaceSelector ?? {},
    )}; endpoints ${endpointsOf(m)
      .map(e => `${e.port ?? e.targetPort} ${e.path ?? '/metrics'}`)
      .join(', ')}`,
  });
  return {
    selecting: [],
    outcome: {
      status: 'fail',
      message: `${m.kind} ${ref(m)} does not scrape Service ${ref(
        service,
      )}: ${problems.join('; ')}.`,
      evidence,
      fix: {
        summary: `Correct ${m.kind} ${ref(m)}: ${problems
          .map(p => p.split(' (')[0])
          .join('; ')}.`,
        yaml: renderYaml([{ ...fixed, spec }]),
      },
    },
  };
}

// ---------------------------------------------------------------------------
// Check 4: the cluster's Prometheus selects the monitor

function namespaceLabels(
  namespaces: KubeNamespace[] | undefined,
  name: string,
): Record<string, string> {
  const found = namespaces?.find(n => n.metadata.name === name);
  // The API server labels every namespace with its own name (Kubernetes 1.21+).
  return { ...found?.metadata.labels, 'kubernetes.io/metadata.name': name };
}

function selectorsOf(p: KubePrometheus, kind: KubeMonitor['kind']) {
  return kind === 'PodMonitor'
    ? {
        field: 'podMonitorSelector',
        selector: p.spec?.podMonitorSelector,
        namespaceSelector: p.spec?.podMonitorNamespaceSelector,
      }
    : {
        field: 'serviceMonitorSelector',
        selector: p.spec?.serviceMonitorSelector,
        namespaceSelector: p.spec?.serviceMonitorNamespaceSelector,
      };
}

export function checkPrometheusSelects(
  prometheuses: KubePrometheus[],
  monitors: KubeMonitor[],
  namespaces: KubeNamespace[] | undefined,
): CheckOutcome {
  const evidence = prometheuses.map(p => {
    const sm = selectorsOf(p, 'ServiceMonitor');
    const pm = selectorsOf(p, 'PodMonitor');
    const ns = (s: unknown) =>
      s === undefined ? 'own namespace only' : formatLabelSelector(s as object);
    return {
      label: `Prometheus ${ref(p)}`,
      detail: `serviceMonitorSelector ${
        sm.selector ? formatLabelSelector(sm.selector) : 'unset (none)'
      } in ${ns(sm.namespaceSelector)}; podMonitorSelector ${
        pm.selector ? formatLabelSelector(pm.selector) : 'unset (none)'
      } in ${ns(pm.namespaceSelector)}`,
    };
  });
  if (prometheuses.length === 0) {
    return {
      status: 'skipped',
      skippedReason:
        'The cluster has no Prometheus resources (monitoring.coreos.com/v1): its Prometheus is not run by the Prometheus Operator, so monitors are not how it finds targets.',
      message: 'No Prometheus resource to check.',
      evidence,
    };
  }
  const results = monitors.flatMap(m =>
    prometheuses.map(p => {
      const s = selectorsOf(p, m.kind);
      const monitorNamespace = m.metadata.namespace ?? 'default';
      const selected =
        s.selector !== undefined &&
        matchesLabelSelector(s.selector, m.metadata.labels);
      const inNamespace =
        s.namespaceSelector === undefined
          ? monitorNamespace === p.metadata.namespace
          : matchesLabelSelector(
              s.namespaceSelector,
              namespaceLabels(namespaces, monitorNamespace),
            );
      return { m, p, s, selected, inNamespace };
    }),
  );
  const ok = results.filter(r => r.selected && r.inNamespace);
  if (ok.length > 0) {
    return {
      status: 'pass',
      message: ok
        .map(r => `Prometheus ${ref(r.p)} loads ${r.m.kind} ${ref(r.m)}`)
        .join('; '),
      evidence,
    };
  }
  // Explain against the Prometheus that is closest to loading the monitor.
  const r =
    results.find(x => x.inNamespace) ??
    results.find(x => x.selected) ??
    results[0];
  const { m, p, s } = r;
  if (!r.selected) {
    if (!s.selector) {
      return {
        status: 'fail',
        message: `Prometheus ${ref(p)} has no ${s.field}, so it loads no ${
          m.kind
        }s at all.`,
        evidence,
        fix: {
          summary: `Give Prometheus ${ref(p)} a ${
            s.field
          } (an empty one selects every ${m.kind}).`,
          yaml: renderYaml([
            {
              apiVersion: MONITORING,
              kind: 'Prometheus',
              metadata: {
                name: p.metadata.name,
                namespace: p.metadata.namespace,
              },
              spec: { [s.field]: {} },
            },
          ]),
        },
      };
    }
    const missing = missingLabels(s.selector, m.metadata.labels);
    const missingText = labelsText(missing);
    return {
      status: 'fail',
      message: `${m.kind} ${ref(
        m,
      )} lacks the label ${missingText} that Prometheus ${ref(
        p,
      )} selects monitors by (${s.field}: ${formatLabelSelector(
        s.selector,
      )}); its labels are ${labelsText(m.metadata.labels)}.`,
      evidence,
      fix: {
        summary: `Add ${missingText} to the labels of ${m.kind} ${ref(
          m,
        )} (and to observability.clusters[].prometheusOperator.monitorLabels, so generated monitors carry it).`,
        yaml: renderYaml([
          {
            ...applyable(m),
            metadata: {
              ...applyable(m).metadata,
              labels: { ...m.metadata.labels, ...missing },
            },
          },
        ]),
      },
    };
  }
  const target = p.metadata.namespace ?? 'monitoring';
  return {
    status: 'fail',
    message: `${m.kind} ${ref(m)} lives in namespace '${
      m.metadata.namespace
    }', which Prometheus ${ref(p)} does not watch (${
      s.namespaceSelector === undefined
        ? `no ${s.field.replace(
            'Selector',
            'NamespaceSelector',
          )}: only its own namespace '${target}'`
        : formatLabelSelector(s.namespaceSelector)
    }).`,
    evidence,
    fix: {
      summary: `Move ${m.kind} ${
        m.metadata.name
      } to namespace '${target}', keeping namespaceSelector on '${
        m.spec.namespaceSelector?.matchNames?.join(', ') ?? m.metadata.namespace
      }' (or widen the Prometheus' ${s.field.replace(
        'Selector',
        'NamespaceSelector',
      )}).`,
      yaml: renderYaml([
        {
          ...applyable(m),
          metadata: { ...applyable(m).metadata, namespace: target },
          spec: {
            ...m.spec,
            namespaceSelector: m.spec.namespaceSelector?.matchNames?.length
              ? m.spec.namespaceSelector
              : { matchNames: [m.metadata.namespace ?? 'default'] },
          },
        },
      ]),
    },
  };
}
