import {
  DeploymentSourceId,
  RolloutController,
} from '@sightline/plugin-observability-common';
import { RolloutCandidate } from './RolloutSource';

/**
 * How far apart two sources' sightings of one rollout may be: an Argo CD
 * or Flux sync creates the ReplicaSet seconds to minutes after it starts,
 * and a version label shows up when the first new Pod is scraped.
 */
const SAME_ROLLOUT_MS = 10 * 60_000;

/** A rollout as every source that saw it tells it, before figures. */
export interface MergedRollout {
  at: number;
  version?: string;
  images: string[];
  controller: RolloutController;
  syncedBy?: RolloutController;
  sources: DeploymentSourceId[];
  status?: 'progressing' | 'complete';
}

/** The order sources are preferred in; the first to see a rollout tells its instant. */
const PREFERENCE: DeploymentSourceId[] = [
  'kube-state-metrics',
  'kubernetes',
  'argocd',
  'flux',
  'version-label',
];

/**
 * One rollout per ReplicaSet, then each sync and version change joined to
 * the rollout it caused (the nearest within SAME_ROLLOUT_MS), or standing
 * on its own when no ReplicaSet tells of it. Oldest first.
 */
export function mergeRollouts(candidates: RolloutCandidate[]): MergedRollout[] {
  const ordered = [...candidates].sort(
    (a, b) =>
      PREFERENCE.indexOf(a.source) - PREFERENCE.indexOf(b.source) ||
      a.at - b.at,
  );
  const rollouts: MergedRollout[] = [];
  const byReplicaSet = new Map<string, MergedRollout>();
  for (const candidate of ordered) {
    const replicaSet = candidate.controller.replicaSet;
    const same = replicaSet
      ? byReplicaSet.get(replicaSet)
      : nearest(rollouts, candidate.at);
    if (!same) {
      const rollout: MergedRollout = {
        at: candidate.at,
        version: candidate.version,
        images: candidate.images,
        controller: candidate.controller,
        sources: [candidate.source],
        status: candidate.status,
      };
      rollouts.push(rollout);
      if (replicaSet) byReplicaSet.set(replicaSet, rollout);
      continue;
    }
    if (!same.sources.includes(candidate.source))
      same.sources.push(candidate.source);
    same.version ??= candidate.version;
    if (same.images.length === 0) same.images = candidate.images;
    same.status ??= candidate.status;
    const kind = candidate.controller.kind;
    if (kind === 'Deployment') {
      // The API server's revision number, which kube-state-metrics lacks.
      same.controller = {
        ...same.controller,
        revision: same.controller.revision ?? candidate.controller.revision,
      };
    } else if (
      kind !== 'VersionLabel' &&
      same.controller.kind === 'Deployment'
    ) {
      same.syncedBy ??= candidate.controller;
    }
  }
  return rollouts.sort((a, b) => a.at - b.at);
}

function nearest(
  rollouts: MergedRollout[],
  at: number,
): MergedRollout | undefined {
  let best: MergedRollout | undefined;
  for (const rollout of rollouts) {
    const distance = Math.abs(rollout.at - at);
    if (
      distance <= SAME_ROLLOUT_MS &&
      (!best || distance < Math.abs(best.at - at))
    )
      best = rollout;
  }
  return best;
}
