/**
 * Reads SLO files: tells each document's format and hands it to the Sloth
 * or OpenSLO reader (under specs/), then refuses repeated SLO ids.
 */
import {
  Collected,
  DocumentReader,
  rec,
  SloSpecParseOptions,
  str,
} from './specs/documents';
import { openSloContext, readOpenSlo } from './specs/openslo';
import { readSloth } from './specs/sloth';
import { SloDefinition, SloSpecProblem } from './types';
import { NamedSloAdjustmentDeclaration, readNamed } from './adjustments';

/** The `apiVersion` of Sightline's own documents in an SLO file. */
const SIGHTLINE_API_VERSION = 'sightline.dev/v1';
/**
 * The kind of budget adjustment documents; their problems name it as
 * their `slo` (`BudgetAdjustment <name>`), so callers can tell them apart.
 *
 * @public
 */
export const ADJUSTMENT_KIND = 'BudgetAdjustment';

export type { SloSpecParseOptions };

/**
 * The SLOs read from a file, and one problem per field that stopped an SLO
 * from being read.
 *
 * @public
 */
export interface SloSpecParseResult {
  definitions: SloDefinition[];
  /** `apiVersion: sightline.dev/v1`, `kind: BudgetAdjustment` documents. */
  adjustments: NamedSloAdjustmentDeclaration[];
  problems: SloSpecProblem[];
}

/**
 * Reads SLOs from the documents of an OpenSLO v1 or Sloth file, already
 * parsed from YAML into plain objects: one document, or the list of a
 * multi-document file.
 *
 * - OpenSLO v1 (`apiVersion: openslo/v1`): `kind: SLO` documents with an
 *   inline `indicator` or an `indicatorRef` to a `kind: SLI` document of the
 *   same file; `ratioMetric` (good or bad with total, or raw with rawType) or
 *   `thresholdMetric`, each with a Prometheus `metricSource` and
 *   `spec.query`; `objectives[].target` or `targetPercent` (each objective is
 *   an SLO of its own); a rolling `timeWindow`, or a calendar-aligned one
 *   (`isRolling: false`, `1M` or `1w`, `calendar.timeZone`; see
 *   `sloPeriod`); `budgetingMethod: Occurrences`. Other kinds (Service,
 *   DataSource, AlertPolicy…) are read only to resolve references.
 * - Sloth has no calendar windows: its `prometheus/v1` spec declares no
 *   window at all (Sloth evaluates every SLO over a rolling 30 days), so
 *   calendar SLOs are declared in OpenSLO or with `sightline.dev/slo-window`.
 * - Sloth (`version: prometheus/v1`, or the Kubernetes
 *   `sloth.slok.dev/v1` `PrometheusServiceLevel`): `service`,
 *   `slos[].name/objective/description`, `sli.events.error_query/total_query`
 *   or `sli.raw.error_ratio_query` (camelCase accepted), `alerting`.
 *
 * - Budget adjustments (`apiVersion: sightline.dev/v1`,
 *   `kind: BudgetAdjustment`): `metadata.name` and a `spec` with `reason`,
 *   `start`, `end` or `duration`, and optionally `rrule` and `slos`.
 *
 * Each invalid SLO gives its own problems (document, SLO, field, why) and is
 * left out; the others are read. Queries are kept as written.
 *
 * @public
 */
export function parseSloDocuments(
  input: unknown,
  options: SloSpecParseOptions = {},
): SloSpecParseResult {
  const documents = Array.isArray(input) ? input : [input];
  const context = openSloContext(documents);

  const collected: Collected[] = [];
  const adjustments: NamedSloAdjustmentDeclaration[] = [];
  const problems: SloSpecProblem[] = [];
  documents.forEach((value, index) => {
    const reader = new DocumentReader(options, index);
    const doc = rec(value);
    if (value === null || value === undefined) {
      // An empty YAML document (a stray `---`) has nothing to read.
    } else if (!doc) {
      reader
        .forSlo(undefined)
        .report(
          '',
          'is not a mapping: expected an OpenSLO v1 or Sloth prometheus/v1 document',
        );
    } else if (
      doc.version === 'prometheus/v1' ||
      doc.apiVersion === 'sloth.slok.dev/v1'
    ) {
      readSloth(doc, reader);
    } else if (doc.apiVersion === SIGHTLINE_API_VERSION) {
      const adjustment = readAdjustmentDocument(doc, reader);
      if (adjustment) adjustments.push(adjustment);
    } else if (doc.apiVersion === 'openslo/v1') {
      readOpenSlo(doc, reader, context);
    } else if (
      typeof doc.apiVersion === 'string' &&
      doc.apiVersion.startsWith('openslo/')
    ) {
      reader
        .forSlo(str(rec(doc.metadata)?.name))
        .report(
          'apiVersion',
          `${doc.apiVersion} is not supported; Sightline reads openslo/v1`,
          'apiVersion: openslo/v1',
        );
    } else {
      reader
        .forSlo(undefined)
        .report(
          doc.version !== undefined ? 'version' : 'apiVersion',
          'is not an OpenSLO v1 (apiVersion: openslo/v1) or Sloth (version: prometheus/v1) document',
          'version: prometheus/v1',
        );
    }
    collected.push(...reader.definitions);
    problems.push(...reader.problems);
  });

  const seen = new Set<string>();
  const definitions: SloDefinition[] = [];
  for (const { definition, nameField } of collected) {
    if (seen.has(definition.id)) {
      problems.push({
        ...(options.file ? { file: options.file } : {}),
        documentIndex: definition.declaredAt.documentIndex ?? 0,
        slo: definition.name,
        field: nameField,
        message: `another SLO in this file already has the id "${definition.id}"; give each SLO its own name`,
      });
    } else {
      seen.add(definition.id);
      definitions.push(definition);
    }
  }
  const names = new Set<string>();
  const uniqueAdjustments = adjustments.filter(a => {
    if (!names.has(a.name)) return names.add(a.name);
    problems.push({
      ...(options.file ? { file: options.file } : {}),
      documentIndex: 0,
      slo: `${ADJUSTMENT_KIND} ${a.name}`,
      field: 'metadata.name',
      message: `another BudgetAdjustment in this file is already named "${a.name}"`,
    });
    return false;
  });
  return { definitions, adjustments: uniqueAdjustments, problems };
}

/** A `kind: BudgetAdjustment` document, or its problems reported. */
function readAdjustmentDocument(
  doc: Record<string, unknown>,
  reader: DocumentReader,
): NamedSloAdjustmentDeclaration | undefined {
  const name = str(rec(doc.metadata)?.name);
  const { report } = reader.forSlo(
    `${ADJUSTMENT_KIND}${name ? ` ${name}` : ''}`,
  );
  if (doc.kind !== ADJUSTMENT_KIND) {
    report(
      'kind',
      `${JSON.stringify(
        doc.kind,
      )} is not a ${SIGHTLINE_API_VERSION} kind; Sightline reads ${ADJUSTMENT_KIND}`,
      `kind: ${ADJUSTMENT_KIND}`,
    );
    return undefined;
  }
  const spec = rec(doc.spec);
  if (!spec) {
    report('spec', 'is required: reason, start, end or duration, rrule');
    return undefined;
  }
  const read = readNamed({ ...spec, name: rec(doc.metadata)?.name }, 'spec');
  for (const p of read.problems) {
    report(
      p.field === 'spec.name' ? 'metadata.name' : p.field,
      p.message,
      p.example,
    );
  }
  return read.declaration;
}
