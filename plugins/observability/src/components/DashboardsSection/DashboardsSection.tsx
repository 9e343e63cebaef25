import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { Box, Chip, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  DashboardsResponse,
  ExploreLink,
  GrafanaDashboard,
  OBSERVABILITY_ANNOTATIONS,
} from '@sightline/plugin-observability-common';
import { PanelEmpty, PanelError, PanelLoading } from '../shared';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { withRowIds } from '../shared/withRowIds';

const SIGNAL_TITLES: Record<ExploreLink['signal'], string> = {
  metrics: 'Metrics',
  logs: 'Logs',
  traces: 'Traces',
};

const dashboardColumns: TableColumn<GrafanaDashboard>[] = [
  {
    title: 'Dashboard',
    field: 'title',
    highlight: true,
    render: d => <Link to={d.url}>{d.title}</Link>,
  },
  { title: 'Folder', field: 'folderTitle', render: d => d.folderTitle ?? '—' },
  {
    title: 'Tags',
    field: 'tags',
    render: d => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {d.tags.map(tag => (
          <Chip key={tag} label={tag} size="small" />
        ))}
      </Box>
    ),
  },
  {
    title: 'Listed because',
    field: 'matchedBy',
    render: d => d.matchedBy.join(', '),
  },
];

function DashboardList({ value }: { value: DashboardsResponse }) {
  return (
    <InfoCard
      title="Grafana dashboards"
      subheader={`From ${value.grafanaUrl}, chosen by ${OBSERVABILITY_ANNOTATIONS.grafanaDashboards}`}
      noPadding
    >
      {value.missing.length > 0 && (
        <Alert severity="warning">
          Grafana has no dashboard with uid {value.missing.join(', ')}, which{' '}
          {OBSERVABILITY_ANNOTATIONS.grafanaDashboards} names. Correct the uid
          or remove it from the annotation.
        </Alert>
      )}
      {value.dashboards.length === 0 ? (
        <PanelEmpty
          title="No dashboards found"
          description={`Grafana has no dashboard tagged or named as ${OBSERVABILITY_ANNOTATIONS.grafanaDashboards} asks (by default the tag is the entity's name). Tag a dashboard, set the annotation, or generate one in Setup.`}
          action={<OpenSetupButton />}
        />
      ) : (
        <Table
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={dashboardColumns}
          data={withRowIds(value.dashboards, d => d.uid)}
        />
      )}
    </InfoCard>
  );
}

function ExploreLinks({ value }: { value: DashboardsResponse }) {
  return (
    <InfoCard
      title="Explore in Grafana"
      subheader="Grafana Explore, prefilled with this service's queries and the selected time range"
    >
      {value.problems.map(problem => (
        <Alert key={problem} severity="warning">
          {problem}
        </Alert>
      ))}
      {value.explore.length === 0 && value.problems.length === 0 && (
        <Typography variant="body2">
          No Explore links: the cluster's Grafana has no data sources
          configured.
        </Typography>
      )}
      <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {value.explore.map(link => (
          <Box component="li" key={link.url} mb={2}>
            <Typography variant="subtitle2">
              <Link to={link.url}>
                {SIGNAL_TITLES[link.signal]}: {link.title}
              </Link>
            </Typography>
            <Typography
              variant="body2"
              color="textSecondary"
              component="code"
              style={{ wordBreak: 'break-all' }}
            >
              {link.query}
            </Typography>
            {link.warning && (
              <Typography variant="body2" color="error">
                {link.warning}
              </Typography>
            )}
          </Box>
        ))}
      </Box>
    </InfoCard>
  );
}

/** The entity's Grafana dashboards and Explore deep links. */
export function DashboardsSection() {
  const dashboards = useEntityPanelData((api, entityRef, range) =>
    api.getDashboards(entityRef, range),
  );
  if (dashboards.loading) return <PanelLoading label="Loading dashboards" />;
  if (dashboards.error) {
    return (
      <PanelError
        error={dashboards.error}
        onRetry={dashboards.retry}
        diagnose="config"
      />
    );
  }
  const value = dashboards.value!;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={7}>
        <DashboardList value={value} />
      </Grid>
      <Grid item xs={12} lg={5}>
        <ExploreLinks value={value} />
      </Grid>
    </Grid>
  );
}
