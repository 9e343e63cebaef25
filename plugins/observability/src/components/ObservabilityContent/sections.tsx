import { ReactNode } from 'react';
import { AlertsSection } from '../AlertsSection';
import { DashboardsSection } from '../DashboardsSection';
import { DependenciesSection } from '../DependenciesSection';
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
  /**
   * False where the section shows the state as of now, so that choosing a
   * range would change nothing: the picker then offers only the time zone
   * and refresh.
   */
  usesTimeRange: boolean;
  /** Beside the picker: what it changes here, where that is not obvious. */
  timeNote?: string;
};

/** The tab's sections, in the order they appear. */
export const OBSERVABILITY_SECTIONS: ObservabilitySection[] = [
  {
    id: 'overview',
    title: 'Overview',
    render: () => <OverviewSection />,
    usesTimeRange: true,
  },
  {
    id: 'logs',
    title: 'Logs',
    render: () => <LogsSection />,
    usesTimeRange: true,
  },
  {
    id: 'traces',
    title: 'Traces',
    render: () => <TracesSection />,
    usesTimeRange: true,
  },
  {
    id: 'dependencies',
    title: 'Dependencies',
    render: () => <DependenciesSection />,
    usesTimeRange: true,
  },
  {
    id: 'alerts',
    title: 'Alerts',
    render: () => <AlertsSection />,
    badge: attention => attention.alertsBadge,
    usesTimeRange: false,
    timeNote: 'Alerts and silences as of now',
  },
  {
    id: 'slos',
    title: 'SLOs',
    render: () => <SlosSection />,
    badge: attention => attention.slosBadge,
    // SlosSection evaluates at a custom range's end, so links can show the
    // budget as it was; the presets all mean "now".
    usesTimeRange: true,
    timeNote:
      "Each SLO over its own window; a custom range's end sets when they are evaluated",
  },
  {
    id: 'dashboards',
    title: 'Dashboards',
    render: () => <DashboardsSection />,
    usesTimeRange: true,
  },
  {
    id: 'setup',
    title: 'Setup',
    render: () => <SetupSection />,
    usesTimeRange: false,
    timeNote: 'Configuration and upstreams as of now',
  },
];
