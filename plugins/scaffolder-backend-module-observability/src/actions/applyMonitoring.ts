import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { observabilityMonitoringApplyPermission } from '@sightline/plugin-observability-common';
import {
  KubernetesObjectClient,
  MonitoringApplier,
  MonitoringCluster,
  MonitoringClusters,
} from '@sightline/plugin-observability-node';
import { failingWithOneLine } from './oneLineErrors';
import { examples } from './applyMonitoring.examples';
import {
  generateForEntity,
  monitoringInputSchema,
  resolveEntity,
} from './monitoringInput';

/**
 * `observability:monitoring:apply` server-side-applies an entity's generated
 * monitoring to a configured cluster's Kubernetes API: field manager
 * `sightline-observability`, dry run (`dryRun=All`) unless told otherwise,
 * only to the cluster's `kubernetes.allowedNamespaces`, never deleting,
 * idempotent. Outputs what changed per object.
 *
 * Like the backend's apply route, it needs the permission
 * `observability.monitoring.apply` on the entity — checked with the
 * credentials of the user who started the task, once the entity is read and
 * before anything is generated or applied — and logs every apply (user,
 * entity, cluster, objects) to the module's logger.
 */
export function createApplyMonitoringAction(deps: {
  catalog: CatalogService;
  clusters: MonitoringClusters;
  permissions: PermissionsService;
  /** The module's logger: one line per apply, as the backend's apply route logs. */
  logger: LoggerService;
  /** For tests: the Kubernetes client of a cluster. */
  clientFor?: (cluster: MonitoringCluster) => KubernetesObjectClient;
}) {
  return createTemplateAction({
    id: 'observability:monitoring:apply',
    description:
      "Server-side-applies a catalog entity's generated monitoring to a configured cluster (dry run by default)",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...monitoringInputSchema,
        dryRun: z =>
          z
            .boolean()
            .default(true)
            .describe(
              'Only ask the API server what would change (dryRun=All); set false to apply',
            ),
        force: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Take over fields another field manager owns (server-side apply force)',
            ),
      },
      output: {
        cluster: z => z.string().describe('The cluster applied to'),
        dryRun: z => z.boolean().describe('Whether nothing was persisted'),
        changes: z =>
          z
            .array(
              z.object({
                apiVersion: z.string(),
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
                change: z.enum(['created', 'configured', 'unchanged']),
                changedFields: z.array(z.string()),
              }),
            )
            .describe('Per object: created, configured or unchanged'),
      },
    },
    async handler(ctx) {
      return failingWithOneLine(async () => {
        // Defaults again: the schema's are not applied when called directly.
        const {
          dryRun: requestedDryRun = true,
          force = false,
          port = 'metrics',
          ...rest
        } = ctx.input;
        const dryRun = requestedDryRun || Boolean(ctx.isDryRun);
        const credentials: BackstageCredentials =
          await ctx.getInitiatorCredentials();
        const entity = await resolveEntity(rest, {
          catalog: deps.catalog,
          credentials: async () => credentials,
        });
        // On the entity, so that a policy may grant it to the entity's owners
        // only; the permission backend decides that with the catalog's
        // conditions. An inline entity that is not in the catalog has no
        // owner there, and such a policy denies it.
        const [decision] = await deps.permissions.authorize(
          [
            {
              permission: observabilityMonitoringApplyPermission,
              resourceRef: stringifyEntityRef(entity),
            },
          ],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `Applying monitoring of ${stringifyEntityRef(
              entity,
            )} to a cluster needs the ${
              observabilityMonitoringApplyPermission.name
            } permission on that entity, which ${initiator(
              credentials,
              ctx.user?.ref,
            )} does not have`,
          );
        }
        const { entityRef, cluster, result } = await generateForEntity(
          entity,
          { ...rest, port },
          deps.clusters,
        );
        for (const warning of result.warnings) ctx.logger.warn(warning);
        if (!cluster) {
          throw new InputError(
            'No cluster to apply to; configure observability.clusters',
          );
        }
        const applier = MonitoringApplier.fromCluster(cluster, {
          client: deps.clientFor?.(cluster),
        });
        // Refused namespaces fail before any request.
        applier.checkNamespaces(result.objects);

        const plan = await applier.plan(result.objects);
        let changes = plan.objects;
        const toChange = changes.filter(c => c.change !== 'unchanged');
        if (!dryRun && toChange.length > 0) {
          // A retried task must not apply twice; the result is what it did.
          changes = await ctx.checkpoint({
            key: `observability-monitoring-apply:${cluster.name}:${entityRef}`,
            fn: async () => {
              const applied = await applier.apply(result.objects, {
                dryRun: false,
                force,
              });
              return applied.objects.map(o => ({ ...o }));
            },
          });
        }
        for (const c of changes) {
          ctx.logger.info(
            `${c.kind} ${c.namespace}/${c.name}: ${c.change}${
              dryRun ? ' (dry run)' : ''
            }${
              c.changedFields.length > 0 && c.change === 'configured'
                ? ` — ${c.changedFields.join(', ')}`
                : ''
            }`,
          );
        }
        deps.logger.info(
          `${
            dryRun ? 'Dry-run applied' : 'Applied'
          } monitoring of ${entityRef} to cluster ${cluster.name}`,
          {
            user: initiator(credentials, ctx.user?.ref),
            entityRef,
            cluster: cluster.name,
            dryRun,
            objects: changes
              .map(o => `${o.kind} ${o.namespace}/${o.name}: ${o.change}`)
              .join(', '),
            taskId: ctx.task.id,
          },
        );
        ctx.output('cluster', cluster.name);
        ctx.output('dryRun', dryRun);
        ctx.output('changes', changes);
      });
    },
  });
}

/** Who started the task: the user's entity ref, else the principal type. */
function initiator(
  credentials: BackstageCredentials,
  userRef: string | undefined,
): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return (
    principal.userEntityRef ??
    userRef ??
    (principal.subject
      ? `${principal.type}:${principal.subject}`
      : undefined) ??
    principal.type ??
    'unknown'
  );
}
