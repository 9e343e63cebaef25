import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerDiagnoseTelemetryAction } from './diagnoseTelemetryAction';
import { registerFailingTraceAction } from './failingTraceAction';
import { ObservabilityActionDeps } from './ObservabilityActionDeps';
import { registerServiceHealthAction } from './serviceHealthAction';
import { registerSlosAtRiskAction } from './slosAtRiskAction';

/**
 * Sightline's read operations in Backstage's actions registry, for AI
 * agents (through `@backstage/plugin-mcp-actions-backend`) and other
 * plugins. Each reads the entity with the caller's credentials, as the
 * HTTP routes do.
 */
export function registerObservabilityActions(
  registry: ActionsRegistryService,
  deps: ObservabilityActionDeps,
) {
  registerServiceHealthAction(registry, deps);
  registerSlosAtRiskAction(registry, deps);
  registerDiagnoseTelemetryAction(registry, deps);
  registerFailingTraceAction(registry, deps);
}
