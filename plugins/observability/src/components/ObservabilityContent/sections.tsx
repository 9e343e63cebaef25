import { ReactNode } from 'react';
import { SetupSection } from '../SetupSection';

/** A section of the Observability tab, addressable as `?section=<id>`. */
export type ObservabilitySection = {
  id: string;
  title: string;
  render(): ReactNode;
};

/** The tab's sections, in the order they appear. */
export const OBSERVABILITY_SECTIONS: ObservabilitySection[] = [
  { id: 'setup', title: 'Setup', render: () => <SetupSection /> },
];
