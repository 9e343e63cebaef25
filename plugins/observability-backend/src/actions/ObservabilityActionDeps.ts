import { ObservabilityConfig } from '../config/ObservabilityConfig';
import { EntityCatalog } from '../entities/EntityCatalog';
import { TargetService } from '../entities/TargetService';
import { RedService } from '../metrics/RedService';
import { AlertsService } from '../alerts/AlertsService';
import { DiagnosisService } from '../diagnosis/DiagnosisService';
import { TracesService } from '../traces/TracesService';
import { SloRouteDeps } from '../slo/sloRoutes';

/**
 * The services the actions read through: the very instances the HTTP
 * routes use, built once in plugin.ts, so an action answers what the
 * matching route answers.
 */
export interface ObservabilityActionDeps {
  /** Entities read as the caller. */
  entities: EntityCatalog;
  targets: TargetService;
  red: RedService;
  alerts: AlertsService;
  traces: TracesService;
  doctor: DiagnosisService;
  slos: SloRouteDeps;
  limits: ObservabilityConfig['limits'];
}
