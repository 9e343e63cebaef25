import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { OBSERVABILITY_ANNOTATIONS } from '@sightline/plugin-observability-common';
import { sloObjectiveField, sloObjectiveValidation } from './SloObjectiveField';

const { sloAvailability, sloLatency } = OBSERVABILITY_ANNOTATIONS;

/** The `ui:field` names templates ask for the SLO objectives with. */
export const SLO_FIELD_NAMES = {
  availability: 'ObservabilityAvailabilitySlo',
  latency: 'ObservabilityLatencySlo',
} as const;

/** An availability objective, e.g. 99.9, for `sightline.dev/slo-availability`. */
export const availabilitySloField = createFormField({
  name: SLO_FIELD_NAMES.availability,
  component: sloObjectiveField(sloAvailability),
  validation: sloObjectiveValidation(sloAvailability),
});

/** A latency objective, e.g. 99% < 300ms, for `sightline.dev/slo-latency`. */
export const latencySloField = createFormField({
  name: SLO_FIELD_NAMES.latency,
  component: sloObjectiveField(sloLatency),
  validation: sloObjectiveValidation(sloLatency),
});
