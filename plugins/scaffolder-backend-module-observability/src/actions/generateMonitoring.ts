import {
  BackstageCredentials,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { MonitoringClusters } from '@sightline/plugin-observability-node';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { failingWithOneLine } from './oneLineErrors';
import { examples } from './generateMonitoring.examples';
import { resolveMonitoring, monitoringInputSchema } from './monitoringInput';

/**
 * `observability:monitoring:generate` writes an entity's monitoring
 * (ServiceMonitor or PodMonitor, PrometheusRule, Grafana dashboard, OpenSLO,
 * kustomization) into the workspace, ready for a GitOps pull request.
 */
export function createGenerateMonitoringAction(deps: {
  catalog: CatalogService;
  clusters: MonitoringClusters;
}) {
  return createTemplateAction({
    id: 'observability:monitoring:generate',
    description:
      "Generates a catalog entity's monitoring (ServiceMonitor, PrometheusRule with SLO burn-rate alerts, Grafana dashboard, OpenSLO) into the workspace",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...monitoringInputSchema,
        targetPath: z =>
          z
            .string()
            .default('.')
            .describe('Workspace directory the generated directory goes into'),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('Written files, relative to the workspace'),
        entityRef: z => z.string().describe('The entity monitored'),
        annotations: z =>
          z
            .record(z.string(), z.string())
            .describe(
              'Catalog annotations to add (feed to observability:catalog:annotate)',
            ),
        objects: z =>
          z
            .array(
              z.object({
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
              }),
            )
            .describe('The Kubernetes objects in the files'),
        warnings: z =>
          z.array(z.string()).describe('Valid but probably unintended input'),
      },
    },
    async handler(ctx) {
      return failingWithOneLine(async () => {
        // Defaults again: the schema's are not applied when called directly.
        const { targetPath = '.', port = 'metrics', ...rest } = ctx.input;
        const { entityRef, result } = await resolveMonitoring(
          { ...rest, port },
          {
            ...deps,
            credentials: (): Promise<BackstageCredentials> =>
              ctx.getInitiatorCredentials(),
          },
        );
        // Resolve every path first: nothing is written if one escapes.
        const targets = result.files.map(file => ({
          file,
          relative: path.posix.join(targetPath, file.path),
          absolute: resolveSafeChildPath(
            ctx.workspacePath,
            path.join(targetPath, file.path),
          ),
        }));
        if (!ctx.isDryRun) {
          for (const { file, absolute } of targets) {
            await fs.mkdir(path.dirname(absolute), { recursive: true });
            await fs.writeFile(absolute, file.content, 'utf8');
          }
        }
        for (const warning of result.warnings) ctx.logger.warn(warning);
        ctx.logger.info(
          `${ctx.isDryRun ? 'Would write' : 'Wrote'} ${
            targets.length
          } files of ${entityRef}'s monitoring`,
        );
        ctx.output(
          'files',
          targets.map(t => t.relative),
        );
        ctx.output('entityRef', entityRef);
        ctx.output('annotations', result.annotations);
        ctx.output(
          'objects',
          result.objects.map(o => ({
            kind: o.kind,
            namespace: o.metadata?.namespace ?? '',
            name: o.metadata?.name ?? '',
          })),
        );
        ctx.output('warnings', result.warnings);
      });
    },
  });
}
