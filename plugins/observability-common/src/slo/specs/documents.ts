/**
 * What the Sloth and OpenSLO readers share: reading untyped YAML values,
 * telling latency from availability queries, the default window, and the
 * reader of one document that collects its SLOs and problems.
 */
import { latencyThresholdFromQuery } from '../latency';
import {
  DEFAULT_SLO_WINDOW,
  ParsedSloWindow,
  parseSloWindow,
} from '../parseAnnotations';
import { SloDefinition, SloSliKind, SloSpecProblem } from '../types';

/**
 * Options for reading SLO files.
 *
 * @public
 */
export interface SloSpecParseOptions {
  /** The file the documents came from, for problems and `declaredAt`. */
  file?: string;
  /**
   * The window of SLOs that declare none: every Sloth `prometheus/v1` SLO
   * (the spec has no window; Sloth itself defaults to 30 days) and OpenSLO
   * SLOs without `timeWindow`. Default `30d`.
   */
  defaultWindow?: string;
}

export type Rec = Record<string, unknown>;

/** A YAML mapping (not a list or a scalar), or undefined. */
export function rec(value: unknown): Rec | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Rec)
    : undefined;
}

/** A non-blank string, trimmed, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/** A number, also when YAML kept it a string (a quoted `"99.9"`). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

export const WINDOW_TEMPLATE = /\{\{\s*\.window\s*\}\}/;
const LATENCY_HINT = /_bucket\b|\ble\s*=|histogram_quantile/;

/**
 * Whether custom queries measure latency or availability, by what they
 * select: histogram buckets (`_bucket`, `le=`, `histogram_quantile`) mean
 * latency, anything else availability (a metric name is no guide: Sloth's own
 * availability example counts `http_request_duration_seconds_count`).
 * OpenSLO and Sloth do not say; the UI only uses the kind for wording.
 */
export function inferSliKind(queries: string[]): SloSliKind {
  return queries.some(q => LATENCY_HINT.test(q)) ? 'latency' : 'availability';
}

export function latencyFields(
  kind: SloSliKind,
  queries: string[],
  objectivePercent: number,
): Pick<SloDefinition, 'latencyThresholdSeconds' | 'latencyPercentile'> {
  if (kind !== 'latency') return {};
  const threshold = queries
    .map(latencyThresholdFromQuery)
    .find(t => t !== undefined);
  return {
    latencyPercentile: objectivePercent,
    ...(threshold === undefined ? {} : { latencyThresholdSeconds: threshold }),
  };
}

export function defaultWindow(options: SloSpecParseOptions): ParsedSloWindow {
  const parsed = parseSloWindow(options.defaultWindow ?? DEFAULT_SLO_WINDOW);
  if (!parsed.ok) {
    throw new RangeError(
      `Invalid default SLO window: ${parsed.problem.message}`,
    );
  }
  return parsed.value;
}

export interface Collected {
  definition: SloDefinition;
  /** Where the SLO's name is, to report duplicates. */
  nameField: string;
}

export class DocumentReader {
  readonly definitions: Collected[] = [];
  readonly problems: SloSpecProblem[] = [];

  constructor(
    readonly options: SloSpecParseOptions,
    readonly documentIndex: number,
  ) {}

  /** Returns a reporter bound to one SLO, and whether it reported anything. */
  forSlo(slo: string | undefined) {
    const before = this.problems.length;
    const report = (field: string, message: string, example?: string) => {
      this.problems.push({
        ...(this.options.file ? { file: this.options.file } : {}),
        documentIndex: this.documentIndex,
        ...(slo ? { slo } : {}),
        field,
        message,
        ...(example ? { example } : {}),
      });
    };
    return { report, failed: () => this.problems.length > before };
  }

  declaredAt(path: string) {
    return {
      ...(this.options.file ? { file: this.options.file } : {}),
      documentIndex: this.documentIndex,
      path,
    };
  }
}

export type Report = (field: string, message: string, example?: string) => void;
