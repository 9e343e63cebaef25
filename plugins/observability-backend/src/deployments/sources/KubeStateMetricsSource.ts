import {
  escapeRegex,
  formatDuration,
  LabelMatcher,
} from '@sightline/plugin-observability-common';
import { selector } from '../../metrics/promql';
import { ClusterClients } from '../../upstreams/UpstreamClients';
import {
  RolloutCandidate,
  RolloutQuery,
  RolloutSource,
  SourceAnswer,
  versionOfImages,
} from '../RolloutSource';
import { Workload } from '../workload';

/**
 * The selectors of a Deployment's kube-state-metrics series. Every selector
 * carries the namespace and a matcher naming the Deployment or its own
 * objects: ReplicaSets are `<deployment>-<pod-template-hash>` and their
 * Pods `<replicaset>-<suffix>`, both alphanumeric, so `checkout-[a-z0-9]+`
 * cannot match the ReplicaSets of a `checkout-worker` Deployment.
 */
export function kubeStateMatchers(workload: Workload) {
  const namespace: LabelMatcher = {
    name: 'namespace',
    op: '=',
    value: workload.namespace,
  };
  const name = escapeRegex(workload.name);
  return {
    deployment: [
      namespace,
      { name: 'deployment', op: '=', value: workload.name },
    ] as LabelMatcher[],
    replicaSet: [
      namespace,
      { name: 'replicaset', op: '=~', value: `${name}-[a-z0-9]+` },
    ] as LabelMatcher[],
    pod: [
      namespace,
      { name: 'pod', op: '=~', value: `${name}-[a-z0-9]+-[a-z0-9]+` },
    ] as LabelMatcher[],
  };
}

/**
 * Rollouts from kube-state-metrics: each ReplicaSet a Deployment owns
 * (`kube_replicaset_owner{owner_kind="Deployment"}`) is one revision,
 * created at `kube_replicaset_created` (a timestamp, so the instant is
 * exact, not rounded to a scrape); its images come from its Pods
 * (`kube_pod_owner` joined with `kube_pod_container_info`); whether the
 * newest is still rolling out from the Deployment's generation against the
 * generation its controller has observed.
 */
export class KubeStateMetricsSource implements RolloutSource {
  readonly ids = ['kube-state-metrics' as const];

  configured(clients: ClusterClients): boolean {
    return clients.has('prometheus');
  }

  async find({
    workload,
    range,
    clients,
  }: RolloutQuery): Promise<SourceAnswer[]> {
    const prometheus = clients.prometheus();
    const m = kubeStateMatchers(workload);
    // Everything alive at any time in the range, read at its end.
    const span = formatDuration(
      Math.max(60_000, Math.ceil((range.end - range.start) / 1000) * 1000),
    );
    const created = selector('kube_replicaset_created', m.replicaSet);
    const owner = selector('kube_replicaset_owner', m.replicaSet, [
      { name: 'owner_kind', op: '=', value: 'Deployment' },
      { name: 'owner_name', op: '=', value: workload.name },
    ]);
    const replicaSetsQuery =
      `max by (replicaset) (max_over_time(${created}[${span}]))` +
      ` * on (replicaset) max by (replicaset) (max_over_time(${owner}[${span}]))`;
    const podOwner = selector('kube_pod_owner', m.pod, [
      { name: 'owner_kind', op: '=', value: 'ReplicaSet' },
    ]);
    const containers = selector('kube_pod_container_info', m.pod);
    const imagesQuery =
      `max by (owner_name, container, image) (` +
      `max by (namespace, pod, container, image) (max_over_time(${containers}[${span}]))` +
      ` * on (namespace, pod) group_left (owner_name)` +
      ` max by (namespace, pod, owner_name) (max_over_time(${podOwner}[${span}])))`;
    const generations =
      `max by (deployment) (${selector(
        'kube_deployment_metadata_generation',
        m.deployment,
      )})` +
      ` - on (deployment) max by (deployment) (${selector(
        'kube_deployment_status_observed_generation',
        m.deployment,
      )})`;

    const [replicaSets, images, unobserved] = await Promise.all([
      prometheus.instant(replicaSetsQuery, range.end),
      prometheus.instant(imagesQuery, range.end),
      prometheus.instant(generations, range.end),
    ]);
    // Without the generation series the newest rollout's state is unknown.
    let newestStatus: 'progressing' | 'complete' | undefined;
    if (unobserved.length > 0) {
      newestStatus = unobserved.some(s => Number(s.value[1]) > 0)
        ? 'progressing'
        : 'complete';
    }
    const imagesOf = (replicaSet: string) =>
      images
        .filter(s => s.metric.owner_name === replicaSet && s.metric.image)
        .map(s => ({ name: s.metric.container ?? '', image: s.metric.image }))
        .sort((a, b) => a.name.localeCompare(b.name));
    const candidates: RolloutCandidate[] = replicaSets
      .map(s => ({
        replicaSet: s.metric.replicaset,
        at: Math.round(Number(s.value[1]) * 1000),
      }))
      .filter(r => r.replicaSet && Number.isFinite(r.at))
      .sort((a, b) => a.at - b.at)
      .map(({ replicaSet, at }, i, all) => {
        const containersOf = imagesOf(replicaSet);
        return {
          source: 'kube-state-metrics' as const,
          at,
          version: versionOfImages(containersOf, workload),
          images: containersOf.map(c => c.image),
          controller: {
            kind: 'Deployment' as const,
            name: `${workload.namespace}/${workload.name}`,
            replicaSet,
          },
          status: i === all.length - 1 ? newestStatus : undefined,
        };
      });
    return [{ source: 'kube-state-metrics', candidates }];
  }
}
