import { DiagnosisEvidence } from '@sightline/plugin-observability-common';
import {
  formatLabelSelector,
  KubeMonitor,
  KubeNamespace,
  KubePrometheus,
  matchesLabelSelector,
  missingLabels,
  renderYaml,
} from '@sightline/plugin-observability-node';
import { CheckOutcome, skipped } from '../DoctorCheck';
import { kubernetesCheck } from './upstreamChecks';
import { applyable, labelsText, MONITORING, ref } from './kubernetesObjects';
import { monitorCheck, MonitorFindings } from './monitorCheck';

/** The selectors a Prometheus loads one kind of monitor by. */
interface MonitorSelectors {
  field: 'serviceMonitorSelector' | 'podMonitorSelector';
  selector?: Parameters<typeof matchesLabelSelector>[0];
  namespaceSelector?: Parameters<typeof matchesLabelSelector>[0];
}

/** Whether one Prometheus loads one monitor, and why not. */
interface Loading {
  m: KubeMonitor;
  p: KubePrometheus;
  s: MonitorSelectors;
  selected: boolean;
  inNamespace: boolean;
}

/** Check 4: the cluster's Prometheus loads a monitor of check 3. */
export const prometheusSelectsMonitorCheck = kubernetesCheck<
  never,
  MonitorFindings
>({
  id: 'prometheus-selects-monitor',
  title: "The cluster's Prometheus loads the monitor",
  after: monitorCheck,
  async run(_context, reader, previous) {
    const selecting = previous?.selecting ?? [];
    if (selecting.length === 0) {
      return skipped('No monitor selects the Service yet (check 3).');
    }
    const [prometheuses, namespaces] = await Promise.all([
      reader.prometheuses(),
      // Only needed for label-based namespace selectors; may be forbidden.
      reader.namespaces().catch(() => undefined),
    ]);
    return judgeLoading(prometheuses, selecting, namespaces);
  },
});

function judgeLoading(
  prometheuses: KubePrometheus[],
  monitors: KubeMonitor[],
  namespaces: KubeNamespace[] | undefined,
): CheckOutcome {
  const evidence = prometheuses.map(selectorEvidence);
  if (prometheuses.length === 0) {
    return {
      status: 'skipped',
      skippedReason:
        'The cluster has no Prometheus resources (monitoring.coreos.com/v1): its Prometheus is not run by the Prometheus Operator, so monitors are not how it finds targets.',
      message: 'No Prometheus resource to check.',
      evidence,
    };
  }
  const loadings = monitors.flatMap(m =>
    prometheuses.map(p => loadingOf(m, p, namespaces)),
  );
  const ok = loadings.filter(r => r.selected && r.inNamespace);
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
  const closest =
    loadings.find(x => x.inNamespace) ??
    loadings.find(x => x.selected) ??
    loadings[0];
  if (closest.selected) return namespaceNotWatched(closest, evidence);
  return closest.s.selector
    ? labelMissing(closest, evidence)
    : noSelector(closest, evidence);
}

function selectorsOf(
  p: KubePrometheus,
  kind: KubeMonitor['kind'],
): MonitorSelectors {
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

function selectorEvidence(p: KubePrometheus): DiagnosisEvidence {
  const sm = selectorsOf(p, 'ServiceMonitor');
  const pm = selectorsOf(p, 'PodMonitor');
  const selects = (s: MonitorSelectors) =>
    `${s.field} ${
      s.selector ? formatLabelSelector(s.selector) : 'unset (none)'
    } in ${
      s.namespaceSelector === undefined
        ? 'own namespace only'
        : formatLabelSelector(s.namespaceSelector)
    }`;
  return {
    label: `Prometheus ${ref(p)}`,
    detail: `${selects(sm)}; ${selects(pm)}`,
  };
}

function loadingOf(
  m: KubeMonitor,
  p: KubePrometheus,
  namespaces: KubeNamespace[] | undefined,
): Loading {
  const s = selectorsOf(p, m.kind);
  const monitorNamespace = m.metadata.namespace ?? 'default';
  return {
    m,
    p,
    s,
    selected:
      s.selector !== undefined &&
      matchesLabelSelector(s.selector, m.metadata.labels),
    // Without a namespace selector a Prometheus watches its own namespace.
    inNamespace:
      s.namespaceSelector === undefined
        ? monitorNamespace === p.metadata.namespace
        : matchesLabelSelector(
            s.namespaceSelector,
            namespaceLabels(namespaces, monitorNamespace),
          ),
  };
}

function namespaceLabels(
  namespaces: KubeNamespace[] | undefined,
  name: string,
): Record<string, string> {
  const found = namespaces?.find(n => n.metadata.name === name);
  // The API server labels every namespace with its own name (Kubernetes 1.21+).
  return { ...found?.metadata.labels, 'kubernetes.io/metadata.name': name };
}

function noSelector(
  { m, p, s }: Loading,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
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
          metadata: { name: p.metadata.name, namespace: p.metadata.namespace },
          spec: { [s.field]: {} },
        },
      ]),
    },
  };
}

function labelMissing(
  { m, p, s }: Loading,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const missing = missingLabels(s.selector!, m.metadata.labels);
  const missingText = labelsText(missing);
  const fixed = applyable(m);
  return {
    status: 'fail',
    message: `${m.kind} ${ref(
      m,
    )} lacks the label ${missingText} that Prometheus ${ref(
      p,
    )} selects monitors by (${s.field}: ${formatLabelSelector(
      s.selector!,
    )}); its labels are ${labelsText(m.metadata.labels)}.`,
    evidence,
    fix: {
      summary: `Add ${missingText} to the labels of ${m.kind} ${ref(
        m,
      )} (and to observability.clusters[].prometheusOperator.monitorLabels, so generated monitors carry it).`,
      yaml: renderYaml([
        {
          ...fixed,
          metadata: {
            ...fixed.metadata,
            labels: { ...m.metadata.labels, ...missing },
          },
        },
      ]),
    },
  };
}

/** Moving the monitor beside the Prometheus, still watching the Service's namespace. */
function namespaceNotWatched(
  { m, p, s }: Loading,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const target = p.metadata.namespace ?? 'monitoring';
  const namespaceField = s.field.replace('Selector', 'NamespaceSelector');
  const fixed = applyable(m);
  return {
    status: 'fail',
    message: `${m.kind} ${ref(m)} lives in namespace '${
      m.metadata.namespace
    }', which Prometheus ${ref(p)} does not watch (${
      s.namespaceSelector === undefined
        ? `no ${namespaceField}: only its own namespace '${target}'`
        : formatLabelSelector(s.namespaceSelector)
    }).`,
    evidence,
    fix: {
      summary: `Move ${m.kind} ${
        m.metadata.name
      } to namespace '${target}', keeping namespaceSelector on '${
        m.spec.namespaceSelector?.matchNames?.join(', ') ?? m.metadata.namespace
      }' (or widen the Prometheus' ${namespaceField}).`,
      yaml: renderYaml([
        {
          ...fixed,
          metadata: { ...fixed.metadata, namespace: target },
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
