import { LogLevel, LogLine } from '@sightline/plugin-observability-common';

/**
 * The spellings of each level found in the wild (lower-case): Go's slog and
 * zap, logrus, pino, Python's logging, syslog. The logs route filters by
 * these and `parseLogLine` reads them.
 */
export const LOG_LEVEL_ALIASES: Record<LogLevel, string[]> = {
  trace: ['trace', 'trc'],
  debug: ['debug', 'dbg'],
  info: ['info', 'information', 'informational', 'notice'],
  warn: ['warn', 'warning'],
  error: ['error', 'err'],
  fatal: ['fatal', 'critical', 'crit', 'panic', 'emerg', 'emergency', 'alert'],
};

const LEVEL_BY_ALIAS = new Map<string, LogLevel>(
  Object.entries(LOG_LEVEL_ALIASES).flatMap(([level, aliases]) =>
    aliases.map(alias => [alias, level as LogLevel] as const),
  ),
);

/** pino's numeric levels. */
const NUMERIC_LEVELS: [number, LogLevel][] = [
  [60, 'fatal'],
  [50, 'error'],
  [40, 'warn'],
  [30, 'info'],
  [20, 'debug'],
  [10, 'trace'],
];

/**
 * A level as written (`WARNING`, `err`, `50`) in the normalised form, or
 * undefined.
 */
export function normaliseLogLevel(value: unknown): LogLevel | undefined {
  if (typeof value === 'number' || /^\d{2}$/.test(String(value))) {
    const n = Number(value);
    return NUMERIC_LEVELS.find(([min]) => n >= min)?.[1];
  }
  if (typeof value !== 'string') return undefined;
  return LEVEL_BY_ALIAS.get(value.trim().toLowerCase());
}

const LEVEL_FIELDS = [
  'level',
  'lvl',
  'severity',
  'severity_text',
  'severityText',
  'log.level',
  'loglevel',
  'levelname',
];
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'];
const TRACE_FIELDS = [
  'trace_id',
  'traceId',
  'traceID',
  'traceid',
  'trace.id',
  'otelTraceID',
];
const SPAN_FIELDS = ['span_id', 'spanId', 'spanID', 'spanid', 'span.id'];
const TRACE_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{16})$/i;
const SPAN_ID = /^[0-9a-f]{16}$/i;
const MAX_FIELDS = 200;
const MAX_FIELD_CHARS = 4096;

function flatten(
  value: Record<string, unknown>,
  prefix: string,
  out: Record<string, string>,
) {
  for (const [key, v] of Object.entries(value)) {
    if (Object.keys(out).length >= MAX_FIELDS) return;
    const name = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      flatten(v as Record<string, unknown>, name, out);
    } else {
      const text = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
      out[name] = text.slice(0, MAX_FIELD_CHARS);
    }
  }
}

function parseJson(line: string): Record<string, string> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return undefined;
    const fields: Record<string, string> = {};
    flatten(value, '', fields);
    return fields;
  } catch {
    return undefined;
  }
}

const LOGFMT_PAIR = /([A-Za-z_][\w.\-/]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;

function parseLogfmt(line: string): Record<string, string> | undefined {
  if (!/^\s*[A-Za-z_][\w.\-/]*=/.test(line)) return undefined;
  const fields: Record<string, string> = {};
  let pairs = 0;
  for (const [, key, raw] of line.matchAll(LOGFMT_PAIR)) {
    if (pairs >= MAX_FIELDS) break;
    fields[key] = (
      raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw
    ).slice(0, MAX_FIELD_CHARS);
    pairs += 1;
  }
  return pairs >= 2 ? fields : undefined;
}

function firstValid(
  fields: Record<string, string>,
  names: string[],
  pattern: RegExp,
): string | undefined {
  for (const name of names) {
    const value = fields[name];
    if (value && pattern.test(value)) return value.toLowerCase();
  }
  return undefined;
}

const TEXT_LEVEL =
  /(?:^|[\s[(|])(TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|FATAL|CRITICAL|PANIC)(?=$|[\s\]):|])/;
const TEXT_TRACE_ID =
  /trace[_.-]?id["']?\s*[:=]\s*["']?([0-9a-f]{32}|[0-9a-f]{16})(?![0-9a-f])/i;
const TEXT_SPAN_ID =
  /span[_.-]?id["']?\s*[:=]\s*["']?([0-9a-f]{16})(?![0-9a-f])/i;
const TRACEPARENT = /\b00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}\b/;

/**
 * Reads a log line: its fields (JSON, else logfmt), its level (from a level
 * field, else the stream's labels, else an upper-case level word in the
 * text) and the trace and span ids it names. Pure and total: any string in,
 * never throws.
 */
export function parseLogLine(
  line: string,
  labels: Record<string, string> = {},
): Pick<LogLine, 'format' | 'fields' | 'level' | 'traceId' | 'spanId'> {
  const json = parseJson(line);
  const logfmt = json ? undefined : parseLogfmt(line);
  const fields = json ?? logfmt ?? {};
  let format: LogLine['format'] = 'text';
  if (json) format = 'json';
  else if (logfmt) format = 'logfmt';

  let level: LogLevel | undefined;
  for (const name of LEVEL_FIELDS) {
    level = normaliseLogLevel(fields[name]);
    if (level) break;
  }
  for (const name of LEVEL_LABELS) {
    if (level) break;
    level = normaliseLogLevel(labels[name]);
  }
  if (!level && format === 'text') {
    const word = TEXT_LEVEL.exec(line)?.[1];
    if (word) level = normaliseLogLevel(word);
  }

  const traceparent = TRACEPARENT.exec(line);
  const traceId =
    firstValid(fields, TRACE_FIELDS, TRACE_ID) ??
    TEXT_TRACE_ID.exec(line)?.[1]?.toLowerCase() ??
    traceparent?.[1];
  const spanId =
    firstValid(fields, SPAN_FIELDS, SPAN_ID) ??
    TEXT_SPAN_ID.exec(line)?.[1]?.toLowerCase() ??
    traceparent?.[2];

  return {
    format,
    fields,
    level: level ?? 'unknown',
    ...(traceId ? { traceId } : {}),
    ...(spanId ? { spanId } : {}),
  };
}
