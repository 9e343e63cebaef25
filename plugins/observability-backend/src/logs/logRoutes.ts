import { LOG_LEVELS } from '@sightline/plugin-observability-common';
import { z } from 'zod/v3';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { parseQuery } from '../http/parseQuery';
import { resolveTimeRange } from '../http/TimeRange';
import { LogsService } from './LogsService';

/** C0 control characters and DEL, except tab, line feed and carriage return. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0x7f
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Text a user may search for: anything printable, tabs and line breaks
 * included (all are escaped). openapi.yaml bounds its length.
 */
export const searchText = z.string().refine(s => !hasControlCharacters(s), {
  message: 'must not contain control characters',
});

/** `level=error,warn` or `level=error&level=warn`. */
const levels = z.preprocess(
  v =>
    (Array.isArray(v) ? v : [v])
      .flatMap(x => (typeof x === 'string' ? x.split(',') : [x]))
      .map(x => (typeof x === 'string' ? x.trim().toLowerCase() : x))
      .filter(x => x !== ''),
  z.array(z.enum(LOG_LEVELS)).max(LOG_LEVELS.length),
);

export const traceIdParam = z
  .string()
  .regex(
    /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/,
    'must be a trace id of 16 or 32 hex digits',
  )
  .transform(s => s.toLowerCase());

/**
 * What openapi.yaml cannot say of the filters: known levels, no control
 * characters, a trace id's form. It bounds and defaults the rest.
 */
const logFilters = z.object({
  level: levels.optional(),
  contains: searchText.optional(),
  traceId: traceIdParam.optional(),
});

export interface LogRouteDeps {
  requests: EntityRequests;
  logs: LogsService;
  limits: ObservabilityConfig['limits'];
}

/** The entity's logs, from Loki. */
export function logRoutes(
  router: ObservabilityRouter,
  { requests, logs, limits }: LogRouteDeps,
) {
  router.get(`${ENTITY_PATH}/logs`, async (req, res) => {
    // Everything is validated before anything is read or sent upstream.
    const filters = parseQuery(logFilters, req.query);
    const range = resolveTimeRange(req.query, limits);
    const { target } = await requests.targetWithoutDetection(req);
    res.json(
      await logs.logs(target, range, {
        levels: filters.level,
        contains: filters.contains || undefined,
        traceId: filters.traceId,
        limit: req.query.limit,
        direction: req.query.direction,
      }),
    );
  });
}
