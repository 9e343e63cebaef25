import { Entity } from '@backstage/catalog-model';
import {
  hasObservabilityAnnotations,
  OBSERVABILITY_ANNOTATIONS,
} from '@sightline/plugin-observability-common';

const SLO_ANNOTATIONS = [
  OBSERVABILITY_ANNOTATIONS.sloAvailability,
  OBSERVABILITY_ANNOTATIONS.sloLatency,
  OBSERVABILITY_ANNOTATIONS.sloFile,
];

/**
 * Whether Sightline can find the entity's telemetry: a Component with a
 * Kubernetes id or any `sightline.dev/` annotation. Use it to show the
 * cards (and, in legacy apps, the tab) only where they have something to say.
 *
 * @public
 */
export function isObservabilityAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    hasObservabilityAnnotations(entity)
  );
}

/**
 * Whether the entity declares SLOs (by annotation or in an SLO file).
 *
 * @public
 */
export function hasDeclaredSlos(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    isObservabilityAvailable(entity) &&
    SLO_ANNOTATIONS.some(key => Boolean(annotations[key]))
  );
}
