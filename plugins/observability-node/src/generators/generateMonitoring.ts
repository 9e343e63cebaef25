import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { buildCatalogAnnotations } from './catalogAnnotations';
import {
  buildDashboard,
  buildDashboardObject,
  checkDelivery,
} from './dashboard';
import { Problems } from './errors';
import { GENERATOR_LABEL_VALUE } from './metadata';
import {
  buildMonitor,
  MonitorSettings,
  resolveMonitorSettings,
  scrapeJob,
} from './monitors';
import { buildOpenSlo, OpenSloDocument } from './openslo';
import { buildPrometheusRule } from './rules/prometheusRule';
import { resolveRuleSettings, RuleSettings } from './rules/ruleSettings';
import { checkSlos } from './slo';
import { GeneratorTarget, resolveTarget } from './target';
import { DashboardDelivery, MonitoringOptions } from './options';
import {
  GeneratedFile,
  MonitoringInput,
  MonitoringObject,
  MonitoringResult,
} from './types';
import { validateDashboardObject, validateOperatorObject } from './validation';
import { renderYaml } from './yaml';

interface Prepared {
  target: GeneratorTarget;
  monitor: MonitorSettings;
  rules: RuleSettings;
  delivery: DashboardDelivery;
  directory: string;
  warnings: string[];
}

/**
 * Resolves and checks everything before anything is generated, so bad
 * input is refused with every problem at once.
 */
function prepare(
  input: MonitoringInput,
  options: MonitoringOptions,
  needs: { monitor: boolean },
): Prepared {
  const problems = new Problems();
  const warnings: string[] = [];
  const monitorOptions: MonitoringOptions = needs.monitor
    ? options
    : {
        ...options,
        monitor: {
          ...options.monitor,
          port: options.monitor?.port ?? 'metrics',
        },
      };
  const monitor = resolveMonitorSettings(monitorOptions, problems, warnings);
  const target = resolveTarget(input, problems, warnings);
  if (!target) {
    problems.throwIfAny();
    throw new Error('unreachable: target unresolved without problems');
  }
  checkSlos(target, problems, warnings);
  const rules = resolveRuleSettings(options, target, problems, warnings);
  const delivery: DashboardDelivery = options.dashboard?.delivery ?? {
    type: 'configmap',
  };
  checkDelivery(delivery, problems);
  const directory = (options.directory ?? 'monitoring').replace(/\/+$/, '');
  if (
    !directory ||
    directory.startsWith('/') ||
    directory.split('/').some(part => part === '..' || part === '')
  ) {
    problems.add(
      `directory "${options.directory}" must be a relative path inside the workspace, e.g. monitoring`,
    );
  }
  problems.throwIfAny();
  return {
    target,
    monitor,
    rules,
    delivery,
    directory,
    warnings: [...new Set(warnings)],
  };
}

/**
 * Generates the ServiceMonitor or PodMonitor for an entity, validated
 * against the Prometheus Operator CRD schema.
 *
 * @public
 */
export function generateMonitor(
  input: MonitoringInput,
  options: MonitoringOptions,
): IServiceMonitor | IPodMonitor {
  const prepared = prepare(input, options, { monitor: true });
  const monitor = buildMonitor(prepared.target, prepared.monitor);
  validateOperatorObject(monitor);
  return monitor;
}

/**
 * Generates the PrometheusRule for an entity (RED recording rules,
 * Sloth-compatible SLO rules and burn-rate alerts, plain alerts), validated
 * against the Prometheus Operator CRD schema.
 *
 * @public
 */
export function generatePrometheusRule(
  input: MonitoringInput,
  options: MonitoringOptions = {},
): IPrometheusRule {
  const prepared = prepare(input, options, { monitor: false });
  const { upMatchers } = scrapeJob(prepared.target);
  const rule = buildPrometheusRule(prepared.target, prepared.rules, upMatchers);
  validateOperatorObject(rule);
  return rule;
}

/**
 * Generates the entity's Grafana dashboard model.
 *
 * @public
 */
export function generateDashboard(
  input: MonitoringInput,
  options: MonitoringOptions = {},
): Dashboard {
  const prepared = prepare(input, options, { monitor: false });
  return buildDashboard(prepared.target, options, prepared.rules.slothService);
}

/**
 * Exports the entity's SLOs as OpenSLO v1 documents.
 *
 * @public
 */
export function generateOpenSlo(
  input: MonitoringInput,
  options: MonitoringOptions = {},
): OpenSloDocument[] {
  const prepared = prepare(input, options, { monitor: false });
  return buildOpenSlo(prepared.target, prepared.rules.slothService);
}

/**
 * Generates all of an entity's monitoring: the objects, the files a GitOps
 * pull request adds, and the catalog annotations to set. Pure and
 * deterministic: the same input gives the same bytes. Throws
 * {@link MonitoringInputError} (listing every problem) before producing
 * anything when the input is not usable.
 *
 * File layout, under `options.directory` (default `monitoring`):
 * `<name>-servicemonitor.yaml` (or `-podmonitor.yaml`),
 * `<name>-prometheusrule.yaml`, `<name>-dashboard.yaml` (ConfigMap or
 * GrafanaDashboard), `<name>-openslo.yaml` (when there are SLOs; not a
 * Kubernetes object) and `kustomization.yaml` listing the Kubernetes files.
 *
 * @public
 */
export function generateMonitoring(
  input: MonitoringInput,
  options: MonitoringOptions,
): MonitoringResult {
  const { target, monitor, rules, delivery, directory, warnings } = prepare(
    input,
    options,
    { monitor: true },
  );

  const monitorObject = buildMonitor(target, monitor);
  const { upMatchers } = scrapeJob(target);
  const ruleObject = buildPrometheusRule(target, rules, upMatchers);
  validateOperatorObject(monitorObject);
  validateOperatorObject(ruleObject);
  const dashboard = buildDashboard(target, options, rules.slothService);
  const dashboardObject = buildDashboardObject(target, dashboard, delivery);
  if (dashboardObject) validateDashboardObject(dashboardObject);
  const openSlo = buildOpenSlo(target, rules.slothService);

  const header = `Generated by Sightline (${GENERATOR_LABEL_VALUE}) for ${target.entityRef}.\nRegenerate it rather than editing by hand.`;
  const base = target.baseName;
  const objects: MonitoringObject[] = [monitorObject, ruleObject];
  const k8sFiles: GeneratedFile[] = [
    {
      path: `${directory}/${base}-${monitor.kind.toLowerCase()}.yaml`,
      content: renderYaml([monitorObject], header),
    },
    {
      path: `${directory}/${base}-prometheusrule.yaml`,
      content: renderYaml([ruleObject], header),
    },
  ];
  if (dashboardObject) {
    objects.push(dashboardObject);
    k8sFiles.push({
      path: `${directory}/${base}-dashboard.yaml`,
      content: renderYaml([dashboardObject], header),
    });
  }
  const files = [...k8sFiles];
  let openSloPath: string | undefined;
  if (openSlo.length) {
    openSloPath = `${directory}/${base}-openslo.yaml`;
    files.push({
      path: openSloPath,
      content: renderYaml(
        openSlo,
        `${header}\nOpenSLO v1, not a Kubernetes object: kustomization.yaml leaves it out.`,
      ),
    });
  }
  files.push({
    path: `${directory}/kustomization.yaml`,
    content: renderYaml(
      [
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: k8sFiles.map(f => f.path.slice(directory.length + 1)),
        },
      ],
      header,
    ),
  });

  const annotations = buildCatalogAnnotations(
    target,
    input,
    { dashboardUid: dashboard.uid, openSloPath },
    warnings,
  );
  return { objects, files, annotations, warnings };
}
