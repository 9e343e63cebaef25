import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { parseDuration } from '@sightline/plugin-observability-common';
import { InputError } from '@backstage/errors';
import { EntityCatalog } from '../entities/EntityCatalog';

/**
 * The entity an action names, read exactly as the HTTP routes read the
 * entity of their path: through EntityCatalog with the caller's own
 * credentials, so an entity the caller may not read is "not found" here
 * too. `kinds` are the kinds the action accepts (lower case); a ref without
 * a kind is read as the first.
 */
export async function readActionEntity(
  catalog: EntityCatalog,
  entityRef: string,
  credentials: BackstageCredentials,
  kinds: string[] = ['component'],
): Promise<Entity> {
  let parts;
  try {
    parts = parseEntityRef(entityRef, {
      defaultKind: kinds[0],
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `'entityRef' must be an entity reference such as ${
        kinds[0]
      }:default/checkout, not '${entityRef.slice(0, 200)}'`,
    );
  }
  if (!kinds.includes(parts.kind.toLocaleLowerCase('en-US'))) {
    throw new InputError(
      `'entityRef' must name a ${kinds.join(' or ')}, not a ${parts.kind}`,
    );
  }
  return catalog.getEntity(parts, credentials);
}

/**
 * The `period` an action was given (or `fallback`) as the range that ends
 * now, in the routes' from/to form; `examples` name durations in the error.
 */
export function recentPeriod(
  period: string | undefined,
  fallback: string,
  examples: string,
): { from: string; to: string; now: number } {
  const periodMs = parseDuration(period ?? fallback);
  if (periodMs === undefined) {
    throw new InputError(
      `'period' must be a duration such as ${examples}, not '${period}'`,
    );
  }
  const now = Date.now();
  return { from: String(now - periodMs), to: String(now), now };
}
