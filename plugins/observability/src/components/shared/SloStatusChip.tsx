import { Chip, makeStyles, Theme } from '@material-ui/core';
import { SloStatus } from '@sightline/plugin-observability-common';

/** How each SLO status reads, and which palette colour carries it (none for no data). */
const STATUS_DISPLAY: Record<
  SloStatus,
  { label: string; palette?: 'success' | 'warning' | 'error' }
> = {
  met: { label: 'Met', palette: 'success' },
  'at-risk': { label: 'At risk', palette: 'warning' },
  violated: { label: 'Violated', palette: 'error' },
  'no-data': { label: 'No data' },
};

const useStyles = makeStyles<Theme, { status: SloStatus }>(theme => ({
  chip: ({ status }) => {
    const palette = STATUS_DISPLAY[status].palette;
    // The palette's main colours with white text read in light and dark themes.
    return palette
      ? {
          backgroundColor: theme.palette[palette].main,
          color: theme.palette.common.white,
        }
      : {};
  },
}));

/** An SLO status as a coloured chip: green met, amber at risk, red violated. */
export function SloStatusChip(props: { status: SloStatus; label?: string }) {
  const classes = useStyles({ status: props.status });
  const text = STATUS_DISPLAY[props.status].label;
  return (
    <Chip
      size="small"
      className={classes.chip}
      label={props.label ? `${props.label}: ${text}` : text}
    />
  );
}
