import { Entity } from '@backstage/catalog-model';
import {
  DeploymentSourceStatus,
  DeploymentsResponse,
  Rollout,
  RolloutFigures,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { TargetService } from '../entities/TargetService';
import { TimeRange } from '../http/TimeRange';
import { RedService } from '../metrics/RedService';
import { boundedFanOut } from '../upstreams/boundedFanOut';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { commitUrl, githubRepository } from './commitLink';
import { mergeRollouts, MergedRollout } from './mergeRollouts';
import { RolloutCandidate, RolloutSource, SourceAnswer } from './RolloutSource';
import { KubernetesApiSource } from './sources/KubernetesApiSource';
import { KubeStateMetricsSource } from './sources/KubeStateMetricsSource';
import { VersionLabelSource } from './sources/VersionLabelSource';
import { rolloutVerdict } from './verdict';
import { workloadOf } from './workload';

/** The before and after windows a rollout's figures are compared over. */
const COMPARISON_WINDOW_MS = 30 * 60_000;
/** Less than this after a rollout is too little to say anything about it. */
const MIN_AFTER_MS = 5 * 60_000;
/**
 * Rollouts compared per request (the newest): each takes two queries, and
 * a month of daily deploys should not be sixty.
 */
const MAX_COMPARED = 20;
/** Figures asked at once: a few places in the caller's upstream queue. */
const CONCURRENCY = 4;

export interface DeploymentsServiceOptions {
  clients: UpstreamClients;
  targets: TargetService;
  red: RedService;
  /** The label naming the running version (`service_version` from OTel's `target_info`). */
  versionLabel: string;
  /** Bounds each Kubernetes API call. */
  timeoutMs: number;
}

/**
 * An entity's rollouts in a range, from every source its cluster has, each
 * with its RED figures 30 minutes before and after and a verdict. No
 * source is required and none failing hides the others: the answer says
 * which were read, found nothing, are not configured or failed.
 */
export class DeploymentsService {
  private readonly sources: RolloutSource[];

  constructor(private readonly options: DeploymentsServiceOptions) {
    this.sources = [
      new KubeStateMetricsSource(),
      new KubernetesApiSource(options.timeoutMs),
      new VersionLabelSource(options.versionLabel),
    ];
  }

  async deployments(
    entity: Entity,
    range: TimeRange,
    now = Date.now(),
  ): Promise<DeploymentsResponse> {
    const target = await this.target(entity);
    const workload = workloadOf(entity, target);
    const clients = this.options.clients.forCluster(target.cluster);

    const answers = (
      await Promise.all(
        this.sources.map(async (source): Promise<SourceAnswer[]> => {
          if (!source.configured(clients)) return [];
          try {
            return await source.find({ workload, target, range, clients });
          } catch (error) {
            return source.ids.map(id => ({
              source: id,
              unavailable: (error as Error).message,
            }));
          }
        }),
      )
    ).flat();

    const candidates: RolloutCandidate[] = answers.flatMap(a =>
      'candidates' in a ? a.candidates : [],
    );
    const merged = mergeRollouts(candidates);
    const inRange = merged.filter(
      r => r.at >= range.start && r.at <= range.end,
    );
    const repository = githubRepository(entity);
    const compared = new Set(inRange.slice(-MAX_COMPARED));
    const figures = await boundedFanOut(inRange, CONCURRENCY, rollout =>
      compared.has(rollout)
        ? this.figures(target, rollout.at, now)
        : Promise.resolve({
            why: `only the ${MAX_COMPARED} newest rollouts of a range are compared`,
          }),
    );

    const rollouts: Rollout[] = inRange.map((rollout, i) => {
      const settled = figures[i];
      const compare =
        settled.status === 'fulfilled'
          ? settled.value
          : { why: (settled.reason as Error).message };
      const previousVersion = [...merged]
        .filter(r => r.at < rollout.at && r.version)
        .pop()?.version;
      return {
        at: rollout.at,
        version: rollout.version,
        previousVersion,
        images: rollout.images,
        controller: rollout.controller,
        syncedBy: rollout.syncedBy,
        sources: rollout.sources,
        status: rollout.status,
        before: compare.before,
        after: compare.after,
        ...rolloutVerdict(rollout, compare),
        commitUrl: commitFor(repository, rollout),
      };
    });

    return {
      entityRef: target.entityRef,
      workload: `${workload.namespace}/${workload.name}`,
      range: { start: range.start, end: range.end },
      rollouts,
      sources: this.statuses(clients, answers, range),
    };
  }

  /**
   * The entity's target with its metric dialect detected; when detection
   * cannot ask Prometheus, the target from annotations alone, so the
   * Kubernetes API can still answer.
   */
  private async target(entity: Entity): Promise<TelemetryTarget> {
    try {
      return await this.options.targets.resolve(entity);
    } catch {
      return this.options.targets.resolveWithoutDetection(entity);
    }
  }

  private async figures(
    target: TelemetryTarget,
    at: number,
    now: number,
  ): Promise<{
    before?: RolloutFigures;
    after?: RolloutFigures;
    why?: string;
  }> {
    const afterEnd = Math.min(at + COMPARISON_WINDOW_MS, now);
    if (afterEnd - at < MIN_AFTER_MS) {
      return { why: 'less than 5 minutes of data after it yet' };
    }
    const window = async (from: number, to: number) => {
      const summary = await this.options.red.summary(target, to, to - from);
      return {
        requestRate: summary.requestRate,
        errorRatio: summary.errorRatio,
        latencyP95: summary.latencyP95,
        from,
        to,
      };
    };
    const [before, after] = await Promise.all([
      window(at - COMPARISON_WINDOW_MS, at),
      window(at, afterEnd),
    ]);
    return { before, after };
  }

  private statuses(
    clients: ReturnType<UpstreamClients['forCluster']>,
    answers: SourceAnswer[],
    range: TimeRange,
  ): DeploymentSourceStatus[] {
    return this.sources.flatMap(source =>
      source.ids.map((id): DeploymentSourceStatus => {
        if (!source.configured(clients)) {
          return {
            source: id,
            status: 'not-configured',
            detail:
              id === 'kube-state-metrics' || id === 'version-label'
                ? `cluster '${clients.cluster}' has no Prometheus`
                : `cluster '${clients.cluster}' has no Kubernetes API (observability.clusters[].kubernetes)`,
          };
        }
        const answer = answers.find(a => a.source === id);
        if (!answer || 'unavailable' in answer) {
          return {
            source: id,
            status: 'unavailable',
            detail:
              answer && 'unavailable' in answer
                ? answer.unavailable
                : undefined,
          };
        }
        if ('notServed' in answer) {
          return {
            source: id,
            status: 'not-configured',
            detail: answer.notServed,
          };
        }
        const found = answer.candidates.some(
          c => c.at >= range.start && c.at <= range.end,
        );
        return { source: id, status: found ? 'found' : 'none' };
      }),
    );
  }
}

/** Controllers whose revision is a Git commit of the source repository. */
const GIT_REVISIONS = new Set(['ArgoCDApplication', 'FluxKustomization']);

/** The commit of a rollout: its sync's Git revision, else its version's tag or sha. */
function commitFor(
  repository: string | undefined,
  rollout: MergedRollout,
): string | undefined {
  const git = [rollout.syncedBy, rollout.controller].find(
    c => c && GIT_REVISIONS.has(c.kind),
  );
  return (
    commitUrl(repository, git?.revision) ??
    commitUrl(repository, rollout.version)
  );
}
