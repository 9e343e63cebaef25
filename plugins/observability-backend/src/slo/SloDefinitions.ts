import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import {
  ADJUSTMENT_KIND,
  NamedSloAdjustmentDeclaration,
  OBSERVABILITY_ANNOTATIONS,
  SloDefinition,
  SloProblem,
  parseSloAdjustmentList,
  parseSloDocuments,
  sloDefinitionsFromAnnotations,
} from '@sightline/plugin-observability-common';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { recurrenceProblems } from './adjustments/SloAdjustmentService';

/** Files bigger than this are refused rather than parsed. */
const MAX_SLO_FILE_BYTES = 512 * 1024;

/** Where an SLO file usually lives, for problems with the annotation. */
const SLO_FILE_EXAMPLE = '.sightline/slos.yaml';

/** The SLOs an entity declares, and one problem per declaration that gave none. */
export interface EntitySloDefinitions {
  definitions: SloDefinition[];
  problems: SloProblem[];
  /** Budget adjustments the entity declares (annotation and SLO file). */
  adjustments?: NamedSloAdjustmentDeclaration[];
}

/** Whether a declaration problem is a budget adjustment's (annotation or file document). */
export function isAdjustmentProblem(problem: SloProblem): boolean {
  return (
    problem.source === OBSERVABILITY_ANNOTATIONS.sloAdjustments ||
    !!problem.sloId?.startsWith(`${ADJUSTMENT_KIND} `) ||
    problem.sloId === ADJUSTMENT_KIND
  );
}

/**
 * Reads an entity's SLO declarations: the shorthand annotations and the
 * `sightline.dev/slo-file` (OpenSLO v1 or Sloth `prometheus/v1`), read with
 * the UrlReaderService relative to the entity's source location. Every bad
 * declaration gives its own problem; the others are still read.
 */
export class SloDefinitionReader {
  constructor(private readonly urlReader: UrlReaderService) {}

  async read(entity: Entity): Promise<EntitySloDefinitions> {
    const annotations = entity.metadata.annotations ?? {};
    const fromAnnotations = sloDefinitionsFromAnnotations(annotations);
    const definitions = [...fromAnnotations.definitions];
    const problems: SloProblem[] = fromAnnotations.problems.map(p => ({
      source: p.annotation,
      field: p.annotation,
      message: `${p.value ? `"${p.value}": ` : ''}${p.message}`,
      example: p.example,
    }));

    const adjustments = adjustmentsFromAnnotation(annotations, problems);
    const file = annotations[OBSERVABILITY_ANNOTATIONS.sloFile]?.trim();
    if (file) {
      const fromFile = await this.readFile(entity, file);
      const taken = new Set(definitions.map(d => d.id));
      for (const definition of fromFile.definitions) {
        if (taken.has(definition.id)) {
          problems.push({
            sloId: definition.id,
            source: file,
            field: definition.declaredAt.path,
            message: `an SLO with the id "${definition.id}" is already declared by annotation; rename one of them`,
          });
        } else {
          taken.add(definition.id);
          definitions.push(definition);
        }
      }
      problems.push(...fromFile.problems);
      for (const adjustment of fromFile.adjustments ?? []) {
        if (adjustments.some(a => a.name === adjustment.name)) {
          problems.push({
            source: file,
            field: 'metadata.name',
            message: `a budget adjustment named "${adjustment.name}" is already declared by annotation; rename one of them`,
          });
        } else {
          adjustments.push(adjustment);
        }
      }
    }
    return { definitions, problems, adjustments };
  }

  private async readFile(
    entity: Entity,
    file: string,
  ): Promise<EntitySloDefinitions> {
    const annotation = OBSERVABILITY_ANNOTATIONS.sloFile;
    const pathProblem = sloFilePathProblem(file);
    if (pathProblem) {
      return {
        definitions: [],
        problems: [
          {
            source: annotation,
            field: annotation,
            message: `"${file}" ${pathProblem}: it must be a path relative to the entity's source location and inside it`,
            example: SLO_FILE_EXAMPLE,
          },
        ],
      };
    }
    let url: string;
    try {
      url = resolveSloFileUrl(entity, file);
    } catch (error) {
      return {
        definitions: [],
        problems: [{ source: file, field: annotation, message: msg(error) }],
      };
    }
    let text: string;
    try {
      const response = await this.urlReader.readUrl(url);
      const buffer = await response.buffer();
      if (buffer.length > MAX_SLO_FILE_BYTES) {
        throw new Error(
          `the file is ${buffer.length} bytes; at most ${MAX_SLO_FILE_BYTES} are read`,
        );
      }
      text = buffer.toString('utf8');
    } catch (error) {
      return {
        definitions: [],
        problems: [
          {
            source: file,
            field: annotation,
            message: `cannot read ${url}: ${msg(error)}`,
          },
        ],
      };
    }
    const documents = parseAllDocuments(text);
    const list = Array.isArray(documents) ? documents : [documents];
    const yamlProblems: SloProblem[] = [];
    const values = list.map((doc, index) => {
      if (doc.errors.length > 0) {
        yamlProblems.push({
          source: file,
          field: `document ${index}`,
          message: `is not valid YAML: ${doc.errors[0].message}`,
        });
        return undefined;
      }
      return doc.toJS();
    });
    const parsed = parseSloDocuments(values, { file });
    const adjustments = parsed.adjustments.filter(a => {
      const refused = recurrenceProblems(a, 'spec');
      for (const p of refused) {
        yamlProblems.push({
          sloId: `${ADJUSTMENT_KIND} ${a.name}`,
          source: file,
          field: p.field,
          message: p.message,
          example: p.example,
        });
      }
      return refused.length === 0;
    });
    return {
      definitions: parsed.definitions,
      adjustments,
      problems: [
        ...yamlProblems,
        ...parsed.problems.map(p => ({
          sloId: p.slo,
          source: p.file ?? file,
          field: `document ${p.documentIndex}${p.field ? `: ${p.field}` : ''}`,
          message: p.message,
          example: p.example,
        })),
      ],
    };
  }
}

/**
 * Why `file` cannot name a file inside the entity's source location, or
 * undefined when it can. The annotation is written by whoever writes the
 * entity, and the file is read with the backend's integration credentials:
 * `../other-repo/...` on the same host, a backslash (a slash to the URL
 * parser), an encoded `%2e%2e` the host decodes, a query or an absolute URL
 * would read what the entity's owners cannot.
 */
function sloFilePathProblem(file: string): string | undefined {
  if ([...file].some(c => c < ' ' || c === '\u007f'))
    return 'contains control characters';
  if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return 'is a URL';
  if (/^[/\\]/.test(file)) return 'is an absolute path';
  if (file.includes('\\')) return 'contains a backslash';
  if (file.includes('%')) return 'is URL-encoded';
  if (/[?#]/.test(file)) return 'has a query or fragment';
  if (file.split('/').includes('..')) return 'climbs out with ".."';
  return undefined;
}

/**
 * The URL of the SLO file: relative to `backstage.io/source-location`, or
 * else to the directory of `backstage.io/managed-by-location`. Only `url`
 * locations can be read, and only below their directory: besides
 * sloFilePathProblem's checks of the text, the URL the reader gets must
 * still start with the location's directory.
 */
export function resolveSloFileUrl(entity: Entity, file: string): string {
  let location: { type: string; target: string };
  try {
    location = getEntitySourceLocation(entity);
  } catch {
    throw new Error(
      'the entity has no backstage.io/source-location or managed-by-location to resolve the file against',
    );
  }
  if (location.type !== 'url') {
    throw new Error(
      `the entity's source location is a ${location.type} location (${location.target}); only url locations can be read`,
    );
  }
  const directory = new URL('.', location.target);
  const resolved = new URL(file, location.target);
  if (!resolved.href.startsWith(directory.href)) {
    throw new Error(`"${file}" leaves the entity's source location`);
  }
  return resolved.toString();
}

/**
 * The `sightline.dev/slo-adjustments` annotation: a YAML list of
 * adjustments. Each refused field is a problem naming the annotation and
 * the field; the other adjustments are still read.
 */
function adjustmentsFromAnnotation(
  annotations: Record<string, string>,
  problems: SloProblem[],
): NamedSloAdjustmentDeclaration[] {
  const annotation = OBSERVABILITY_ANNOTATIONS.sloAdjustments;
  const text = annotations[annotation]?.trim();
  if (!text) return [];
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    problems.push({
      source: annotation,
      field: annotation,
      message: `is not valid YAML: ${msg(error)}`,
    });
    return [];
  }
  const parsed = parseSloAdjustmentList(value);
  const adjustments: NamedSloAdjustmentDeclaration[] = [];
  const refused = [...parsed.problems];
  for (const { index, fields, ...declaration } of parsed.adjustments) {
    const rrule = recurrenceProblems(declaration, `[${index}]`);
    refused.push(...rrule);
    if (rrule.length === 0) adjustments.push(declaration);
  }
  problems.push(
    ...refused.map(p => ({
      source: annotation,
      field: `${annotation}${p.field}`,
      message: p.message,
      example: p.example,
    })),
  );
  return adjustments;
}

function msg(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
