import { z } from 'zod/v3';
import { MonitoringInputError } from './errors';
import { isLabelKey } from './naming';

/**
 * A field that callers may not set. The generators take the entity's
 * identity (its `sloth_service`, the selector of its workload) from the
 * entity alone: an option for it would let one entity write monitoring
 * labelled as another service, which that service's pages then read.
 */
function setFromTheEntity(reason: string) {
  return z
    .never({
      errorMap: () => ({ message: `cannot be set in options: ${reason}` }),
    })
    .optional()
    .describe(`Not accepted: ${reason}`);
}

/** Labels as Kubernetes stores them; values are checked by the generators. */
const labelsSchema = z.record(
  z
    .string()
    // A key JSON can carry but an object cannot (`__proto__`) is dropped
    // silently otherwise; every such key is also no label key.
    .refine(isLabelKey, { message: 'is not a Kubernetes label key' }),
  z.string().max(63),
);

const namespaceName = z.string().max(63);
const duration = z.string().max(40);

const dashboardDeliverySchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z
        .literal('configmap')
        .describe(
          'A ConfigMap that Grafana\'s dashboard sidecar loads (grafana_dashboard: "1")',
        ),
      namespace: namespaceName
        .optional()
        .describe('Default the workload namespace; the sidecar must watch it'),
      labels: labelsSchema
        .optional()
        .describe(
          'Extra labels; the sidecar\'s label defaults to grafana_dashboard: "1"',
        ),
      folder: z
        .string()
        .max(255)
        .optional()
        .describe(
          "Grafana folder, through the sidecar's grafana_folder annotation",
        ),
    })
    .strict(),
  z
    .object({
      type: z
        .literal('grafana-operator')
        .describe(
          'A GrafanaDashboard custom resource of grafana-operator (grafana.integreatly.org/v1beta1)',
        ),
      namespace: namespaceName
        .optional()
        .describe('Default the workload namespace'),
      instanceSelector: labelsSchema.describe(
        "Which Grafana instances load it, e.g. { dashboards: 'grafana' }",
      ),
      folder: z.string().max(255).optional(),
      allowCrossNamespaceImport: z
        .boolean()
        .optional()
        .describe(
          'Needed when the Grafana instance lives in another namespace',
        ),
    })
    .strict(),
  z.object({ type: z.literal('none') }).strict(),
]);

/**
 * The generator options (`MonitoringOptions`): the cluster's Prometheus
 * Operator labels, scrape settings, rule and dashboard options. The one
 * definition of them: the TypeScript type is inferred from it, the
 * backend's preview and apply routes and the scaffolder actions validate
 * their `options` with it (through {@link parseMonitoringOptions}). Strict:
 * an unknown field is refused, not ignored, and so are the fields that
 * would set the entity's identity.
 *
 * @public
 */
export const monitoringOptionsSchema = z
  .object({
    prometheusOperator: z
      .object({
        ruleLabels: labelsSchema
          .optional()
          .describe(
            "Labels the Prometheus' ruleSelector selects, e.g. { release: 'kube-prometheus-stack' }",
          ),
        monitorLabels: labelsSchema
          .optional()
          .describe(
            "Labels its serviceMonitorSelector/podMonitorSelector select, e.g. { prometheus: 'main' }",
          ),
      })
      .strict()
      .optional()
      .describe(
        "The cluster's Prometheus Operator settings (observability.clusters[].prometheusOperator)",
      ),
    monitor: z
      .object({
        kind: z
          .enum(['ServiceMonitor', 'PodMonitor'])
          .optional()
          .describe('Default ServiceMonitor'),
        port: z
          .string({
            errorMap: (issue, ctx) => ({
              message:
                issue.code === 'invalid_type'
                  ? `${ctx.defaultError}: the NAME of the port that serves metrics, e.g. "metrics" or "http", never its number`
                  : ctx.defaultError,
            }),
          })
          .max(63)
          .optional()
          .describe(
            'NAME of the Service (or container) port that serves metrics, e.g. metrics or http. Never a number.',
          ),
        path: z.string().max(1024).optional().describe('Default /metrics'),
        interval: duration.optional().describe('Default 30s'),
        scheme: z.enum(['http', 'https']).optional().describe('Default http'),
        namespace: namespaceName
          .optional()
          .describe(
            "Namespace the monitor object lives in; default the workload namespace. namespaceSelector always names the workload's.",
          ),
        selectorLabel: setFromTheEntity(
          "the monitor selects the workload by the entity's backstage.io/kubernetes-label-selector annotation, else by backstage.io/kubernetes-id=<kubernetes id>; set the annotation on the entity instead",
        ),
      })
      .strict()
      .optional(),
    rules: z
      .object({
        namespace: namespaceName
          .optional()
          .describe(
            'Namespace of the PrometheusRule; default the workload namespace',
          ),
        runbookBaseUrl: z
          .string()
          .max(2048)
          .optional()
          .describe('Runbooks live at <runbookBaseUrl>/<AlertName>'),
        errorRatioThreshold: z
          .number()
          .optional()
          .describe(
            'Error ratio above which the plain availability alert fires; default 0.05',
          ),
        latencyThresholdSeconds: z
          .number()
          .optional()
          .describe(
            "p99 latency in seconds above which the latency alert fires; default the latency SLO's threshold, else 1",
          ),
        slothService: setFromTheEntity(
          "sloth_service is always the entity's name, so that no entity can write SLO rules that another service's SLO page reads",
        ),
        interval: duration
          .optional()
          .describe(
            "Rule group interval; default Prometheus' global evaluation interval",
          ),
      })
      .strict()
      .optional(),
    dashboard: z
      .object({
        delivery: dashboardDeliverySchema
          .optional()
          .describe('Where and how the dashboard reaches Grafana'),
        datasources: z
          .object({
            prometheus: z.string().max(253).optional(),
            loki: z.string().max(253).optional(),
            tempo: z.string().max(253).optional(),
          })
          .strict()
          .optional()
          .describe(
            "Default datasource uids or names preselected in the dashboard's variables",
          ),
      })
      .strict()
      .optional(),
    directory: z
      .string()
      .max(255)
      .optional()
      .describe('Directory of the generated files; default monitoring'),
  })
  .strict();

/**
 * How to generate: the cluster's Prometheus Operator selectors, scrape
 * settings, rule and dashboard options (see {@link monitoringOptionsSchema}).
 *
 * @public
 */
export type MonitoringOptions = z.infer<typeof monitoringOptionsSchema>;

/**
 * Where and how a dashboard reaches Grafana: a sidecar ConfigMap, a
 * grafana-operator `GrafanaDashboard`, or not at all.
 *
 * @public
 */
export type DashboardDelivery = z.infer<typeof dashboardDeliverySchema>;

/**
 * Validates generator options given by a caller (a request body, a
 * template's input). Throws a {@link MonitoringInputError} (a 400 through
 * Backstage's error handler) naming every wrong field under `field`, e.g.
 * `'options.monitor.path' expected string, received number`.
 *
 * @public
 */
export function parseMonitoringOptions(
  raw: unknown,
  field = 'options',
): MonitoringOptions {
  const parsed = monitoringOptionsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const name = (path: (string | number)[]) => [field, ...path].join('.');
  throw new MonitoringInputError(
    parsed.error.issues.flatMap(issue =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map(
            key => `'${name([...issue.path, key])}' is not a monitoring option`,
          )
        : [
            `'${name(
              issue.path,
            )}' ${issue.message[0].toLowerCase()}${issue.message.slice(1)}`,
          ],
    ),
  );
}
