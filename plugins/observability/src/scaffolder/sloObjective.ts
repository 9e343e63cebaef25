import {
  OBSERVABILITY_ANNOTATIONS,
  sloDefinitionsFromAnnotations,
} from '@sightline/plugin-observability-common';

/** The SLO annotations a template form can ask for. */
export type SloObjectiveAnnotation =
  | typeof OBSERVABILITY_ANNOTATIONS.sloAvailability
  | typeof OBSERVABILITY_ANNOTATIONS.sloLatency;

/**
 * What is wrong with an objective typed into a template form, with an
 * example, or undefined when it is fine or empty (emptiness is the form's
 * `required` to judge). Read by the same parser as the SLO pages and the
 * monitoring generators, so the form refuses exactly what the task would.
 */
export function sloObjectiveProblem(
  annotation: SloObjectiveAnnotation,
  value: string | undefined,
): string | undefined {
  if (!value?.trim()) return undefined;
  const [problem] = sloDefinitionsFromAnnotations({
    [annotation]: value,
  }).problems;
  return problem && `${problem.message}, e.g. ${problem.example}`;
}
