import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { rollup } from '../slo/sloRoutes';
import { readActionEntity } from './actionEntities';
import { ObservabilityActionDeps } from './ObservabilityActionDeps';

/** Statuses that need someone's attention, most urgent first. */
const AT_RISK = ['violated', 'at-risk'];

/** `list-slos-at-risk`: a team's or system's SLOs that are burning. */
export function registerSlosAtRiskAction(
  registry: ActionsRegistryService,
  deps: ObservabilityActionDeps,
) {
  registry.register({
    name: 'list-slos-at-risk',
    title: 'List SLOs at risk',
    description:
      "The SLOs that are violated or at risk among the Components a team (Group) owns or a System contains, most urgent first, from the fleet evaluation's stored snapshots (Components without one yet are evaluated now). Only Components the caller may read in the catalog are included; a group or system the caller may not read is not found.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The team or system, as an entity reference: group:default/team-shop or system:default/shop (a ref without kind is read as a group).',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          slos: z
            .array(
              z.object({
                entityRef: z.string().describe('The Component.'),
                id: z.string(),
                name: z.string(),
                status: z.enum(['violated', 'at-risk']),
                objective: z.number().optional(),
                sli: z.number().optional(),
                budgetRemaining: z
                  .number()
                  .optional()
                  .describe(
                    'Share of the error budget left; negative when overspent.',
                  ),
                timeToExhaustionMs: z
                  .number()
                  .optional()
                  .describe(
                    'Until the budget is spent at the current burn rate.',
                  ),
                evaluatedAt: z.string().optional().describe('ISO 8601.'),
                evaluatedFrom: z.enum(['snapshot', 'live']).optional(),
              }),
            )
            .describe('Violated first, then at risk.'),
          sloCount: z.number().describe('All SLOs looked at, healthy or not.'),
          failures: z
            .array(z.object({ entityRef: z.string(), message: z.string() }))
            .describe(
              'Components whose SLOs could not be read, each with why.',
            ),
        }),
    },
    examples: [
      {
        title: "SLOs at risk of team-shop's services",
        input: { entityRef: 'group:default/team-shop' },
      },
      {
        title: 'SLOs at risk in the shop system',
        input: { entityRef: 'system:default/shop' },
      },
    ],
    action: async ({ input, credentials }) => {
      const parent = await readActionEntity(
        deps.entities,
        input.entityRef,
        credentials,
        ['group', 'system'],
      );
      const { response } = await rollup(
        deps.slos,
        parent.kind.toLocaleLowerCase('en-US') as 'group' | 'system',
        {
          namespace: parent.metadata.namespace ?? 'default',
          name: parent.metadata.name,
        },
        credentials,
        Date.now(),
        deps.slos.snapshots,
      );
      return {
        output: {
          entityRef: response.entityRef,
          // The roll-up is sorted most urgent first already.
          slos: response.slos
            .filter(s => AT_RISK.includes(s.status?.status ?? 'no-data'))
            .map(s => ({
              entityRef: s.entityRef,
              id: s.definition.id,
              name: s.definition.name,
              status: s.status!.status as 'violated' | 'at-risk',
              objective: s.status?.objective,
              sli: s.status?.sli,
              budgetRemaining: s.status?.budget.remaining,
              timeToExhaustionMs: s.status?.timeToExhaustionMs,
              evaluatedAt: s.evaluatedAt,
              evaluatedFrom: s.evaluatedFrom,
            })),
          sloCount: response.slos.length,
          failures: response.failures,
        },
      };
    },
  });
}
