import { createSearchResultListItemExtension } from '@backstage/plugin-search-react';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { SearchResult } from '@backstage/plugin-search-common';
import TimelineIcon from '@material-ui/icons/Timeline';
import { OBSERVABILITY_SEARCH_TYPE } from '@sightline/plugin-observability-common';
import { legacyObservabilityPlugin } from '../../legacy';

const isObservabilityResult = (result: SearchResult) =>
  result.type === OBSERVABILITY_SEARCH_TYPE;

/**
 * Renders `observability` results on the search page (new frontend system).
 *
 * @public
 */
export const observabilitySearchResultListItem =
  SearchResultListItemBlueprint.make({
    params: {
      icon: <TimelineIcon />,
      predicate: isObservabilityResult,
      component: () =>
        import('./ObservabilitySearchResultListItem').then(
          m => m.ObservabilitySearchResultListItem,
        ),
    },
  });

/**
 * Offers `observability` in the search page's result-type filter. Install it
 * in the app with a module for the search plugin:
 * `createFrontendModule({ pluginId: 'search', extensions: [observabilitySearchResultType] })`.
 *
 * @public
 */
export const observabilitySearchResultType =
  SearchFilterResultTypeBlueprint.make({
    name: OBSERVABILITY_SEARCH_TYPE,
    params: {
      value: OBSERVABILITY_SEARCH_TYPE,
      name: 'Observability',
      icon: <TimelineIcon />,
    },
  });

/**
 * The result item for apps on the legacy frontend system: put
 * `<ObservabilitySearchResultListItem />` inside `<SearchResult>`.
 *
 * @public
 */
export const ObservabilitySearchResultListItem =
  legacyObservabilityPlugin.provide(
    createSearchResultListItemExtension({
      name: 'ObservabilitySearchResultListItem',
      predicate: isObservabilityResult,
      component: () =>
        import('./ObservabilitySearchResultListItem').then(
          m => m.ObservabilitySearchResultListItem,
        ),
    }),
  );
