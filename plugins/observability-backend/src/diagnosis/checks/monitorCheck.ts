import { DiagnosisEvidence } from '@sightline/plugin-observability-common';
import {
  formatLabelSelector,
  KubeMonitor,
  KubeService,
  renderYaml,
} from '@sightline/plugin-observability-node';
import { CheckOutcome, Finding, skipped } from '../DoctorCheck';
import { readableList } from '../readableNames';
import { Workload } from '../workload';
import { kubernetesCheck } from './upstreamChecks';
import { applyable, labelsText, portNames, ref } from './kubernetesObjects';
import {
  kubernetesServiceCheck,
  ServiceFindings,
} from './kubernetesServiceCheck';
import {
  closestFit,
  endpointsOf,
  endpointsText,
  fitOf,
  isFull,
  MonitorFit,
  monitorNamespaces,
} from './monitorFit';

/** What check 3 found, for check 4. */
export interface MonitorFindings {
  /** Monitors that select the Service. */
  selecting: KubeMonitor[];
}

/** Port names a scrape endpoint is most likely to mean, best first. */
const METRICS_PORT_NAMES = ['metrics', 'http-metrics', 'http', 'web'];

/** One thing wrong with a monitor, and the change to its spec that fixes it. */
interface Correction {
  problem: string;
  spec?: Partial<KubeMonitor['spec']>;
}

/** Check 3: a ServiceMonitor or PodMonitor selects the Service of check 2. */
export const monitorCheck = kubernetesCheck<MonitorFindings, ServiceFindings>({
  id: 'monitor',
  title: 'A ServiceMonitor or PodMonitor selects the Service',
  after: kubernetesServiceCheck,
  async run(
    { workload, readable },
    reader,
    previous,
  ): Promise<Finding<MonitorFindings>> {
    const service = previous?.service;
    if (!service) return skipped('There is no Service to select (check 2).');
    const monitors = await reader.monitors();
    const fits = monitors.map(m =>
      fitOf(m, service, previous.pods, workload.namespace),
    );
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
    if (full.length > 0) return selected(full, service, evidence);
    const closest = closestFit(fits, service, workload.kubernetesId);
    return {
      ...(closest
        ? misfit(closest, service, workload, evidence)
        : noMonitor(service, workload, evidence)),
      found: { selecting: [] },
    };
  },
});

function selected(
  full: MonitorFit[],
  service: KubeService,
  evidence: DiagnosisEvidence[],
): Finding<MonitorFindings> {
  for (const { monitor } of full) {
    evidence.push({
      label: `${monitor.kind} ${ref(monitor)}`,
      detail: `selects ${formatLabelSelector(
        monitor.spec.selector ?? {},
      )}; endpoints: ${endpointsText(monitor)}`,
    });
  }
  return {
    status: 'pass',
    message: `${full
      .map(f => `${f.monitor.kind} ${ref(f.monitor)}`)
      .join(', ')} select(s) Service ${ref(service)} on a named port.`,
    evidence,
    found: { selecting: full.map(f => f.monitor) },
  };
}

function noMonitor(
  service: KubeService,
  { kubernetesId }: Workload,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const port = metricsPortOf(service) ?? 'metrics';
  return {
    status: 'fail',
    message: `No ServiceMonitor or PodMonitor selects Service ${ref(
      service,
    )} (labels ${labelsText(service.metadata.labels)}).`,
    evidence,
    fix: {
      summary: `Generate a ServiceMonitor for ${kubernetesId} scraping port '${port}'.`,
      fixAction: { type: 'generate-monitoring', request: { port } },
    },
  };
}

/** The monitor meant for the Service, what keeps it from scraping it, and its corrected YAML. */
function misfit(
  fit: MonitorFit,
  service: KubeService,
  workload: Workload,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const m = fit.monitor;
  const corrections = [
    fit.selects ? undefined : selectorCorrection(m, service, workload),
    fit.coversNamespace ? undefined : namespaceCorrection(m, workload),
    fit.portOk ? undefined : portCorrection(m, service),
    fit.pathOk ? undefined : pathCorrection(m),
  ].filter((c): c is Correction => c !== undefined);
  const problems = corrections.map(c => c.problem);
  const fixed = applyable(m);
  const spec = Object.assign(
    { ...fixed.spec },
    ...corrections.map(c => c.spec),
  );
  evidence.push({
    label: `${m.kind} ${ref(m)}`,
    detail: `selector ${formatLabelSelector(
      m.spec.selector ?? {},
    )}; namespaceSelector ${JSON.stringify(
      m.spec.namespaceSelector ?? {},
    )}; endpoints ${endpointsText(m)}`,
  });
  return {
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
  };
}

/** Select the Service by its labels valued its id (all of its labels when none is). */
function selectorCorrection(
  m: KubeMonitor,
  service: KubeService,
  { kubernetesId }: Workload,
): Correction {
  const labels = service.metadata.labels ?? {};
  const wanted = Object.fromEntries(
    Object.entries(labels).filter(([, v]) => v === kubernetesId),
  );
  return {
    problem: `its selector ${formatLabelSelector(
      m.spec.selector ?? {},
    )} does not match the Service's labels (${labelsText(
      service.metadata.labels,
    )})`,
    spec: {
      selector: {
        matchLabels: Object.keys(wanted).length > 0 ? wanted : labels,
      },
    },
  };
}

function namespaceCorrection(
  m: KubeMonitor,
  { namespace }: Workload,
): Correction {
  const covered = monitorNamespaces(m);
  return {
    problem: `its namespaceSelector covers ${
      covered === 'any' ? 'any' : covered.join(', ')
    }${
      m.spec.namespaceSelector?.matchNames?.length
        ? ''
        : ' (its own namespace, as no namespaceSelector is set)'
    }, not the Service's namespace '${namespace}'`,
    spec: { namespaceSelector: { matchNames: [namespace] } },
  };
}

function portCorrection(m: KubeMonitor, service: KubeService): Correction {
  const port = metricsPortOf(service) ?? 'metrics';
  const key = m.kind === 'PodMonitor' ? 'podMetricsEndpoints' : 'endpoints';
  return {
    problem: `its endpoints name port(s) ${endpointsOf(m)
      .map(e => `'${e.port ?? e.targetPort}'`)
      .join(', ')}, but the ${
      m.kind === 'PodMonitor' ? "Pods' containers" : 'Service'
    } name ${portNames(service).join(', ') || 'no ports'}`,
    spec: { [key]: endpointsOf(m).map(e => ({ ...e, port })) },
  };
}

/** A path cannot be guessed, so the fix names the problem only. */
function pathCorrection(m: KubeMonitor): Correction {
  return {
    problem: `an endpoint path is not an absolute URL path (${endpointsOf(m)
      .map(e => e.path)
      .join(', ')})`,
  };
}

/** The named Service port a monitor should scrape, best guess first. */
function metricsPortOf(service: KubeService): string | undefined {
  const names = portNames(service);
  return METRICS_PORT_NAMES.find(n => names.includes(n)) ?? names[0];
}
