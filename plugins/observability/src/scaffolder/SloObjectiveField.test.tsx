import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { OBSERVABILITY_ANNOTATIONS } from '@sightline/plugin-observability-common';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { useState } from 'react';
import { SLO_FIELD_NAMES } from './fields';
import { sloObjectiveField, sloObjectiveValidation } from './SloObjectiveField';

const { sloAvailability, sloLatency } = OBSERVABILITY_ANNOTATIONS;

/** The field as the scaffolder's form holds it: its value in form state. */
function Harness(props: {
  annotation: typeof sloAvailability | typeof sloLatency;
  title: string;
  initial?: string;
}) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  // Made once, as fields.ts does: a new component each render would remount.
  const [Field] = useState(() => sloObjectiveField(props.annotation));
  const fieldProps = {
    formData: value,
    onChange: setValue,
    schema: { title: props.title, type: 'string' },
    idSchema: { $id: 'root_field' },
    uiSchema: {},
    rawErrors: [],
    required: false,
  } as unknown as FieldExtensionComponentProps<string | undefined>;
  return <Field {...fieldProps} />;
}

describe('SLO objective form fields', () => {
  it('says what is wrong with a latency objective as it is typed, with an example', async () => {
    render(<Harness annotation={sloLatency} title="Latency SLO" />);
    expect(screen.getByText(/e\.g\. 99% < 300ms or p95 < 1\.5s/)).toBeVisible();

    await userEvent.type(screen.getByLabelText('Latency SLO'), 'fast please');
    expect(
      screen.getByText(
        '"fast please" is not a latency objective; write "<percent>% < <threshold>" or "p<percentile> < <threshold>", e.g. 99% < 300ms or p95 < 1.5s',
      ),
    ).toBeVisible();
    expect(screen.getByLabelText('Latency SLO')).toHaveAttribute(
      'aria-invalid',
      'true',
    );

    await userEvent.clear(screen.getByLabelText('Latency SLO'));
    await userEvent.type(screen.getByLabelText('Latency SLO'), 'p95 < 300ms');
    expect(screen.getByLabelText('Latency SLO')).toHaveAttribute(
      'aria-invalid',
      'false',
    );
  });

  it('explains a bad availability in words, never with a pattern', async () => {
    render(
      <Harness
        annotation={sloAvailability}
        title="Availability SLO (%)"
        initial="99.9"
      />,
    );
    const input = screen.getByLabelText('Availability SLO (%)');
    expect(input).toHaveAttribute('aria-invalid', 'false');

    await userEvent.clear(input);
    await userEvent.type(input, '100');
    expect(
      screen.getByText(
        'The objective must be below 100%: an objective of 100% leaves no error budget, e.g. 99.9',
      ),
    ).toBeVisible();

    await userEvent.clear(input);
    await userEvent.type(input, 'high');
    expect(
      screen.getByText(
        '"high" is not a percentage; write a number between 0 and 100, optionally followed by %, e.g. 99.9',
      ),
    ).toBeVisible();
    expect(screen.queryByText(/\^|\\d/)).toBeNull();
  });

  it('refuses the step with the same message, and lets an empty optional field through', () => {
    const addError = jest.fn();
    const validate = sloObjectiveValidation(sloLatency);
    const context = {
      apiHolder: { get: () => undefined },
      formData: {},
      schema: {},
    };
    validate('fast please', { addError } as any, context);
    expect(addError).toHaveBeenCalledWith(
      expect.stringMatching(
        /^"fast please" is not a latency objective.*e\.g\. 99% < 300ms/,
      ),
    );
    addError.mockClear();
    validate(undefined, { addError } as any, context);
    validate('99.5% <= 250 ms', { addError } as any, context);
    expect(addError).not.toHaveBeenCalled();
  });

  it.each(['add-monitoring.yaml', 'new-service-with-monitoring.yaml'])(
    'the example template %s asks for its objectives with these fields',
    async file => {
      const template = await fs.readFile(
        path.resolve(__dirname, '../../../../examples/templates', file),
        'utf8',
      );
      for (const [parameter, field] of Object.entries(SLO_FIELD_NAMES)) {
        const block = new RegExp(
          `\\n {8}${parameter}:\\n((?: {10}.*\\n)+)`,
        ).exec(template)?.[1];
        expect(block).toContain(`ui:field: ${field}`);
        expect(block).not.toContain('pattern:');
      }
    },
  );
});
