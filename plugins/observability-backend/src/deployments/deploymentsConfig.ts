import { RootConfigService } from '@backstage/backend-plugin-api';
import { isValidLabelName } from '@sightline/plugin-observability-common';

/** OTel's `service.version` resource attribute on `target_info`. */
const DEFAULT_VERSION_LABEL = 'service_version';

/**
 * `observability.deployments.versionLabel`: the label that names a
 * service's running version. A name Prometheus cannot have fails start-up
 * with the key named, rather than every request.
 */
export function readVersionLabel(config: RootConfigService): string {
  const label =
    config.getOptionalString('observability.deployments.versionLabel') ??
    DEFAULT_VERSION_LABEL;
  if (!isValidLabelName(label)) {
    throw new Error(
      `Invalid config observability.deployments.versionLabel: ${JSON.stringify(
        label,
      )} is not a Prometheus label name (letters, digits and _, not starting with a digit), e.g. service_version`,
    );
  }
  return label;
}
