export {
  observabilitySearchResultListItem,
  observabilitySearchResultType,
  ObservabilitySearchResultListItem,
} from './extensions';
