import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DIAGNOSIS_CHECK_IDS } from '@sightline/plugin-observability-common';
import { readActionEntity } from './actionEntities';
import { ObservabilityActionDeps } from './ObservabilityActionDeps';

/** `diagnose-telemetry`: the monitoring doctor, as `GET …/diagnosis` runs it. */
export function registerDiagnoseTelemetryAction(
  registry: ActionsRegistryService,
  deps: ObservabilityActionDeps,
) {
  registry.register({
    name: 'diagnose-telemetry',
    title: 'Diagnose missing telemetry',
    description:
      "Runs Sightline's monitoring doctor for a Component: why it has no metrics, logs, traces or SLO data, check by check (configuration, Kubernetes Service, ServiceMonitor/PodMonitor, Prometheus selecting it, scrape target, series, logs, traces, rules, SLO objectives), each with what it found and, when failing, the exact change that fixes it. The first failing check is usually the one to fix first. Names of other services in the evidence are limited to those the caller may read.",
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
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          cluster: z.string(),
          checkedAt: z.string().describe('ISO 8601.'),
          firstFailure: z
            .enum(DIAGNOSIS_CHECK_IDS)
            .optional()
            .describe('The first failing check: fix it first.'),
          checks: z.array(
            z.object({
              id: z.enum(DIAGNOSIS_CHECK_IDS),
              title: z.string(),
              status: z.enum(['pass', 'warn', 'fail', 'skipped']),
              message: z.string().describe('What the check concluded.'),
              skippedReason: z.string().optional(),
              evidence: z.array(
                z.object({ label: z.string(), detail: z.string() }),
              ),
              fix: z
                .object({
                  summary: z.string().describe('What to change, where.'),
                  yaml: z
                    .string()
                    .optional()
                    .describe('The YAML or annotation to apply.'),
                })
                .optional(),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'Why does checkout show no data?',
        input: { entityRef: 'component:default/checkout' },
      },
    ],
    action: async ({ input, credentials }) => {
      const entity = await readActionEntity(
        deps.entities,
        input.entityRef,
        credentials,
      );
      return {
        output: await deps.doctor.diagnose(entity, names =>
          deps.entities.readableNames(names, credentials),
        ),
      };
    },
  });
}
