import { InfoCard, Link } from '@backstage/core-components';
import {
  Box,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  DeploymentSourceId,
  DeploymentSourceStatus,
  Rollout,
  RolloutFigures,
} from '@sightline/plugin-observability-common';
import { useDeployments } from '../shared/deployments';
import { describeController } from '../shared/DeploymentMarkers';
import { formatMs, formatPercent, formatRate } from '../shared/format';
import { PanelEmpty, PanelError, PanelLoading } from '../shared/panelStates';
import { useTimeFormat } from '../shared/timeFormat';

const SOURCE_NAMES: Record<DeploymentSourceId, string> = {
  'kube-state-metrics': 'kube-state-metrics',
  kubernetes: 'Kubernetes API',
  argocd: 'Argo CD',
  flux: 'Flux',
  'version-label': 'version label',
};

const useStyles = makeStyles(theme => ({
  regressed: { color: theme.palette.error.main, fontWeight: 500 },
  nowrap: { whiteSpace: 'nowrap' },
  verdict: { minWidth: 200 },
}));

const FIGURES = [
  { figure: 'requestRate', label: 'rate', format: formatRate },
  { figure: 'errorRatio', label: 'errors', format: formatPercent },
  {
    figure: 'latencyP95',
    label: 'p95',
    format: (s: number | undefined) =>
      formatMs(s === undefined ? undefined : s * 1000),
  },
] as const;

/** Rate, error ratio and p95 before → after, a line each, so none wraps mid-figure. */
function BeforeAfter({
  before,
  after,
}: {
  before?: RolloutFigures;
  after?: RolloutFigures;
}) {
  const classes = useStyles();
  if (!before || !after) return <>–</>;
  return (
    <>
      {FIGURES.map(({ figure, label, format }) => (
        <div key={figure} className={classes.nowrap}>
          {label} {format(before[figure])} → {format(after[figure])}
        </div>
      ))}
    </>
  );
}

/** Which sources were read and what each gave, in one line. */
function SourcesLine({ sources }: { sources: DeploymentSourceStatus[] }) {
  const said = sources.map(s => {
    const name = SOURCE_NAMES[s.source];
    switch (s.status) {
      case 'found':
        return `${name}: found rollouts`;
      case 'none':
        return `${name}: none in this range`;
      case 'not-configured':
        return `${name}: not set up${s.detail ? ` (${s.detail})` : ''}`;
      default:
        return `${name}: failed${s.detail ? ` (${s.detail})` : ''}`;
    }
  });
  return (
    <Typography variant="caption" color="textSecondary" component="p">
      Sources — {said.join('; ')}.
    </Typography>
  );
}

function RolloutRow({ rollout }: { rollout: Rollout }) {
  const classes = useStyles();
  const timeFormat = useTimeFormat();
  return (
    <TableRow>
      <TableCell className={classes.nowrap}>
        {timeFormat.dateTime(rollout.at)}
      </TableCell>
      <TableCell>
        <div className={classes.nowrap}>
          {rollout.previousVersion ? `${rollout.previousVersion} → ` : ''}
          <strong>{rollout.version ?? rollout.images[0] ?? 'unknown'}</strong>
          {rollout.status === 'progressing' && ' (rolling out)'}
        </div>
        <Typography variant="caption" component="div" color="textSecondary">
          {describeController(rollout.controller)}
          {rollout.syncedBy && (
            <div>via {describeController(rollout.syncedBy)}</div>
          )}
        </Typography>
      </TableCell>
      <TableCell
        className={`${classes.verdict} ${
          rollout.regressed ? classes.regressed : ''
        }`}
        // The whole sentence, with the rollout's UTC time, for a reader
        // who copies it; the cell itself leaves the when to the first column.
        title={rollout.verdict}
      >
        {rollout.change}
      </TableCell>
      <TableCell>
        <BeforeAfter before={rollout.before} after={rollout.after} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        {rollout.commitUrl ? <Link to={rollout.commitUrl}>Source</Link> : '–'}
      </TableCell>
    </TableRow>
  );
}

/**
 * The entity's rollouts in the page's range, newest first, each with the
 * request rate, error ratio and p95 of the 30 minutes before → after, and
 * the verdict. It sits in Overview right under the RED charts that carry
 * the same rollouts as markers: "what changed?" is the first question of an
 * incident, asked while looking at those charts, not on another tab.
 */
export function DeploymentsCard() {
  const deployments = useDeployments();
  if (!deployments) return null;
  const { value, loading, error, retry } = deployments;
  return (
    <InfoCard
      title="Deployments"
      subheader="Rollouts in this range; figures are the 30 minutes before → after each"
    >
      {loading && <PanelLoading label="Loading deployments" />}
      {error && <PanelError error={error} onRetry={retry} />}
      {value && value.rollouts.length === 0 && (
        <PanelEmpty
          title={`No rollouts of ${value.workload} in this range`}
          description="Rollouts are read from kube-state-metrics in Prometheus (kube_replicaset_created and kube_replicaset_owner), from the cluster's Kubernetes API (ReplicaSets, Argo CD and Flux; set observability.clusters[].kubernetes), or from a version label on the service's metrics (service_version on target_info, or observability.deployments.versionLabel). Pick a longer range, or set one of these up."
        />
      )}
      {value && value.rollouts.length > 0 && (
        <Box overflow="auto">
          <Table size="small" aria-label="Deployments">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Version, rolled out by</TableCell>
                <TableCell>Verdict</TableCell>
                <TableCell>30 min before → after</TableCell>
                <TableCell>Commit</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {[...value.rollouts].reverse().map(rollout => (
                <RolloutRow
                  key={`${rollout.at}-${rollout.controller.name}`}
                  rollout={rollout}
                />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {value && <SourcesLine sources={value.sources} />}
    </InfoCard>
  );
}
