import {
  InfoCard,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import {
  ClusterHealth,
  UpstreamHealth,
  UpstreamKind,
} from '@sightline/plugin-observability-common';

const UPSTREAM_TITLES: Record<UpstreamKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  tempo: 'Tempo',
  jaeger: 'Jaeger',
  grafana: 'Grafana',
  kubernetes: 'Kubernetes API',
};

const columns: TableColumn<UpstreamHealth>[] = [
  {
    title: 'Upstream',
    field: 'kind',
    render: row => UPSTREAM_TITLES[row.kind],
  },
  {
    title: 'Status',
    field: 'status',
    render: row =>
      row.status === 'up' ? (
        <StatusOK>Reachable</StatusOK>
      ) : (
        <StatusError>Unreachable</StatusError>
      ),
  },
  {
    title: 'Latency',
    field: 'latencyMs',
    type: 'numeric',
    render: row => `${row.latencyMs} ms`,
  },
  { title: 'URL', field: 'url' },
  {
    title: 'Problem',
    field: 'error',
    render: row => row.error ?? '—',
  },
];

/** Which telemetry upstreams of the entity's cluster answer, and how fast. */
export function UpstreamHealthCard(props: { health: ClusterHealth }) {
  const { health } = props;
  const down = health.upstreams.filter(u => u.status === 'down').length;
  return (
    <InfoCard
      title={`Cluster ${health.cluster}`}
      subheader={
        down === 0
          ? 'All telemetry upstreams are reachable.'
          : `${down} of ${health.upstreams.length} upstreams are unreachable; their panels will show errors.`
      }
      noPadding
    >
      {health.upstreams.length === 0 ? (
        <Typography variant="body2" style={{ padding: 16 }}>
          This cluster configures no upstreams. Add at least
          <code> prometheus: {'{ url: ... }'}</code> under
          <code> observability.clusters</code> in app-config.yaml.
        </Typography>
      ) : (
        <Table
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={columns}
          data={health.upstreams}
        />
      )}
    </InfoCard>
  );
}
