import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { OBSERVABILITY_ANNOTATIONS } from '@sightline/plugin-observability-common';
import { ChangeEvent } from 'react';
import { SloObjectiveAnnotation, sloObjectiveProblem } from './sloObjective';

/** The examples a field shows until something is typed. */
const EXAMPLES: Record<SloObjectiveAnnotation, string> = {
  [OBSERVABILITY_ANNOTATIONS.sloAvailability]:
    'e.g. 99.9 (percent of requests that succeed)',
  [OBSERVABILITY_ANNOTATIONS.sloLatency]:
    'e.g. 99% < 300ms or p95 < 1.5s (share of requests faster than a threshold)',
};

/**
 * A text field for one SLO objective that says what is wrong as it is
 * typed, so that nobody learns it from a failed task.
 */
export function sloObjectiveField(annotation: SloObjectiveAnnotation) {
  return function SloObjectiveField(
    props: FieldExtensionComponentProps<string | undefined>,
  ) {
    const {
      formData,
      onChange,
      required,
      disabled,
      readonly,
      rawErrors,
      schema,
      idSchema,
    } = props;
    const problem = sloObjectiveProblem(annotation, formData);
    // Problems found when stepping on (the validator's, `required`'s) are
    // shown until the value changes; the live one replaces them.
    const shown = problem ?? (formData ? undefined : rawErrors?.[0]);
    const description = schema.description ? `${schema.description}; ` : '';
    return (
      <TextField
        id={idSchema?.$id}
        label={schema.title}
        value={formData ?? ''}
        onChange={(event: ChangeEvent<HTMLInputElement>) =>
          onChange(event.target.value === '' ? undefined : event.target.value)
        }
        required={required}
        disabled={disabled || readonly}
        error={Boolean(shown)}
        helperText={shown ?? `${description}${EXAMPLES[annotation]}`}
        margin="normal"
        fullWidth
      />
    );
  };
}

/** Refuses a malformed objective before the template runs. */
export function sloObjectiveValidation(
  annotation: SloObjectiveAnnotation,
): CustomFieldValidator<string | undefined> {
  return (value, validation) => {
    const problem = sloObjectiveProblem(annotation, value);
    if (problem) validation.addError(problem);
  };
}
