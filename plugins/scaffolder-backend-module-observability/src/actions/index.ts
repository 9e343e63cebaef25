import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MonitoringClusters } from '@sightline/plugin-observability-node';
import { createAnnotateCatalogAction } from './annotateCatalog';
import { createApplyMonitoringAction } from './applyMonitoring';
import { createGenerateMonitoringAction } from './generateMonitoring';
import { createPublishDirectoryAction } from './publishDirectory';

/** Ids of every action this module registers. */
export const OBSERVABILITY_ACTION_IDS = [
  'observability:monitoring:generate',
  'observability:monitoring:apply',
  'observability:catalog:annotate',
  'observability:workspace:publish',
];

/** Every action of the module. */
export function observabilityActions(deps: {
  catalog: CatalogService;
  clusters: MonitoringClusters;
  permissions: PermissionsService;
  logger: LoggerService;
  publishDirectory?: string;
}) {
  return [
    createGenerateMonitoringAction(deps),
    createApplyMonitoringAction(deps),
    createAnnotateCatalogAction(),
    createPublishDirectoryAction(deps),
  ];
}
