import { ReactNode } from 'react';
import { AlertsSection } from '../AlertsSection';
import { DashboardsSection } from '../DashboardsSection';
import { LogsSection } from '../LogsSection';
import { OverviewSection } from '../OverviewSection';
import { SetupSection } from '../SetupSection';
import { SlosSection } from '../SlosSection';
import { TracesSection } from '../TracesSection';

/** A section of the Observability tab, addressable as `?section=<id>`. */
export type ObservabilitySection = {
  id: string;
  title: string;
  render(): ReactNode;
};

/** The tab's sections, in the order they appear. */
export const OBSERVABILITY_SECTIONS: ObservabilitySection[] = [
  { id: 'overview', title: 'Overview', render: () => <OverviewSection /> },
  { id: 'logs', title: 'Logs', render: () => <LogsSection /> },
  { id: 'traces', title: 'Traces', render: () => <TracesSection /> },
  { id: 'alerts', title: 'Alerts', render: () => <AlertsSection /> },
  { id: 'slos', title: 'SLOs', render: () => <SlosSection /> },
  {
    id: 'dashboards',
    title: 'Dashboards',
    render: () => <DashboardsSection />,
  },
  { id: 'setup', title: 'Setup', render: () => <SetupSection /> },
];
