import { Problems } from './errors';
import {
  entityRefLabelValue,
  isLabelKey,
  isLabelValue,
  sortedMap,
} from './naming';
import { GeneratorTarget } from './target';
import { GENERATOR_VERSION, KubernetesMetadata } from './types';

const SIGHTLINE_LABEL_PREFIX = 'sightline.dev/';

/** Label naming the entity an object was generated for (encoded, see {@link entityRefLabelValue}). @public */
export const ENTITY_LABEL = 'sightline.dev/entity';
/** Label naming the generator and its version. @public */
export const GENERATOR_LABEL = 'sightline.dev/generator';
/** Annotation holding the exact entity ref. @public */
export const ENTITY_REF_ANNOTATION = 'sightline.dev/entity-ref';

/** `observability-<version>`, the value of {@link GENERATOR_LABEL}. @public */
export const GENERATOR_LABEL_VALUE = `observability-${GENERATOR_VERSION}`;

/** Checks labels the caller supplies (cluster selectors, delivery labels). */
export function checkLabels(
  labels: Record<string, string> | undefined,
  what: string,
  problems: Problems,
): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isLabelKey(key)) {
      problems.add(`${what}: "${key}" is not a Kubernetes label key`);
    }
    if (typeof value !== 'string' || !isLabelValue(value)) {
      problems.add(
        `${what}: "${String(
          value,
        )}" (for ${key}) is not a Kubernetes label value; quote numbers, e.g. "1"`,
      );
    }
  }
}

/**
 * Checks labels the caller supplies for the generated objects themselves
 * (the cluster's Prometheus selectors, the dashboard ConfigMap's labels).
 * Keys under `sightline.dev/` are refused: they are how Sightline tells
 * which entity an object was generated for, so they come from the entity,
 * never from options or config, or one entity could label its objects as
 * another's.
 */
export function checkObjectLabels(
  labels: Record<string, string> | undefined,
  what: string,
  problems: Problems,
): void {
  checkLabels(labels, what, problems);
  for (const key of Object.keys(labels ?? {})) {
    if (key.startsWith(SIGHTLINE_LABEL_PREFIX)) {
      problems.add(
        `${what}: "${key}" cannot be set: labels under ${SIGHTLINE_LABEL_PREFIX} are set by the generator from the entity (${ENTITY_LABEL} names the entity an object belongs to)`,
      );
    }
  }
}

/**
 * Metadata for a generated object: the entity and generator labels, then
 * the labels the cluster's selectors need (checked by
 * {@link checkObjectLabels}, so they cannot replace the entity's).
 */
export function objectMetadata(
  target: GeneratorTarget,
  name: string,
  namespace: string,
  extraLabels: Record<string, string> = {},
  extraAnnotations: Record<string, string> = {},
): KubernetesMetadata {
  const labels: Record<string, string> = {
    'app.kubernetes.io/managed-by': 'sightline',
    [ENTITY_LABEL]: entityRefLabelValue(target.entityRef),
    [GENERATOR_LABEL]: GENERATOR_LABEL_VALUE,
  };
  if (target.system && isLabelValue(target.system)) {
    labels['app.kubernetes.io/part-of'] = target.system;
  }
  return {
    name,
    namespace,
    labels: sortedMap({ ...labels, ...extraLabels }),
    annotations: sortedMap({
      [ENTITY_REF_ANNOTATION]: target.entityRef,
      ...extraAnnotations,
    }),
  };
}
