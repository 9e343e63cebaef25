import { Box, Paper, Typography, makeStyles } from '@material-ui/core';
import { RedSummary } from '@sightline/plugin-observability-common';
import {
  formatChange,
  formatMs,
  formatPercent,
  formatRate,
  UNCHANGED,
} from '../shared';

const useStyles = makeStyles(theme => ({
  figure: { padding: theme.spacing(1.5, 2), height: '100%' },
  worse: { color: theme.palette.error.main },
  better: { color: theme.palette.success.main },
}));

type Figure = {
  label: string;
  value?: number;
  previous?: number;
  format(value: number | undefined): string;
  /** Whether a rise is bad news (errors, latency) or just news (traffic). */
  riseIsWorse: boolean;
};

function figuresOf(summary: RedSummary, previous: RedSummary): Figure[] {
  const ms = (seconds?: number) =>
    seconds === undefined ? undefined : seconds * 1000;
  return [
    {
      label: 'Request rate',
      value: summary.requestRate,
      previous: previous.requestRate,
      format: formatRate,
      riseIsWorse: false,
    },
    {
      label: 'Error ratio',
      value: summary.errorRatio,
      previous: previous.errorRatio,
      format: formatPercent,
      riseIsWorse: true,
    },
    ...(['latencyP50', 'latencyP95', 'latencyP99'] as const).map(key => ({
      label: `Latency ${key.slice(-3).toLowerCase()}`,
      value: ms(summary[key]),
      previous: ms(previous[key]),
      format: formatMs,
      riseIsWorse: true,
    })),
  ];
}

/** The range's headline numbers, each with its change since the period before. */
export function SummaryFigures(props: {
  summary: RedSummary;
  previous: RedSummary;
}) {
  const classes = useStyles();
  return (
    <Box
      display="grid"
      gridGap={16}
      style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))' }}
    >
      {figuresOf(props.summary, props.previous).map(figure => {
        const change = formatChange(figure.value, figure.previous);
        const rose =
          figure.value !== undefined &&
          figure.previous !== undefined &&
          figure.value > figure.previous;
        // From zero there is no relative change, but there was a period
        // before: say what it read rather than that there was none.
        const fromZero =
          !change && figure.previous === 0 && figure.value !== undefined;
        let changeClass: string | undefined;
        if (
          figure.riseIsWorse &&
          ((change && change !== UNCHANGED) || fromZero) &&
          figure.value !== 0
        ) {
          changeClass = rose ? classes.worse : classes.better;
        }
        return (
          <Paper
            key={figure.label}
            variant="outlined"
            className={classes.figure}
            data-testid={`summary-${figure.label}`}
          >
            <Typography variant="overline" color="textSecondary">
              {figure.label}
            </Typography>
            <Typography variant="h5" component="p">
              {figure.format(figure.value)}
            </Typography>
            <Typography
              variant="caption"
              color="textSecondary"
              className={changeClass}
            >
              {change && `${change} vs the period before`}
              {fromZero && `${figure.format(0)} in the period before`}
              {!change && !fromZero && 'No previous period to compare'}
            </Typography>
          </Paper>
        );
      })}
    </Box>
  );
}
