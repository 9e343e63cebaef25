import type { RedSummary } from './metrics';

/**
 * Where rollouts are read from, in order of preference:
 * kube-state-metrics series in Prometheus, the Kubernetes API (ReplicaSets),
 * Argo CD `Application` and Flux `HelmRelease`/`Kustomization` status
 * through the same API, and a version label on the service's own metrics.
 *
 * @public
 */
export type DeploymentSourceId =
  | 'kube-state-metrics'
  | 'kubernetes'
  | 'argocd'
  | 'flux'
  | 'version-label';

/**
 * What one source gave: `found` (rollouts in the range), `none` (asked, it
 * answered, nothing in the range), `not-configured` (the cluster has no such
 * upstream) or `unavailable` (it failed; `detail` says how). One source
 * failing never hides what the others found.
 *
 * @public
 */
export type DeploymentSourceStatus = {
  source: DeploymentSourceId;
  status: 'found' | 'none' | 'not-configured' | 'unavailable';
  detail?: string;
};

/**
 * What rolled a version out: a Deployment's ReplicaSet (with its revision
 * when the Kubernetes API tells it), an Argo CD Application or Flux
 * HelmRelease/Kustomization sync, or a change of the version label.
 *
 * @public
 */
export type RolloutController = {
  kind:
    | 'Deployment'
    | 'ArgoCDApplication'
    | 'FluxHelmRelease'
    | 'FluxKustomization'
    | 'VersionLabel';
  /** `shop/checkout` for a Deployment, the application or release name, or the label name. */
  name: string;
  /** The ReplicaSet revision, Git revision or chart version. */
  revision?: string;
  /** The ReplicaSet of a Deployment rollout, e.g. `checkout-7d9f8b6c4`. */
  replicaSet?: string;
};

/**
 * The request rate, error ratio and p95 latency over 30 minutes on one side
 * of a rollout.
 *
 * @public
 */
export type RolloutFigures = Pick<
  RedSummary,
  'requestRate' | 'errorRatio' | 'latencyP95'
> & {
  /** The window the figures cover, epoch milliseconds. */
  from: number;
  to: number;
};

/**
 * One rollout of the entity's workload.
 *
 * @public
 */
export type Rollout = {
  /** When the new version started rolling out, epoch milliseconds. */
  at: number;
  /** The version rolled out: the image tag, chart version or version label. */
  version?: string;
  /** The version it replaced, when known. */
  previousVersion?: string;
  /** Container images of the new version. */
  images: string[];
  controller: RolloutController;
  /** An Argo CD or Flux sync that matches the rollout, when one does. */
  syncedBy?: RolloutController;
  /** Every source that saw this rollout. */
  sources: DeploymentSourceId[];
  /** `progressing` while the Deployment has not observed its newest generation. */
  status?: 'progressing' | 'complete';
  /** RED figures of the 30 minutes before and after; absent without request metrics. */
  before?: RolloutFigures;
  after?: RolloutFigures;
  /** One sentence: "p95 +42%, error ratio ×3 after the … rollout of v1.8.2", or "no significant change". */
  verdict: string;
  /** The verdict without the rollout's time and version: "p95 +42%, error ratio ×3". */
  change: string;
  /** Whether a change the verdict names is for the worse (p95 or errors up, traffic down). */
  regressed: boolean;
  /** The source commit or tag, when the version maps to the entity's GitHub source location. */
  commitUrl?: string;
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/deployments`:
 * the rollouts in the range, oldest first, and what each source gave.
 *
 * @public
 */
export type DeploymentsResponse = {
  entityRef: string;
  /** The Deployment looked for, `namespace/name`. */
  workload: string;
  range: { start: number; end: number };
  rollouts: Rollout[];
  sources: DeploymentSourceStatus[];
};
