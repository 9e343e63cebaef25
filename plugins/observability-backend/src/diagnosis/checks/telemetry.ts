import { renderYaml } from '@sightline/plugin-observability-node';

/** How far back "has data" looks: an idle service still counts. */
export const LOOKBACK = '1h';
export const LOOKBACK_MS = 3_600_000;

/** Closest matches shown when something does not exist. */
export const SUGGESTIONS = 5;

/** The entity YAML that sets one annotation, as a fix shows it. */
export function annotationFix(annotation: string, value: string) {
  return renderYaml([{ metadata: { annotations: { [annotation]: value } } }]);
}
