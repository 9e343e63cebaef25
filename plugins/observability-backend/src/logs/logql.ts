import {
  escapeLogQLString,
  formatDuration,
  LOG_LEVELS,
  LogLevel,
} from '@sightline/plugin-observability-common';
import { LOG_LEVEL_ALIASES } from './logParsing';

/** What the logs route filters by; every value ends up inside an escaped LogQL string. */
export interface LogFilters {
  /** Case-sensitive text the line must contain. */
  contains?: string;
  /** A trace id (hex); the line must name it. */
  traceId?: string;
  levels?: LogLevel[];
}

/**
 * The part of a pipeline that gives each line a `level` label (from its JSON
 * `level` field; a stream label of the same name wins) and keeps the wanted
 * levels, in every spelling of them.
 */
function levelStages(levels: LogLevel[] | undefined): string {
  const extract = ' | json level="level"';
  if (!levels?.length) return extract;
  // In a fixed order, so the same filter always builds the same query (and cache key).
  const aliases = LOG_LEVELS.filter(l => levels.includes(l)).flatMap(
    l => LOG_LEVEL_ALIASES[l],
  );
  // Aliases are lower-case letters only; escaping keeps that true for whoever edits them.
  return `${extract} | level=~"${escapeLogQLString(
    `(?i)${aliases.join('|')}`,
  )}"`;
}

function lineFilters(filters: LogFilters): string {
  let out = '';
  if (filters.contains) out += ` |= "${escapeLogQLString(filters.contains)}"`;
  if (filters.traceId) out += ` |= "${escapeLogQLString(filters.traceId)}"`;
  return out;
}

/**
 * The LogQL for an entity's lines and their volume by level. `selector` is
 * the entity's canonical stream selector (parsed and re-rendered with every
 * value escaped); everything else is a fixed keyword or an escaped string,
 * so no filter can add a matcher or a stage.
 */
export function buildLogQueries(
  selector: string,
  filters: LogFilters,
  volumeStepMs: number,
): { lines: string; volume: string } {
  const filtered = `${selector}${lineFilters(filters)}`;
  const lines = filters.levels?.length
    ? `${filtered}${levelStages(filters.levels)}`
    : filtered;
  const volume =
    `sum by (level) (count_over_time(${filtered}${levelStages(
      filters.levels,
    )}` +
    // Lines that are not JSON keep no level (shown as unknown) instead of failing the query.
    ` | drop __error__, __error_details__ [${formatDuration(volumeStepMs)}]))`;
  return { lines, volume };
}
