import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * From a card on the entity's overview page: the Observability tab's URL,
 * opened at one section, with that section's own parameters.
 */
export function useObservabilityTabLink(): (
  section: string,
  params?: Record<string, string>,
) => string {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  return (section, params = {}) =>
    `${entityLink(entity)}/observability?${new URLSearchParams({
      section,
      ...params,
    })}`;
}
