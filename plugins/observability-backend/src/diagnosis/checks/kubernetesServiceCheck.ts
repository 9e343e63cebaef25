import { DiagnosisEvidence } from '@sightline/plugin-observability-common';
import {
  ClusterMonitoringReader,
  DEFAULT_MONITOR_SELECTOR_LABEL,
  KubePod,
  KubeService,
  renderYaml,
} from '@sightline/plugin-observability-node';
import { CheckOutcome, Finding } from '../DoctorCheck';
import { ReadableNames, readableList } from '../readableNames';
import { Workload } from '../workload';
import { kubernetesCheck } from './upstreamChecks';
import { labelsText, ref } from './kubernetesObjects';

/** What check 2 found, for check 3. */
export interface ServiceFindings {
  service?: KubeService;
  pods: KubePod[];
}

type ServicePort = NonNullable<
  NonNullable<KubeService['spec']>['ports']
>[number];

/** The Pods a Service selects, and which of them are ready. */
interface SelectedPods {
  selector: string;
  pods: KubePod[];
  ready: KubePod[];
}

/** Check 2: the entity's Service exists, with named ports and ready Pods. */
export const kubernetesServiceCheck = kubernetesCheck<ServiceFindings>({
  id: 'kubernetes-service',
  title: 'Kubernetes Service and Pods',
  async run({ workload, readable }, reader): Promise<Finding<ServiceFindings>> {
    const evidence: DiagnosisEvidence[] = [];
    const service = await findService(reader, workload, evidence);
    if (!service) {
      return {
        ...(await missingService(reader, workload, readable, evidence)),
        found: { pods: [] },
      };
    }
    evidence.push({
      label: `Service ${ref(service)}`,
      detail: `labels: ${labelsText(
        service.metadata.labels,
      )}; ports: ${portsText(service)}`,
    });
    const selected = await selectedPods(
      reader,
      service,
      workload.namespace,
      evidence,
    );
    return {
      ...judgeService(service, selected, workload.namespace, evidence),
      found: { service, pods: selected.pods },
    };
  },
});

/** The Service by the entity's Kubernetes id, else by its label selector. */
async function findService(
  reader: ClusterMonitoringReader,
  { namespace, kubernetesId, labelSelector }: Workload,
  evidence: DiagnosisEvidence[],
): Promise<KubeService | undefined> {
  const named = await reader.service(namespace, kubernetesId);
  evidence.push({
    label: `Service ${namespace}/${kubernetesId}`,
    detail: named ? 'exists' : 'not found',
  });
  if (named) return named;
  const selector = labelSelector ?? `app.kubernetes.io/name=${kubernetesId}`;
  const [labelled] = await reader.services(namespace, selector);
  evidence.push({
    label: `Services in ${namespace} with ${selector}`,
    detail: labelled ? labelled.metadata.name : 'none',
  });
  return labelled;
}

async function missingService(
  reader: ClusterMonitoringReader,
  { namespace, kubernetesId }: Workload,
  readable: ReadableNames,
  evidence: DiagnosisEvidence[],
): Promise<CheckOutcome> {
  const all = await reader.services(namespace);
  evidence.push({
    label: `Services in namespace ${namespace}`,
    detail: await readableList(
      readable,
      all.map(s => s.metadata.name),
    ),
  });
  return {
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
  };
}

async function selectedPods(
  reader: ClusterMonitoringReader,
  service: KubeService,
  namespace: string,
  evidence: DiagnosisEvidence[],
): Promise<SelectedPods> {
  const selector = Object.entries(service.spec?.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = selector ? await reader.pods(namespace, selector) : [];
  const ready = pods.filter(isReady);
  const notReady = pods.filter(p => !isReady(p)).map(p => p.metadata.name);
  evidence.push({
    label: `Pods selected by ${selector || '(no selector)'}`,
    detail: `${pods.length} found, ${ready.length} ready${
      notReady.length > 0 ? ` (not ready: ${notReady.join(', ')})` : ''
    }`,
  });
  return { selector, pods, ready };
}

/** Unnamed ports first (monitors cannot name them), then Pods to scrape. */
function judgeService(
  service: KubeService,
  { selector, pods, ready }: SelectedPods,
  namespace: string,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const unnamed = (service.spec?.ports ?? []).filter(p => !p.name);
  if (unnamed.length > 0) {
    return unnamedPorts(service, unnamed, namespace, evidence);
  }
  if (pods.length === 0) {
    return {
      status: 'fail',
      message: `Service ${ref(service)} selects no Pods (selector ${
        selector || 'empty'
      }), so it has no endpoints to scrape.`,
      evidence,
      fix: {
        summary: `Make spec.selector of the Service match the Pods' labels (kubectl get pods -n ${namespace} --show-labels).`,
      },
    };
  }
  if (ready.length === 0) {
    return {
      status: 'fail',
      message: `None of the ${pods.length} Pods of Service ${ref(
        service,
      )} is ready, so Prometheus has no endpoint to scrape.`,
      evidence,
      fix: {
        summary: `Find why the Pods are not ready: kubectl describe pods -n ${namespace} -l ${selector}`,
      },
    };
  }
  return {
    status: ready.length < pods.length ? 'warn' : 'pass',
    message: `Service ${ref(service)} exists with named ports (${portsText(
      service,
    )}); ${ready.length} of ${pods.length} Pods ready.`,
    evidence,
  };
}

function unnamedPorts(
  service: KubeService,
  unnamed: ServicePort[],
  namespace: string,
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const named = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: service.metadata.name, namespace },
    spec: {
      ports: (service.spec?.ports ?? []).map(p => ({
        ...p,
        name: p.name ?? nameForPort(p.port, service),
      })),
    },
  };
  return {
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
  };
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

/**
 * A name for an unnamed Service port: `metrics` when it is the only port
 * (most likely the one serving metrics), `port-<number>` otherwise.
 */
function nameForPort(port: number, service: KubeService): string {
  return (service.spec?.ports ?? []).length === 1 ? 'metrics' : `port-${port}`;
}
