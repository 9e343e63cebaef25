import { InfoCard } from '@backstage/core-components';
import {
  Box,
  LinearProgress,
  Typography,
  makeStyles,
  Theme,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EntitySlosResponse,
  formatSloPercent,
  OBSERVABILITY_ANNOTATIONS,
  SloEvaluation,
  SloTone,
  sloVerdict,
} from '@sightline/plugin-observability-common';
import {
  formatPercent,
  DiagnoseLink,
  PanelEmpty,
  PanelError,
  PanelLoading,
  SloStatusChip,
  TimeRangeProvider,
  tonePalette,
} from '../shared';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { useObservabilityTabLink } from '../shared/useObservabilityTabLink';

const useStyles = makeStyles<Theme, { tone: SloTone }>(theme => ({
  bar: ({ tone }) => ({ backgroundColor: tonePalette(theme, tone) }),
  reason: ({ tone }) => ({
    color: tonePalette(theme, tone),
    fontWeight: 500,
  }),
}));

function SloRow({ slo }: { slo: SloEvaluation }) {
  const verdict = sloVerdict(slo.status);
  const classes = useStyles({ tone: verdict.tone });
  const remaining = slo.status?.budget.remaining;
  const burning = verdict.holding.page.length + verdict.holding.ticket.length;
  return (
    <Box py={1} data-testid={`slo-${slo.definition.id}`}>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle2">
          {slo.definition.name}{' '}
          <Typography variant="caption" color="textSecondary" component="span">
            {formatSloPercent(slo.definition.objective)} over{' '}
            {slo.definition.window}
          </Typography>
        </Typography>
        <SloStatusChip status={verdict.status} tone={verdict.tone} />
      </Box>
      <LinearProgress
        variant="determinate"
        value={Math.max(0, Math.min(100, (remaining ?? 0) * 100))}
        classes={{ bar: classes.bar }}
        aria-label={`${slo.definition.name} error budget remaining`}
      />
      <Typography variant="caption" color="textSecondary">
        {remaining === undefined
          ? 'No traffic in the window, so no budget spent'
          : `${formatPercent(remaining)} of the error budget left`}
      </Typography>
      {burning > 0 && (
        <Typography
          variant="caption"
          display="block"
          className={classes.reason}
        >
          {verdict.reason}
        </Typography>
      )}
    </Box>
  );
}

function SloList({
  response,
  tabLink,
}: {
  response: EntitySlosResponse;
  tabLink: ReturnType<typeof useObservabilityTabLink>;
}) {
  if (response.slos.length === 0 && response.problems.length === 0) {
    return (
      <PanelEmpty
        title="No SLOs declared"
        description={`Declare one with ${OBSERVABILITY_ANNOTATIONS.sloAvailability}: '99.9' or ${OBSERVABILITY_ANNOTATIONS.sloLatency}: '99% < 300ms' in catalog-info.yaml.`}
      />
    );
  }
  return (
    <>
      {response.problems.map(p => (
        <Alert
          severity="error"
          key={`${p.source}-${p.field}-${p.message}`}
          action={<DiagnoseLink check="slo-objectives" linkTo={tabLink} />}
        >
          {p.source ? `${p.source}: ` : ''}
          {p.message}
        </Alert>
      ))}
      {response.slos.map(slo => (
        <SloRow key={slo.definition.id} slo={slo} />
      ))}
    </>
  );
}

function SloBudgetCardContent() {
  const tabLink = useObservabilityTabLink();
  const slos = useEntityPanelData((api, entityRef) => api.getSlos(entityRef));
  return (
    <InfoCard
      title="SLO error budget"
      deepLink={{ title: 'Burn rates and burn-down', link: tabLink('slos') }}
    >
      {slos.loading && <PanelLoading label="Loading SLOs" />}
      {slos.error && (
        <PanelError
          error={slos.error}
          onRetry={slos.retry}
          diagnose="slo-objectives"
          linkTo={tabLink}
        />
      )}
      {slos.value && <SloList response={slos.value} tabLink={tabLink} />}
    </InfoCard>
  );
}

/** Entity overview card: each SLO's status and how much error budget is left. */
export function SloBudgetCard() {
  return (
    <TimeRangeProvider>
      <SloBudgetCardContent />
    </TimeRangeProvider>
  );
}
