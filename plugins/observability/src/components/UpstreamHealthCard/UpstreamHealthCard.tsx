import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import {
  ClusterHealth,
  PromEngineInfo,
  PromEngineKind,
  UpstreamHealth,
  UpstreamKind,
} from '@sightline/plugin-observability-common';
import { withRowIds } from '../shared/withRowIds';

const UPSTREAM_TITLES: Record<UpstreamKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  tempo: 'Tempo',
  jaeger: 'Jaeger',
  grafana: 'Grafana',
  kubernetes: 'Kubernetes API',
};

const ENGINE_TITLES: Record<PromEngineKind, string> = {
  prometheus: 'Prometheus',
  thanos: 'Thanos Query',
  mimir: 'Grafana Mimir',
  victoriametrics: 'VictoriaMetrics',
  unknown: 'an engine that does not name itself',
};

const CAPABILITY_TITLES: Record<keyof PromEngineInfo['capabilities'], string> =
  {
    rules: 'Rules API (alert rules, SLO recording rules)',
    exemplars: 'Exemplars (trace links on charts)',
    targets: 'Targets API (the doctor’s scrape target check)',
  };

/** Which PromQL engine answers, and what of Sightline works on it and why not. */
function PromEngineDetails(props: { engine: PromEngineInfo }) {
  const { engine } = props;
  return (
    <Box padding={2} data-testid="prometheus-engine">
      <Typography variant="subtitle2">
        Metrics engine: {ENGINE_TITLES[engine.kind]}
        {engine.version ? ` ${engine.version}` : ''}
      </Typography>
      {Object.entries(engine.capabilities).map(([key, capability]) => {
        const title =
          CAPABILITY_TITLES[key as keyof PromEngineInfo['capabilities']];
        return (
          <Typography variant="body2" key={key} component="div">
            {capability.available ? (
              <StatusOK>{title}: available</StatusOK>
            ) : (
              <StatusWarning>
                {title}: not available. {capability.reason}
              </StatusWarning>
            )}
          </Typography>
        );
      })}
    </Box>
  );
}

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
  const engine = health.upstreams.find(u => u.kind === 'prometheus')?.engine;
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
        <>
          <Table
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
            columns={columns}
            data={withRowIds(health.upstreams, u => `${u.kind} ${u.url}`)}
          />
          {engine && <PromEngineDetails engine={engine} />}
        </>
      )}
    </InfoCard>
  );
}
