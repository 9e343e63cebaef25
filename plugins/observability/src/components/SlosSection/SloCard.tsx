import { InfoCard } from '@backstage/core-components';
import {
  Box,
  Chip,
  Grid,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  formatHumanDuration,
  formatSloNumber,
  formatSloPercent,
  SloEvaluation,
  SloExplanation,
  SloMeasurementSource,
  SloProblem,
  sloVerdict,
} from '@sightline/plugin-observability-common';
import { DiagnoseLink, SloVerdictChips } from '../shared';
import { SeverityChip } from '../AlertsSection/AlertChips';
import { BurnDownChart } from './BurnDownChart';
import { AdjustmentBandsOf } from '../shared/AdjustmentBands';
import {
  excludedBands,
  SloAdjustmentsContext,
  SloAdjustmentsList,
} from './SloAdjustmentsList';

const SOURCE_LABELS: Record<SloMeasurementSource, string> = {
  raw: 'raw series',
  'recording-rules': 'Sloth recording rules',
  'pyrra-recording-rules': 'Pyrra recording rules',
};

const useStyles = makeStyles(theme => ({
  figure: { fontSize: '1.6rem', fontWeight: 500, lineHeight: 1.3 },
  burning: { color: theme.palette.error.main, fontWeight: 600 },
  noWrap: { whiteSpace: 'nowrap' },
}));

function explanation(
  explanations: SloExplanation[],
  topic: SloExplanation['topic'],
  key?: string,
): string | undefined {
  return explanations.find(e => e.topic === topic && e.key === key)?.text;
}

function Figure(props: { label: string; value: string; explain?: string }) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={6} md={3}>
      <Typography variant="overline" color="textSecondary" component="h4">
        {props.label}
      </Typography>
      <Typography className={classes.figure}>{props.value}</Typography>
      {props.explain && (
        <Typography variant="body2" color="textSecondary">
          {props.explain}
        </Typography>
      )}
    </Grid>
  );
}

export function ProblemAlert({ problem }: { problem: SloProblem }) {
  const where = [problem.source, problem.field].filter(Boolean).join(' › ');
  return (
    <Alert severity="error" action={<DiagnoseLink check="slo-objectives" />}>
      {where && <strong>{where}: </strong>}
      {problem.message}
      {problem.example && (
        <>
          {' '}
          For example: <code>{problem.example}</code>
        </>
      )}
    </Alert>
  );
}

function declaredAt(slo: SloEvaluation): string {
  const d = slo.definition.declaredAt;
  if (d.annotation) return `annotation ${d.annotation}`;
  return [d.file, d.path].filter(Boolean).join(' › ');
}

/**
 * One SLO at the instant `at` (ISO 8601): its figures, burn rates, alert
 * conditions and burn-down, each explained.
 */
export function SloCard({
  slo,
  at,
  adjustments,
}: {
  slo: SloEvaluation;
  at: string;
  /** The entity's budget adjustments, listed where they excluded periods. */
  adjustments?: SloAdjustmentsContext;
}) {
  const classes = useStyles();
  const { definition, status, explanations } = slo;
  const ratio = (value?: number) =>
    value === undefined ? '–' : formatSloPercent(value);
  const remaining = status?.budget.remaining;
  const remainingMs = status?.budget.remainingMs;
  return (
    <InfoCard
      title={definition.name}
      subheader={`${
        definition.sli === 'latency' ? 'Latency' : 'Availability'
      } · ${definition.objectivePercent}% over ${
        definition.window
      } · declared in ${declaredAt(slo)}`}
      action={
        <Box display="flex" style={{ gap: 8 }} pt={1} pr={1}>
          {status && <SloVerdictChips verdict={sloVerdict(status)} />}
        </Box>
      }
    >
      {slo.problems.map(problem => (
        <Box mb={2} key={`${problem.field}-${problem.message}`}>
          <ProblemAlert problem={problem} />
        </Box>
      ))}
      {definition.description && (
        <Typography variant="body2" gutterBottom>
          {definition.description}
        </Typography>
      )}
      {status && (
        <>
          <Grid container spacing={3}>
            <Figure
              label="SLI (actual)"
              value={ratio(status.sli)}
              explain={explanation(explanations, 'sli')}
            />
            <Figure
              label="Error budget"
              value={formatHumanDuration(status.budget.allowedMs)}
              explain={explanation(explanations, 'budget')}
            />
            <Figure
              label="Budget remaining"
              value={
                remaining === undefined || remainingMs === undefined
                  ? '–'
                  : `${formatSloPercent(remaining, 1)} · ${formatHumanDuration(
                      remainingMs,
                    )}`
              }
              explain={explanation(explanations, 'remaining')}
            />
            <Figure
              label="Time to exhaustion"
              value={
                status.timeToExhaustionMs === undefined
                  ? 'Not burning'
                  : formatHumanDuration(status.timeToExhaustionMs)
              }
              explain={explanation(explanations, 'time-to-exhaustion')}
            />
          </Grid>
          <Box my={2}>
            <Typography variant="body2">
              {explanation(explanations, 'status')}{' '}
              {explanation(explanations, 'policy')}
            </Typography>
          </Box>
          <Grid container spacing={3}>
            <Grid item xs={12} lg={5}>
              <Typography variant="h6" component="h4">
                Burn rates
              </Typography>
              <Table
                size="small"
                aria-label={`Burn rates of ${definition.name}`}
              >
                <TableHead>
                  <TableRow>
                    <TableCell>Window</TableCell>
                    <TableCell align="right">Error ratio</TableCell>
                    <TableCell align="right">Burn rate</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {status.burnRates.map(reading => (
                    <TableRow
                      key={reading.window}
                      title={explanation(
                        explanations,
                        'burn-rate',
                        reading.window,
                      )}
                    >
                      <TableCell>{reading.window}</TableCell>
                      <TableCell align="right">
                        {ratio(reading.errorRatio)}
                      </TableCell>
                      <TableCell
                        align="right"
                        className={
                          (reading.burnRate ?? 0) > 1
                            ? classes.burning
                            : undefined
                        }
                      >
                        {reading.burnRate === undefined
                          ? 'no traffic'
                          : `${formatSloNumber(reading.burnRate)}×`}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Typography variant="caption" color="textSecondary">
                1× spends exactly the budget over {definition.window}; hover a
                row for what it means.
              </Typography>
            </Grid>
            <Grid item xs={12} lg={7}>
              <Typography variant="h6" component="h4">
                Burn-rate alert conditions
              </Typography>
              <Table
                size="small"
                aria-label={`Alert conditions of ${definition.name}`}
              >
                <TableHead>
                  <TableRow>
                    <TableCell>Condition</TableCell>
                    <TableCell>Windows</TableCell>
                    <TableCell align="right">Threshold</TableCell>
                    <TableCell>Now</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {status.alerts.map(condition => (
                    <TableRow key={condition.id}>
                      <TableCell>
                        <Box
                          display="flex"
                          alignItems="center"
                          style={{ gap: 8 }}
                        >
                          <SeverityChip severity={condition.severity} />
                          {condition.id}
                        </Box>
                        <Typography variant="caption" color="textSecondary">
                          {explanation(explanations, 'alert', condition.id)}
                        </Typography>
                      </TableCell>
                      <TableCell className={classes.noWrap}>
                        {condition.shortWindow} & {condition.longWindow}
                      </TableCell>
                      <TableCell align="right" className={classes.noWrap}>
                        {formatSloNumber(condition.factor)}× (
                        {formatSloPercent(condition.errorRatioThreshold)})
                      </TableCell>
                      <TableCell>
                        <Chip
                          size="small"
                          color={condition.firing ? 'secondary' : 'default'}
                          variant={condition.firing ? 'default' : 'outlined'}
                          label={condition.firing ? 'Holds' : 'Does not hold'}
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Grid>
          </Grid>
        </>
      )}
      {slo.burnDown.length > 0 && (
        <Box mt={3}>
          <Typography variant="h6" component="h4">
            Burn-down over {definition.window}
          </Typography>
          <AdjustmentBandsOf bands={excludedBands(slo)}>
            <BurnDownChart
              points={slo.burnDown}
              definition={definition}
              at={at}
            />
          </AdjustmentBandsOf>
        </Box>
      )}
      <SloAdjustmentsList slo={slo} context={adjustments} />
      {slo.source && (
        <Typography variant="caption" color="textSecondary" component="p">
          Measured from {SOURCE_LABELS[slo.source]}
          {slo.windowSource &&
            ` (window budget from ${SOURCE_LABELS[slo.windowSource]})`}
          {slo.burnDownSource &&
            `; burn-down from ${
              slo.burnDownSource === 'history'
                ? 'stored daily history'
                : 'Prometheus'
            }`}
          {slo.upstreamMs !== undefined &&
            `; Prometheus took ${Math.round(slo.upstreamMs)} ms`}
          .{slo.sourceNote && ` ${slo.sourceNote}`}
        </Typography>
      )}
    </InfoCard>
  );
}
