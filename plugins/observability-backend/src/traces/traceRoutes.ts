import { InputError } from '@backstage/errors';
import { parseDuration } from '@sightline/plugin-observability-common';
import { z } from 'zod/v3';
import { ObservabilityConfig } from '../config/ObservabilityConfig';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { parseQuery, timeRangeParams } from '../http/parseQuery';
import { resolveTimeRange } from '../http/TimeRange';
import { searchText, traceIdParam } from '../logs/logRoutes';
import { TracesService } from './TracesService';

const MAX_MIN_DURATION_MS = 86_400_000;

const searchParams = z.object({
  ...timeRangeParams,
  status: z.enum(['ok', 'error']).optional(),
  minDuration: z
    .string()
    .max(20)
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
  operation: searchText(200, 1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
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
    const params = parseQuery(searchParams, req.query);
    const range = resolveTimeRange(params, limits);
    const { target } = await requests.targetWithoutDetection(req);
    res.json(
      await traces.search(target, {
        range: { start: range.start, end: range.end },
        status: params.status,
        minDurationMs: params.minDuration,
        operation: params.operation,
        limit: params.limit,
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
