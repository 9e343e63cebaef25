import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OBSERVABILITY_ANNOTATIONS,
} from '@sightline/plugin-observability-common';
import { promises as fs } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { examples } from './annotateCatalog.examples';
import { failingWithOneLine } from './oneLineErrors';

const KNOWN_ANNOTATIONS = new Set<string>([
  ...Object.values(OBSERVABILITY_ANNOTATIONS),
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
]);

/**
 * `observability:catalog:annotate` adds Sightline's annotations to an entity
 * in the workspace's catalog-info.yaml, keeping comments, order and the other
 * documents of the file as they were.
 */
export function createAnnotateCatalogAction() {
  return createTemplateAction({
    id: 'observability:catalog:annotate',
    description:
      "Adds Sightline's observability annotations to an entity in the workspace's catalog-info.yaml",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        annotations: z =>
          z
            .record(z.string(), z.string())
            .describe(
              'Annotations to set, e.g. { "sightline.dev/slo-availability": "99.9" }',
            ),
        filePath: z =>
          z
            .string()
            .default('catalog-info.yaml')
            .describe('The catalog file, relative to the workspace'),
        entityName: z =>
          z
            .string()
            .optional()
            .describe(
              'Which entity of a multi-document file; defaults to the only Component',
            ),
      },
      output: {
        filePath: z => z.string().describe('The file that was changed'),
        changed: z =>
          z
            .array(z.string())
            .describe('The annotation keys whose value changed'),
      },
    },
    async handler(ctx) {
      return failingWithOneLine(async () => {
        const { annotations, filePath, entityName } = ctx.input;
        const unknown = Object.keys(annotations).filter(
          key => !KNOWN_ANNOTATIONS.has(key),
        );
        if (unknown.length > 0) {
          throw new InputError(
            `Unknown annotation ${unknown.join(', ')}; expected one of ${[
              ...KNOWN_ANNOTATIONS,
            ].join(', ')}`,
          );
        }
        const path = resolveSafeChildPath(ctx.workspacePath, filePath);
        let source: string;
        try {
          source = await fs.readFile(path, 'utf8');
        } catch {
          throw new InputError(
            `No catalog file at ${filePath} in the workspace`,
          );
        }

        const documents = parseAllDocuments(source);
        for (const doc of documents) {
          if (doc.errors.length > 0) {
            throw new InputError(
              `${filePath} is not valid YAML: ${doc.errors[0].message}`,
            );
          }
        }
        const candidates = documents.filter(doc =>
          entityName
            ? doc.getIn(['metadata', 'name']) === entityName
            : doc.get('kind') === 'Component',
        );
        if (candidates.length !== 1) {
          throw new InputError(
            `${filePath} has ${candidates.length} ${
              entityName ? `entities named '${entityName}'` : 'Components'
            }; ` + 'set entityName to choose one',
          );
        }

        const [doc] = candidates;
        const changed = Object.entries(annotations)
          .filter(
            ([key, value]) =>
              doc.getIn(['metadata', 'annotations', key]) !== value,
          )
          .map(([key]) => key);
        for (const key of changed) {
          doc.setIn(['metadata', 'annotations', key], annotations[key]);
        }

        if (changed.length > 0 && !ctx.isDryRun) {
          await fs.writeFile(
            path,
            documents.map(d => d.toString()).join(''),
            'utf8',
          );
        }
        ctx.logger.info(
          changed.length > 0
            ? `Set ${changed.join(', ')} in ${filePath}`
            : `${filePath} already has these annotations`,
        );
        ctx.output('filePath', filePath);
        ctx.output('changed', changed);
      });
    },
  });
}
