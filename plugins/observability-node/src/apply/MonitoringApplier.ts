import { InputError } from '@backstage/errors';
import {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import type { MonitoringObject } from '../generators/types';
import type { MonitoringCluster } from './clusters';
import {
  describeKubernetesError,
  kubeConfigFor,
} from '../kubernetes/kubeConfig';

/**
 * The field manager of everything Sightline server-side applies.
 *
 * @public
 */
export const MONITORING_FIELD_MANAGER = 'sightline-observability';

/** @public */
export type MonitoringChange = 'created' | 'configured' | 'unchanged';

/** What applying one object did (or, in a dry run, would do). @public */
export interface AppliedMonitoringObject {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  change: MonitoringChange;
  /** Leaf fields (`.spec.endpoints`) that differ from what is in the cluster. */
  changedFields: string[];
}

/** @public */
export interface MonitoringApplyResult {
  cluster: string;
  dryRun: boolean;
  objects: AppliedMonitoringObject[];
}

/** The calls the applier makes; `KubernetesObjectApi` in production. @public */
export interface KubernetesObjectClient {
  read(spec: KubernetesObject): Promise<KubernetesObject>;
  patch(
    spec: KubernetesObject,
    pretty?: string,
    dryRun?: string,
    fieldManager?: string,
    force?: boolean,
    patchStrategy?: PatchStrategy,
  ): Promise<KubernetesObject>;
}

const SERVER_SET_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
];

function comparable(object: KubernetesObject): Record<string, unknown> {
  const { metadata = {}, status: _status, ...rest } = object as any;
  const meta = { ...metadata };
  for (const key of SERVER_SET_METADATA) delete meta[key];
  return { ...rest, metadata: meta };
}

function leaves(
  value: unknown,
  prefix: string,
  out: Map<string, string>,
): Map<string, string> {
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0
  ) {
    for (const [key, child] of Object.entries(value)) {
      leaves(child, `${prefix}.${key}`, out);
    }
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** Leaf paths whose values differ between two objects (lists compared whole). */
export function changedFields(
  before: KubernetesObject,
  after: KubernetesObject,
): string[] {
  const a = leaves(comparable(before), '', new Map());
  const b = leaves(comparable(after), '', new Map());
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter(p => a.get(p) !== b.get(p)).sort();
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: number })?.code === 404;
}

/**
 * Server-side applies generated monitoring to one cluster's Kubernetes API:
 * field manager `sightline-observability`, namespaces limited to the
 * cluster's `kubernetes.allowedNamespaces`, never deletes anything. Each
 * object is first applied with `dryRun=All`; comparing that result with the
 * object in the cluster says whether it would be created, configured or stay
 * unchanged, and only created or configured objects are applied for real.
 * Applying the same objects twice changes nothing the second time.
 *
 * @public
 */
export class MonitoringApplier {
  static fromCluster(
    cluster: MonitoringCluster,
    options: { client?: KubernetesObjectClient } = {},
  ): MonitoringApplier {
    const kubernetes = cluster.kubernetes;
    if (!kubernetes) {
      throw new InputError(
        `Cluster '${cluster.name}' has no Kubernetes API configured (observability.clusters[].kubernetes)`,
      );
    }
    return new MonitoringApplier(
      cluster.name,
      kubernetes.allowedNamespaces,
      options.client ?? makeClient(cluster),
    );
  }

  private constructor(
    private readonly cluster: string,
    private readonly allowedNamespaces: string[],
    private readonly client: KubernetesObjectClient,
  ) {}

  /** Throws an InputError naming every object outside the allowed namespaces. */
  checkNamespaces(objects: MonitoringObject[]): void {
    const refused = objects.filter(
      o => !this.allowedNamespaces.includes(o.metadata?.namespace ?? ''),
    );
    if (refused.length > 0) {
      throw new InputError(
        `Cluster '${this.cluster}' does not allow applying to namespace ${[
          ...new Set(refused.map(o => `'${o.metadata?.namespace}'`)),
        ].join(', ')} (${refused
          .map(o => `${o.kind} ${o.metadata?.name}`)
          .join(', ')}); allowed: ${
          this.allowedNamespaces.length > 0
            ? this.allowedNamespaces.join(', ')
            : 'none — set observability.clusters[].kubernetes.allowedNamespaces'
        }`,
      );
    }
  }

  /** What applying would change, without changing anything. */
  async plan(objects: MonitoringObject[]): Promise<MonitoringApplyResult> {
    return this.apply(objects, { dryRun: true });
  }

  /**
   * Applies the objects in order. With `dryRun` (the default) nothing is
   * persisted. `force` takes over fields another field manager owns.
   */
  async apply(
    objects: MonitoringObject[],
    options: {
      dryRun?: boolean;
      force?: boolean;
      /** Called before the first persisting request, e.g. to checkpoint. */
      beforeWrite?: (planned: AppliedMonitoringObject[]) => Promise<void>;
    } = {},
  ): Promise<MonitoringApplyResult> {
    const dryRun = options.dryRun ?? true;
    this.checkNamespaces(objects);
    const planned: AppliedMonitoringObject[] = [];
    for (const object of objects) {
      planned.push(await this.planOne(object as KubernetesObject, options));
    }
    const toWrite = planned
      .map((p, i) => ({ p, object: objects[i] as KubernetesObject }))
      .filter(({ p }) => p.change !== 'unchanged');
    if (!dryRun && toWrite.length > 0) {
      await options.beforeWrite?.(planned);
      for (const { object } of toWrite) {
        await this.call(object, 'apply', () =>
          this.client.patch(
            object,
            undefined,
            undefined,
            MONITORING_FIELD_MANAGER,
            options.force ?? false,
            PatchStrategy.ServerSideApply,
          ),
        );
      }
    }
    return { cluster: this.cluster, dryRun, objects: planned };
  }

  private async planOne(
    object: KubernetesObject,
    options: { force?: boolean },
  ): Promise<AppliedMonitoringObject> {
    const header = {
      apiVersion: object.apiVersion!,
      kind: object.kind!,
      namespace: object.metadata!.namespace!,
      name: object.metadata!.name!,
    };
    let current: KubernetesObject | undefined;
    try {
      current = await this.client.read({
        apiVersion: header.apiVersion,
        kind: header.kind,
        metadata: { name: header.name, namespace: header.namespace },
      });
    } catch (error) {
      if (!isNotFound(error)) {
        throw this.failure(object, 'read', error);
      }
    }
    const result = await this.call(object, 'dry-run apply', () =>
      this.client.patch(
        object,
        undefined,
        'All',
        MONITORING_FIELD_MANAGER,
        options.force ?? false,
        PatchStrategy.ServerSideApply,
      ),
    );
    if (!current) {
      return {
        ...header,
        change: 'created',
        changedFields: changedFields({}, result),
      };
    }
    const fields = changedFields(current, result);
    return {
      ...header,
      change: fields.length > 0 ? 'configured' : 'unchanged',
      changedFields: fields,
    };
  }

  private async call<T>(
    object: KubernetesObject,
    what: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.failure(object, what, error);
    }
  }

  private failure(object: KubernetesObject, what: string, error: unknown) {
    const message = `Kubernetes API of cluster '${
      this.cluster
    }' refused ${what} of ${object.kind} ${object.metadata?.namespace}/${
      object.metadata?.name
    }: ${describeKubernetesError(error)}`;
    const code = (error as { code?: number })?.code;
    // Conflicts and invalid objects are the caller's to fix.
    return code && code >= 400 && code < 500 && code !== 401 && code !== 403
      ? new InputError(message)
      : new Error(message);
  }
}

function makeClient(cluster: MonitoringCluster): KubernetesObjectClient {
  return KubernetesObjectApi.makeApiClient(kubeConfigFor(cluster));
}
