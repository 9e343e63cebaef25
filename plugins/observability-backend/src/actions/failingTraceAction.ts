import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { resolveTimeRange } from '../http/TimeRange';
import { readActionEntity, recentPeriod } from './actionEntities';
import { ObservabilityActionDeps } from './ObservabilityActionDeps';

const DEFAULT_PERIOD = '1h';
/** Failed traces looked at to find the newest: enough across the slices of an hour. */
const SEARCH_LIMIT = 20;

/** `find-failing-trace`: the newest failed request of a service, with its link. */
export function registerFailingTraceAction(
  registry: ActionsRegistryService,
  deps: ObservabilityActionDeps,
) {
  registry.register({
    name: 'find-failing-trace',
    title: 'Find a failing trace',
    description:
      "The most recent failed trace of a Component's service (a root span or any of its spans with an error status) in its cluster's Tempo or Jaeger, with a link to open it in Grafana Explore or the Jaeger UI. `found` is false when no failed trace was recorded in the period. Read with the caller's own catalog access.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The Component, as an entity reference: component:default/checkout (kind and namespace may be left out).',
            ),
          period: z
            .string()
            .optional()
            .describe(
              `How far back to look, as a duration (15m, 1h, 6h). Default ${DEFAULT_PERIOD}.`,
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          found: z.boolean(),
          searched: z.object({
            from: z.string().describe('ISO 8601.'),
            to: z.string().describe('ISO 8601.'),
            backend: z.string().describe('tempo or jaeger.'),
            serviceName: z.string(),
          }),
          trace: z
            .object({
              traceId: z.string(),
              rootService: z.string().optional(),
              rootName: z.string().optional(),
              startedAt: z.string().describe('ISO 8601.'),
              durationMs: z.number(),
              status: z.string().describe("The root span's outcome."),
              errorCount: z
                .number()
                .optional()
                .describe('Failed spans in the trace.'),
              services: z
                .array(z.string())
                .describe('Services the trace went through.'),
              exploreUrl: z
                .string()
                .optional()
                .describe('The trace in Grafana Explore.'),
              jaegerUrl: z
                .string()
                .optional()
                .describe('The trace in the Jaeger UI.'),
            })
            .optional(),
          notes: z.array(z.string()),
        }),
    },
    examples: [
      {
        title: 'The last failed checkout request',
        input: { entityRef: 'component:default/checkout' },
      },
      {
        title: 'A failed checkout request in the last 6 hours',
        input: { entityRef: 'checkout', period: '6h' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { now, ...period } = recentPeriod(
        input.period,
        DEFAULT_PERIOD,
        '15m, 1h or 6h',
      );
      const entity = await readActionEntity(
        deps.entities,
        input.entityRef,
        credentials,
      );
      const target = deps.targets.resolveWithoutDetection(entity);
      const range = resolveTimeRange(period, deps.limits, now);
      const result = await deps.traces.search(target, {
        range: { start: range.start, end: range.end },
        status: 'error',
        limit: SEARCH_LIMIT,
      });
      // Newest first already; a root that failed before one whose spans did.
      const failed =
        result.traces.find(t => t.status === 'error') ??
        result.traces.find(t => (t.errorCount ?? 0) > 0);
      const detail =
        failed && (await deps.traces.trace(target, failed.traceId));
      return {
        output: {
          entityRef: stringifyEntityRef(entity),
          found: !!failed,
          searched: {
            from: new Date(range.start).toISOString(),
            to: new Date(range.end).toISOString(),
            backend: result.backend,
            serviceName: result.serviceName,
          },
          trace: failed && {
            traceId: failed.traceId,
            rootService: failed.rootService,
            rootName: failed.rootName,
            startedAt: new Date(failed.startMs).toISOString(),
            durationMs: failed.durationMs,
            status: failed.status,
            errorCount: failed.errorCount,
            services: failed.services.map(s => s.name),
            exploreUrl: detail?.exploreUrl,
            jaegerUrl: detail?.jaegerUrl,
          },
          notes: result.notes,
        },
      };
    },
  });
}
