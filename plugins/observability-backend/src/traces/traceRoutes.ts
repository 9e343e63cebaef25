import { InputError } from '@backstage/errors';
import { parseDuration } from '@sightline/plugin-observability-common';
import { z } from 'zod/v3';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { parseQuery } from '../http/parseQuery';
import { resolveTimeRange } from '../http/TimeRange';
import { searchText, traceIdParam } from '../logs/logRoutes';
import { TracesService } from './TracesService';

const MAX_MIN_DURATION_MS = 86_400_000;

/**
 * What openapi.yaml cannot say of a search: a duration's meaning and no
 * control characters. It bounds and defaults the rest.
 */
const searchFilters = z.object({
  minDuration: z
    .string()
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === undefined || ms > MAX_MIN_DURATION_MS) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'must be a duration from 1ms to 1d, such as 250ms or 2s',
        });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  operation: searchText.optional(),
});

export interface TraceRouteDeps {
  requests: EntityRequests;
  traces: TracesService;
  limits: ObservabilityConfig['limits'];
}

/** The entity's traces, from the cluster's Tempo or Jaeger. */
export function traceRoutes(
  router: ObservabilityRouter,
  { requests, traces, limits }: TraceRouteDeps,
) {
  router.get(`${ENTITY_PATH}/traces`, async (req, res) => {
    const filters = parseQuery(searchFilters, req.query);
    const range = resolveTimeRange(req.query, limits);
    const { target } = await requests.targetWithoutDetection(req);
    res.json(
      await traces.search(target, {
        range: { start: range.start, end: range.end },
        status: req.query.status,
        minDurationMs: filters.minDuration,
        operation: filters.operation,
        limit: req.query.limit,
      }),
    );
  });

  router.get(`${ENTITY_PATH}/traces/:traceId`, async (req, res) => {
    const parsed = traceIdParam.safeParse(req.params.traceId);
    if (!parsed.success) {
      throw new InputError(
        `'${req.params.traceId.slice(
          0,
          80,
        )}' is not a trace id: it must be 16 or 32 hex digits`,
      );
    }
    const { target } = await requests.targetWithoutDetection(req);
    res.json(await traces.trace(target, parsed.data));
  });
}
