import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { resolveSeriesRange } from '../http/TimeRange';
import { entitySlos } from '../slo/sloRoutes';
import { readActionEntity, recentPeriod } from './actionEntities';
import { ObservabilityActionDeps } from './ObservabilityActionDeps';

const DEFAULT_PERIOD = '1h';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `get-service-health`: what an on-call engineer looks at first. */
export function registerServiceHealthAction(
  registry: ActionsRegistryService,
  deps: ObservabilityActionDeps,
) {
  registry.register({
    name: 'get-service-health',
    title: 'Get a service health summary',
    description:
      "A catalog Component's health: its RED metrics (request rate, error ratio, latency) over the period against the period before, its firing alerts and its SLOs' status and error budget. Read with the caller's own catalog access: an entity the caller may not read is not found. Each part that could not be read is named in `problems` rather than failing the whole summary.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The Component, as an entity reference: component:default/checkout (kind and namespace may be left out: checkout).',
            ),
          period: z
            .string()
            .optional()
            .describe(
              `How far back "now" reaches, as a duration (30m, 1h, 1d); compared with the same length just before it. Default ${DEFAULT_PERIOD}.`,
            ),
        }),
      output: z => {
        const red = z
          .object({
            requestRate: z.number().optional().describe('Requests per second.'),
            errorRatio: z
              .number()
              .optional()
              .describe('Failed requests / all requests, 0 to 1.'),
            latencyP50: z.number().optional().describe('Seconds.'),
            latencyP95: z.number().optional().describe('Seconds.'),
            latencyP99: z.number().optional().describe('Seconds.'),
          })
          .describe('Figures over the whole period; absent without traffic.');
        return z.object({
          entityRef: z.string(),
          period: z.object({
            from: z.string().describe('ISO 8601.'),
            to: z.string().describe('ISO 8601.'),
          }),
          red: z
            .object({ now: red, previous: red })
            .optional()
            .describe(
              'Absent when the metrics could not be read (see problems).',
            ),
          firingAlerts: z
            .array(
              z.object({
                name: z.string(),
                state: z.string(),
                severity: z.string().optional(),
                summary: z.string().optional(),
                runbookUrl: z.string().optional(),
                startsAt: z.string(),
              }),
            )
            .optional()
            .describe('Firing and pending alerts, most severe first.'),
          slos: z
            .array(
              z.object({
                id: z.string(),
                name: z.string(),
                status: z
                  .string()
                  .describe('met, at-risk, violated or no-data.'),
                objective: z.number().optional(),
                sli: z.number().optional(),
                budgetRemaining: z
                  .number()
                  .optional()
                  .describe(
                    'Share of the error budget left; negative when overspent.',
                  ),
              }),
            )
            .optional(),
          slosEvaluatedFrom: z
            .enum(['snapshot', 'live'])
            .optional()
            .describe(
              "The fleet evaluation's stored snapshot, or evaluated for this call.",
            ),
          problems: z
            .array(z.string())
            .describe('Parts that could not be read, each with why.'),
        });
      },
    },
    examples: [
      {
        title: 'Health of checkout over the last hour',
        input: { entityRef: 'component:default/checkout' },
      },
      {
        title: 'Health of checkout today against yesterday',
        input: { entityRef: 'component:default/checkout', period: '1d' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { now, ...period } = recentPeriod(
        input.period,
        DEFAULT_PERIOD,
        '30m, 1h or 1d',
      );
      const entity = await readActionEntity(
        deps.entities,
        input.entityRef,
        credentials,
      );
      const range = resolveSeriesRange(period, deps.limits, now);
      const problems: string[] = [];
      const part = <T>(name: string, work: () => Promise<T>) =>
        work().catch(error => {
          problems.push(`${name}: ${errorMessage(error)}`);
          return undefined;
        });
      const [red, alerts, slos] = await Promise.all([
        part('RED metrics', async () =>
          deps.red.red(await deps.targets.resolve(entity), range),
        ),
        part('Alerts', () =>
          deps.alerts.alerts(deps.targets.resolveWithoutDetection(entity)),
        ),
        part('SLOs', () => entitySlos(deps.slos, entity, credentials)),
      ]);
      return {
        output: {
          entityRef: stringifyEntityRef(entity),
          period: {
            from: new Date(range.start).toISOString(),
            to: new Date(range.end).toISOString(),
          },
          red: red && { now: red.summary, previous: red.previous },
          firingAlerts: alerts?.alerts.map(a => ({
            name: a.name,
            state: a.state,
            severity: a.severity,
            summary: a.summary,
            runbookUrl: a.runbookUrl,
            startsAt: a.startsAt,
          })),
          slos: slos?.slos.map(s => ({
            id: s.definition.id,
            name: s.definition.name,
            status: s.status?.status ?? 'no-data',
            objective: s.status?.objective,
            sli: s.status?.sli,
            budgetRemaining: s.status?.budget.remaining,
          })),
          slosEvaluatedFrom: slos?.evaluatedFrom,
          problems: [
            ...problems,
            ...(slos?.problems.map(p => `SLOs: ${p.message}`) ?? []),
          ],
        },
      };
    },
  });
}
