import { DoctorCheck } from '../DoctorCheck';
import { configCheck } from './configCheck';
import { kubernetesServiceCheck } from './kubernetesServiceCheck';
import { logsCheck } from './logsCheck';
import { monitorCheck } from './monitorCheck';
import { prometheusSelectsMonitorCheck } from './prometheusSelectsMonitorCheck';
import { rulesCheck } from './rulesCheck';
import { scrapeTargetCheck } from './scrapeTargetCheck';
import { seriesCheck } from './seriesCheck';
import { serviceGraphCheck } from './serviceGraphCheck';
import { sloObjectivesCheck } from './sloObjectivesCheck';
import { tracesCheck } from './tracesCheck';

/**
 * The doctor's checks, in the order of DIAGNOSIS_CHECK_IDS: from the
 * entity's configuration along the path its telemetry takes (Kubernetes
 * objects, scraping, series) to logs, traces, rules, SLOs and the service
 * graph.
 */
export const DOCTOR_CHECKS: readonly DoctorCheck<any, any>[] = [
  configCheck,
  kubernetesServiceCheck,
  monitorCheck,
  prometheusSelectsMonitorCheck,
  scrapeTargetCheck,
  seriesCheck,
  logsCheck,
  tracesCheck,
  rulesCheck,
  sloObjectivesCheck,
  serviceGraphCheck,
];
