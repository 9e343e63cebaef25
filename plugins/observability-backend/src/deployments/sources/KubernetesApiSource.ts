import {
  ClusterMonitoringReader,
  KubeReplicaSet,
} from '@sightline/plugin-observability-node';
import { DeploymentSourceId } from '@sightline/plugin-observability-common';
import { ClusterClients } from '../../upstreams/UpstreamClients';
import {
  RolloutCandidate,
  RolloutQuery,
  RolloutSource,
  SourceAnswer,
  versionOfImages,
} from '../RolloutSource';
import { Workload } from '../workload';

/** The annotation the Deployment controller numbers each ReplicaSet's revision with. */
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** An argoproj.io/v1alpha1 Application, as much as its sync history needs. */
interface ArgoApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: { destination?: { namespace?: string } };
  status?: {
    resources?: { kind?: string; namespace?: string; name?: string }[];
    history?: {
      revision?: string;
      deployedAt?: string;
      deployStartedAt?: string;
      source?: { targetRevision?: string };
    }[];
  };
}

/** A helm.toolkit.fluxcd.io/v2 HelmRelease: its release history. */
interface FluxHelmRelease {
  metadata: { name: string; namespace?: string };
  spec?: { releaseName?: string; targetNamespace?: string };
  status?: {
    history?: {
      name?: string;
      namespace?: string;
      chartVersion?: string;
      appVersion?: string;
      firstDeployed?: string;
      lastDeployed?: string;
      version?: number;
    }[];
  };
}

/** A kustomize.toolkit.fluxcd.io/v1 Kustomization: what it applied, when. */
interface FluxKustomization {
  metadata: { name: string; namespace?: string };
  status?: {
    inventory?: { entries?: { id: string }[] };
    lastAppliedRevision?: string;
    conditions?: {
      type: string;
      status: string;
      lastTransitionTime?: string;
    }[];
    history?: {
      firstReconciled?: string;
      metadata?: { revision?: string };
    }[];
  };
}

function epochMs(time: string | undefined): number | undefined {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** `main@sha1:0a1b…` (Flux) or `0a1b…` (Argo CD) → the commit sha, else the revision as given. */
function gitRevision(revision: string): string {
  return revision.match(/(?:^|@sha1:)([0-9a-f]{7,40})$/)?.[1] ?? revision;
}

/**
 * Rollouts from the cluster's Kubernetes API: the Deployment's ReplicaSets
 * (one per revision, with `deployment.kubernetes.io/revision`, creation
 * time and container images), and the sync history of the Argo CD
 * Applications and Flux HelmReleases/Kustomizations that manage it. A
 * cluster without Argo CD or Flux (their kinds not served) says so; it is
 * not a failure.
 */
export class KubernetesApiSource implements RolloutSource {
  readonly ids: DeploymentSourceId[] = ['kubernetes', 'argocd', 'flux'];

  constructor(private readonly timeoutMs: number) {}

  configured(clients: ClusterClients): boolean {
    return clients.has('kubernetes');
  }

  async find({ workload, clients }: RolloutQuery): Promise<SourceAnswer[]> {
    const reader = clients.kubernetes().reader(this.timeoutMs);
    const [kubernetes, argocd, flux] = await Promise.all([
      answer('kubernetes', async () =>
        fromReplicaSets(await reader.replicaSets(workload.namespace), workload),
      ),
      answer('argocd', () => argoSyncs(reader, workload)),
      answer('flux', () => fluxSyncs(reader, workload)),
    ]);
    return [kubernetes, argocd, flux];
  }
}

async function answer(
  source: DeploymentSourceId,
  read: () => Promise<RolloutCandidate[] | undefined>,
): Promise<SourceAnswer> {
  try {
    const candidates = await read();
    return candidates
      ? { source, candidates }
      : { source, notServed: 'the cluster does not serve its resources' };
  } catch (error) {
    return { source, unavailable: (error as Error).message };
  }
}

function fromReplicaSets(
  replicaSets: KubeReplicaSet[],
  workload: Workload,
): RolloutCandidate[] {
  return replicaSets
    .filter(rs =>
      rs.metadata.ownerReferences?.some(
        o => o.kind === 'Deployment' && o.name === workload.name,
      ),
    )
    .flatMap(rs => {
      const at = epochMs(rs.metadata.creationTimestamp);
      if (at === undefined) return [];
      const containers = (rs.spec?.template?.spec?.containers ?? [])
        .filter(c => c.image)
        .map(c => ({ name: c.name, image: c.image! }));
      return [
        {
          source: 'kubernetes' as const,
          at,
          version: versionOfImages(containers, workload),
          images: containers.map(c => c.image),
          controller: {
            kind: 'Deployment' as const,
            name: `${workload.namespace}/${workload.name}`,
            replicaSet: rs.metadata.name,
            revision: rs.metadata.annotations?.[REVISION_ANNOTATION],
          },
        },
      ];
    });
}

/**
 * Whether an Application deploys the workload: its status lists the
 * Deployment among its resources, or (for an Application whose resource
 * tree is not in its status) it carries the workload's
 * `backstage.io/kubernetes-id` label, as Backstage's Kubernetes plugin
 * finds objects, and deploys into its namespace.
 */
function deploys(app: ArgoApplication, workload: Workload): boolean {
  const listed = app.status?.resources?.some(
    r =>
      r.kind === 'Deployment' &&
      r.name === workload.name &&
      r.namespace === workload.namespace,
  );
  const labelled =
    app.metadata.labels?.['backstage.io/kubernetes-id'] === workload.name &&
    app.spec?.destination?.namespace === workload.namespace;
  return !!listed || labelled;
}

async function argoSyncs(
  reader: ClusterMonitoringReader,
  workload: Workload,
): Promise<RolloutCandidate[] | undefined> {
  const applications = await reader.servedObjects<ArgoApplication>(
    'argoproj.io/v1alpha1',
    'Application',
  );
  if (!applications) return undefined;
  return applications
    .filter(app => deploys(app, workload))
    .flatMap(app =>
      (app.status?.history ?? []).flatMap(entry => {
        const at = epochMs(entry.deployStartedAt ?? entry.deployedAt);
        if (at === undefined) return [];
        return [
          {
            source: 'argocd' as const,
            at,
            images: [],
            controller: {
              kind: 'ArgoCDApplication' as const,
              name: app.metadata.name,
              revision: entry.revision
                ? gitRevision(entry.revision)
                : undefined,
            },
          },
        ];
      }),
    );
}

async function fluxSyncs(
  reader: ClusterMonitoringReader,
  workload: Workload,
): Promise<RolloutCandidate[] | undefined> {
  const [releases, kustomizations] = await Promise.all([
    reader.servedObjects<FluxHelmRelease>(
      'helm.toolkit.fluxcd.io/v2',
      'HelmRelease',
    ),
    reader.servedObjects<FluxKustomization>(
      'kustomize.toolkit.fluxcd.io/v1',
      'Kustomization',
    ),
  ]);
  if (!releases && !kustomizations) return undefined;
  // A release's Deployment is named after the release by chart convention.
  const fromReleases = (releases ?? [])
    .filter(
      r =>
        (r.spec?.targetNamespace ?? r.metadata.namespace) ===
          workload.namespace &&
        (r.spec?.releaseName ?? r.metadata.name) === workload.name,
    )
    .flatMap(r =>
      (r.status?.history ?? []).flatMap(entry => {
        const at = epochMs(entry.lastDeployed ?? entry.firstDeployed);
        if (at === undefined) return [];
        return [
          {
            source: 'flux' as const,
            at,
            version: entry.appVersion,
            images: [],
            controller: {
              kind: 'FluxHelmRelease' as const,
              name: r.metadata.name,
              revision: entry.chartVersion,
            },
          },
        ];
      }),
    );
  const inventoryId = `${workload.namespace}_${workload.name}_apps_Deployment`;
  const fromKustomizations = (kustomizations ?? [])
    .filter(k => k.status?.inventory?.entries?.some(e => e.id === inventoryId))
    .flatMap(k => {
      // Flux 2.5+ keeps a history; before, only the last applied revision.
      const history = k.status?.history?.length
        ? k.status.history.map(h => ({
            at: epochMs(h.firstReconciled),
            revision: h.metadata?.revision,
          }))
        : [
            {
              at: epochMs(
                k.status?.conditions?.find(c => c.type === 'Ready')
                  ?.lastTransitionTime,
              ),
              revision: k.status?.lastAppliedRevision,
            },
          ];
      return history.flatMap(({ at, revision }) =>
        at === undefined
          ? []
          : [
              {
                source: 'flux' as const,
                at,
                images: [],
                controller: {
                  kind: 'FluxKustomization' as const,
                  name: k.metadata.name,
                  revision: revision ? gitRevision(revision) : undefined,
                },
              },
            ],
      );
    });
  return [...fromReleases, ...fromKustomizations];
}
