import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { MetricDialect } from './dialects';

/**
 * Lets backend modules teach the observability plugin further metric dialects.
 *
 * @public
 */
export interface ObservabilityDialectsExtensionPoint {
  /** Adds a dialect; its id must not clash with a built-in or another module's. */
  addDialect(dialect: MetricDialect): void;
}

/** @public */
export const observabilityDialectsExtensionPoint =
  createExtensionPoint<ObservabilityDialectsExtensionPoint>({
    id: 'observability.dialects',
  });
