/**
 * Budget adjustments: periods excluded from an SLO's error budget (planned
 * maintenance, known-bad periods), one-off or recurring, and the strict
 * reader of their declarations (annotation, SLO file, config, API).
 */
import { formatDuration, parseDuration } from '../duration';

/**
 * Where an adjustment was declared: by the entity (its
 * `sightline.dev/slo-adjustments` annotation or a `kind: BudgetAdjustment`
 * document of its SLO file), in app-config for its system or cluster
 * (`observability.sloAdjustments`), or created by an owner through the API.
 *
 * @public
 */
export type SloAdjustmentSource = 'entity' | 'config' | 'stored';

/**
 * An excluded period as declared: one-off (`start` for `durationMs`), or
 * recurring (`rrule`, whose first occurrence is `start`; each occurrence
 * lasts `durationMs`).
 *
 * @public
 */
export type SloAdjustmentDeclaration = {
  /** Why the period does not count, e.g. `Weekly database maintenance`. */
  reason: string;
  /** The (first) excluded period's start, ISO 8601. */
  start: string;
  /** How long each excluded period lasts, in milliseconds. */
  durationMs: number;
  /** An RFC 5545 RRULE without DTSTART (`start` is its DTSTART), e.g. `FREQ=WEEKLY;BYDAY=SU`. */
  rrule?: string;
  /** The SLO ids it applies to; every SLO of the entity when absent. */
  sloIds?: string[];
};

/**
 * An adjustment that applies to an entity, wherever it was declared.
 *
 * @public
 */
export type SloAdjustment = SloAdjustmentDeclaration & {
  /** `entity:<name>`, `config:<name>`, or the stored adjustment's UUID. */
  id: string;
  source: SloAdjustmentSource;
  /** Who created a stored adjustment (a user entity ref), and when (ISO 8601). */
  createdBy?: string;
  createdAt?: string;
};

/**
 * One excluded period (an occurrence of an adjustment), ISO 8601 bounds.
 *
 * @public
 */
export type SloExcludedPeriod = {
  adjustmentId: string;
  start: string;
  end: string;
};

/**
 * `GET /api/observability/entities/{kind}/{namespace}/{name}/slo-adjustments`.
 *
 * @public
 */
export type SloAdjustmentsResponse = {
  entityRef: string;
  adjustments: SloAdjustment[];
  /** The adjustments' periods that overlap the requested range, by start. */
  periods: SloExcludedPeriod[];
  /** Declarations that were refused, each naming its field. */
  problems: Array<{ source: string; field: string; message: string }>;
};

/**
 * What an SLO's evaluation excluded: the merged periods inside the window
 * or its burn-rate windows, and whether the alerts Prometheus evaluates
 * from the generated rules (which cannot know adjustments) hold otherwise
 * than the live figures say.
 *
 * @public
 */
export interface SloAdjustedEvaluation {
  adjustmentIds: string[];
  /** Each adjustment's reason, in the order of `adjustmentIds`. */
  reasons: string[];
  /** Merged excluded periods, clipped to what the evaluation looked at. */
  periods: Array<{ start: string; end: string }>;
  /** Burn-rate conditions that hold without the adjustments but not with them, or the reverse. */
  rulesDisagree: string[];
  /** Recurring adjustments with more occurrences than are expanded; the later ones are not excluded. */
  truncated?: string[];
}

/**
 * A problem with one field of one declaration.
 *
 * @public
 */
export interface SloAdjustmentProblem {
  /** Path of the field, e.g. `[0].rrule` or `spec.start`. */
  field: string;
  message: string;
  example?: string;
}

/**
 * A declared adjustment with the name it is known by (unique among the
 * entity's or the config's adjustments).
 *
 * @public
 */
export interface NamedSloAdjustmentDeclaration
  extends SloAdjustmentDeclaration {
  name: string;
}

/**
 * An adjustment read from a list, with its index in the list and its
 * fields as written (for the fields the caller reads itself).
 *
 * @public
 */
export interface ListedSloAdjustment extends NamedSloAdjustmentDeclaration {
  index: number;
  fields: Record<string, unknown>;
}

/** Longest excluded period one adjustment may declare. */
const MAX_ADJUSTMENT_DURATION_MS = 31 * 86_400_000;
/** Longest reason kept; it is shown in cards and reports. */
const MAX_ADJUSTMENT_REASON_LENGTH = 500;
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const RRULE_PART = /^[A-Z]+=[A-Z0-9,+-]+$/;
const EXAMPLE = `- name: weekly-db-maintenance
  reason: Weekly database maintenance
  start: 2026-11-01T02:00:00Z
  duration: 1h
  rrule: FREQ=WEEKLY;BYDAY=SU`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields every declaration shares (API body, annotation, file, config),
 * read strictly: each problem names its field under `path`. The RRULE's
 * grammar is checked here; whether it is a rule the recurrence engine can
 * expand is the backend's to say.
 *
 * @public
 */
export function readSloAdjustmentFields(
  value: Record<string, unknown>,
  path: string,
  allowed: readonly string[] = [],
): {
  declaration?: SloAdjustmentDeclaration;
  problems: SloAdjustmentProblem[];
} {
  const problems: SloAdjustmentProblem[] = [];
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const report = (field: string, message: string, example?: string) =>
    problems.push({
      field: at(field),
      message,
      ...(example ? { example } : {}),
    });
  const known = new Set([
    'reason',
    'start',
    'end',
    'duration',
    'rrule',
    'slos',
    ...allowed,
  ]);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      report(key, `is not a field of an adjustment (${[...known].join(', ')})`);
    }
  }

  const reason =
    typeof value.reason === 'string' ? value.reason.trim() : undefined;
  if (!reason) {
    report('reason', 'is required: say why the period does not count');
  } else if (reason.length > MAX_ADJUSTMENT_REASON_LENGTH) {
    report(
      'reason',
      `is ${reason.length} characters long; at most ${MAX_ADJUSTMENT_REASON_LENGTH}`,
    );
  }

  const start = instant(value.start);
  if (value.start === undefined) {
    report('start', 'is required', '2026-11-01T02:00:00Z');
  } else if (start === undefined) {
    report(
      'start',
      `${JSON.stringify(
        value.start,
      )} is not an ISO 8601 instant with a time zone`,
      '2026-11-01T02:00:00Z',
    );
  }

  let durationMs: number | undefined;
  if (value.end !== undefined && value.duration !== undefined) {
    report('end', 'and duration are exclusive: give one of them');
  } else if (value.end !== undefined) {
    const end = instant(value.end);
    if (end === undefined) {
      report(
        'end',
        `${JSON.stringify(
          value.end,
        )} is not an ISO 8601 instant with a time zone`,
        '2026-11-01T04:00:00Z',
      );
    } else if (start !== undefined) {
      durationMs = end - start;
      if (durationMs <= 0) report('end', 'must be after start');
    }
  } else if (value.duration !== undefined) {
    durationMs =
      typeof value.duration === 'string'
        ? parseDuration(value.duration.trim())
        : undefined;
    if (durationMs === undefined || durationMs <= 0) {
      report(
        'duration',
        `${JSON.stringify(value.duration)} is not a positive duration`,
        '2h',
      );
    }
  } else {
    report('end', 'or duration is required', 'duration: 2h');
  }
  if (durationMs !== undefined && durationMs > MAX_ADJUSTMENT_DURATION_MS) {
    report(
      value.end !== undefined ? 'end' : 'duration',
      `excludes ${formatDuration(
        durationMs,
      )}; one adjustment excludes at most ${formatDuration(
        MAX_ADJUSTMENT_DURATION_MS,
      )}`,
    );
  }

  let rrule: string | undefined;
  if (value.rrule !== undefined) {
    rrule = typeof value.rrule === 'string' ? value.rrule.trim() : undefined;
    const rruleProblem =
      rrule === undefined ? 'is not a string' : rruleGrammar(rrule);
    if (rruleProblem) report('rrule', rruleProblem, 'FREQ=WEEKLY;BYDAY=SU');
  }

  let sloIds: string[] | undefined;
  if (value.slos !== undefined) {
    if (
      !Array.isArray(value.slos) ||
      value.slos.length === 0 ||
      !value.slos.every(s => typeof s === 'string' && s.trim() !== '')
    ) {
      report('slos', 'must be a non-empty list of SLO ids', '[availability]');
    } else {
      sloIds = value.slos.map(s => (s as string).trim());
    }
  }

  if (problems.length > 0) return { problems };
  return {
    problems,
    declaration: {
      reason: reason!,
      start: new Date(start!).toISOString(),
      durationMs: durationMs!,
      ...(rrule ? { rrule } : {}),
      ...(sloIds ? { sloIds } : {}),
    },
  };
}

/** Why `rrule` is not an RRULE value Sightline expands, or undefined. */
function rruleGrammar(rrule: string): string | undefined {
  if (rrule.length > 300) return 'is longer than 300 characters';
  const body = rrule.replace(/^RRULE:/, '');
  const parts = body.split(';');
  if (!parts.every(p => RRULE_PART.test(p))) {
    return `"${rrule}" is not an RFC 5545 RRULE (KEY=VALUE parts separated by ";")`;
  }
  const keys = parts.map(p => p.split('=')[0]);
  if (!keys.includes('FREQ')) return `"${rrule}" has no FREQ`;
  if (keys.includes('DTSTART')) {
    return "must not carry DTSTART: the adjustment's start is the first occurrence";
  }
  return undefined;
}

function instant(value: unknown): number | undefined {
  // YAML reads an unquoted timestamp as a Date.
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  }
  if (typeof value !== 'string' || !ISO_INSTANT.test(value.trim())) {
    return undefined;
  }
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads a list of named adjustments (the `sightline.dev/slo-adjustments`
 * annotation's YAML, `observability.sloAdjustments` in app-config): each
 * item a mapping with `name`, `reason`, `start`, `end` or `duration`, and
 * optionally `rrule` and `slos` (plus the `extra` fields the caller reads
 * itself, e.g. config's `systems`). Every bad field gives a problem naming
 * it; the other items are still read.
 *
 * @public
 */
export function parseSloAdjustmentList(
  value: unknown,
  extra: readonly string[] = [],
): {
  adjustments: ListedSloAdjustment[];
  problems: SloAdjustmentProblem[];
} {
  if (!Array.isArray(value)) {
    return {
      adjustments: [],
      problems: [
        {
          field: '',
          message: 'must be a list of adjustments',
          example: EXAMPLE,
        },
      ],
    };
  }
  const problems: SloAdjustmentProblem[] = [];
  const adjustments: ListedSloAdjustment[] = [];
  const names = new Set<string>();
  value.forEach((item, index) => {
    const path = `[${index}]`;
    if (!isRecord(item)) {
      problems.push({
        field: path,
        message: 'is not a mapping',
        example: EXAMPLE,
      });
      return;
    }
    const read = readNamed(item, path, extra);
    problems.push(...read.problems);
    if (!read.declaration) return;
    if (names.has(read.declaration.name)) {
      problems.push({
        field: `${path}.name`,
        message: `another adjustment is already named "${read.declaration.name}"`,
      });
      return;
    }
    names.add(read.declaration.name);
    adjustments.push({ ...read.declaration, index, fields: item });
  });
  return { adjustments, problems };
}

/** One named declaration: the shared fields and a `name`. */
export function readNamed(
  item: Record<string, unknown>,
  path: string,
  extra: readonly string[] = [],
): {
  declaration?: NamedSloAdjustmentDeclaration;
  problems: SloAdjustmentProblem[];
} {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const problems: SloAdjustmentProblem[] = [];
  const name = typeof item.name === 'string' ? item.name.trim() : undefined;
  if (!name || !NAME.test(name)) {
    problems.push({
      field: at('name'),
      message: `${
        item.name === undefined
          ? 'is required'
          : `${JSON.stringify(item.name)} is not a name`
      }: lower-case letters, digits and dashes, at most 63`,
      example: 'weekly-db-maintenance',
    });
  }
  const fields = readSloAdjustmentFields(item, path, ['name', ...extra]);
  problems.push(...fields.problems);
  if (problems.length > 0 || !fields.declaration) return { problems };
  return { problems, declaration: { name: name!, ...fields.declaration } };
}
