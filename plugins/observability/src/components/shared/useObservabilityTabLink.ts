import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * From a card on the entity's overview page: the Observability tab's URL,
 * opened at one section.
 */
export function useObservabilityTabLink(): (section: string) => string {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  return section =>
    `${entityLink(entity)}/observability?section=${encodeURIComponent(
      section,
    )}`;
}
