import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { examples } from './publishDirectory.examples';
import { failingWithOneLine } from './oneLineErrors';

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), {
    withFileTypes: true,
  });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/**
 * `observability:workspace:publish` copies workspace files into a directory
 * under `observability.scaffolder.publishDirectory` on the backend host: a
 * stand-in for a GitOps repository where there is no internet (Backstage
 * 1.55 has no built-in `publish:file`). Refuses to overwrite files unless
 * told to; never deletes.
 */
export function createPublishDirectoryAction(deps: {
  publishDirectory?: string;
}) {
  return createTemplateAction({
    id: 'observability:workspace:publish',
    description:
      'Copies workspace files to a local directory on the backend host (observability.scaffolder.publishDirectory), for use without a Git server',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        targetName: z =>
          z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]*$/i)
            .describe(
              'Directory to create under the configured publish directory, e.g. the service name',
            ),
        sourcePath: z =>
          z
            .string()
            .default('.')
            .describe('Workspace directory to copy; default all of it'),
        overwrite: z =>
          z
            .boolean()
            .default(false)
            .describe('Replace files that already exist there'),
      },
      output: {
        path: z => z.string().describe('Absolute directory written to'),
        files: z =>
          z.array(z.string()).describe('Files copied, relative to path'),
      },
    },
    async handler(ctx) {
      return failingWithOneLine(async () => {
        const { targetName, sourcePath = '.', overwrite = false } = ctx.input;
        if (!deps.publishDirectory) {
          throw new InputError(
            'Publishing to a directory is off: set observability.scaffolder.publishDirectory',
          );
        }
        const source = resolveSafeChildPath(ctx.workspacePath, sourcePath);
        const target = resolveSafeChildPath(deps.publishDirectory, targetName);
        const files = await listFiles(source);
        if (!overwrite) {
          const existing: string[] = [];
          for (const file of files) {
            try {
              await fs.access(path.join(target, file));
              existing.push(file);
            } catch {
              // absent: fine
            }
          }
          if (existing.length > 0) {
            throw new InputError(
              `${target} already has ${existing.join(
                ', ',
              )}; set overwrite: true to replace them`,
            );
          }
        }
        if (!ctx.isDryRun) {
          for (const file of files) {
            await fs.mkdir(path.dirname(path.join(target, file)), {
              recursive: true,
            });
            await fs.copyFile(path.join(source, file), path.join(target, file));
          }
        }
        ctx.logger.info(
          `${ctx.isDryRun ? 'Would copy' : 'Copied'} ${
            files.length
          } files to ${target}`,
        );
        ctx.output('path', target);
        ctx.output('files', files);
      });
    },
  });
}
