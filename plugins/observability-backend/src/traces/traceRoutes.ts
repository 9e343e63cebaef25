import { InputError } from '@backstage/errors';
import { parseDuration } from '@sightline/plugin-observability-common';
import { z } from 'zod/v3';
import { GrafanaClient } from '../upstreams/clients/GrafanaClient';
import { traceBackendFor } from './TraceBackend';
import { searchText, traceIdParam } from '../logs/logRoutes';
import {
  ENTITY_PATH,
  entityTarget,
  parseQuery,
  RouteContext,
  timeRange,
  timeRangeParams,
  ObservabilityRouter,
} from '../http/RouteContext';

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

/** The entity's traces, from the cluster's Tempo or Jaeger. */
export function traceRoutes(router: ObservabilityRouter, ctx: RouteContext) {
  const backendFor = (target: Parameters<typeof traceBackendFor>[0]) =>
    traceBackendFor(target, kind => ctx.targets.optionalUpstream(target, kind));

  router.get(`${ENTITY_PATH}/traces`, async (req, res) => {
    const params = parseQuery(searchParams, req.query);
    const range = timeRange(ctx, params);
    const { target } = await entityTarget(ctx, req);
    res.json(
      await ctx.traces.search(backendFor(target), target, {
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
    const { target } = await entityTarget(ctx, req);
    const grafana = ctx.targets.optionalUpstream(target, 'grafana');
    res.json(
      await ctx.traces.trace(
        backendFor(target),
        target,
        parsed.data,
        grafana && new GrafanaClient(grafana),
      ),
    );
  });
}
