import { ReactNode } from 'react';
import { AlertsSection } from '../AlertsSection';
import { DashboardsSection } from '../DashboardsSection';
import { LogsSection } from '../LogsSection';
import { OverviewSection } from '../OverviewSection';
import { SectionBadge, ServiceAttention } from '../ServiceStatusStrip';
import { SetupSection } from '../SetupSection';
import { SlosSection } from '../SlosSection';
import { TracesSection } from '../TracesSection';

/** A section of the Observability tab, addressable as `?section=<id>`. */
export type ObservabilitySection = {
  id: string;
  title: string;
  render(): ReactNode;
  /** The count on the section's tab, when something there wants attention. */
  badge?(attention: ServiceAttention): SectionBadge | undefined;
};

/** The tab's sections, in the order they appear. */
export const OBSERVABILITY_SECTIONS: ObservabilitySection[] = [
  { id: 'overview', title: 'Overview', render: () => <OverviewSection /> },
  { id: 'logs', title: 'Logs', render: () => <LogsSection /> },
  { id: 'traces', title: 'Traces', render: () => <TracesSection /> },
  {
    id: 'alerts',
    title: 'Alerts',
    render: () => <AlertsSection />,
    badge: attention => attention.alertsBadge,
  },
  {
    id: 'slos',
    title: 'SLOs',
    render: () => <SlosSection />,
    badge: attention => attention.slosBadge,
  },
  {
    id: 'dashboards',
    title: 'Dashboards',
    render: () => <DashboardsSection />,
  },
  { id: 'setup', title: 'Setup', render: () => <SetupSection /> },
];
