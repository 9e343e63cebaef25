import {
  DeploymentSourceId,
  RolloutController,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { TimeRange } from '../http/TimeRange';
import { ClusterClients } from '../upstreams/UpstreamClients';
import { Workload } from './workload';

/**
 * A version going live as one source saw it. Sources return the versions
 * live before the range too (as far as they know them), so that the
 * first rollout in the range can name the version it replaced.
 */
export interface RolloutCandidate {
  source: DeploymentSourceId;
  at: number;
  version?: string;
  images: string[];
  controller: RolloutController;
  status?: 'progressing' | 'complete';
}

/** What a source is asked about. */
export interface RolloutQuery {
  workload: Workload;
  target: TelemetryTarget;
  range: TimeRange;
  clients: ClusterClients;
}

/**
 * One place rollouts can be read from. `configured` says whether the
 * cluster has the upstream the source reads; `find` may throw, and the
 * service reports the source as unavailable without failing the others.
 * One source may stand for several ids (the Kubernetes API gives
 * ReplicaSets and the Argo CD and Flux objects).
 */
export interface RolloutSource {
  readonly ids: DeploymentSourceId[];
  configured(clients: ClusterClients): boolean;
  find(query: RolloutQuery): Promise<SourceAnswer[]>;
}

/** One id's answer: its candidates, or why it has none. */
export type SourceAnswer =
  | { source: DeploymentSourceId; candidates: RolloutCandidate[] }
  | { source: DeploymentSourceId; unavailable: string }
  | { source: DeploymentSourceId; notServed: string };

/** The tag of an image reference (`ghcr.io/shop/checkout:v1.8.2@sha256:…` → `v1.8.2`). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) || undefined : undefined;
}

/** The version images stand for: the tag of the workload's own container's image, else the first. */
export function versionOfImages(
  containers: { name: string; image: string }[],
  workload: Workload,
): string | undefined {
  const own = containers.find(c => c.name === workload.name) ?? containers[0];
  return own ? imageTag(own.image) : undefined;
}
