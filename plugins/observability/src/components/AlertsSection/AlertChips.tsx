import { Chip, makeStyles } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  critical: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  info: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
}));

/** Severity as people scan for it: red critical, amber warning, blue info. */
export function SeverityChip({ severity }: { severity?: string }) {
  const classes = useStyles();
  const key = severity?.toLowerCase();
  let className: string | undefined;
  if (key === 'critical' || key === 'page' || key === 'error') {
    className = classes.critical;
  } else if (key === 'warning' || key === 'ticket') {
    className = classes.warning;
  } else if (key === 'info') {
    className = classes.info;
  }
  return (
    <Chip
      size="small"
      className={className}
      label={severity ?? 'no severity'}
    />
  );
}

/** An alert's or rule's state; firing stands out, the rest stay quiet. */
export function StateChip({ state }: { state: string }) {
  return (
    <Chip
      size="small"
      variant={state === 'firing' ? 'default' : 'outlined'}
      color={state === 'firing' ? 'secondary' : 'default'}
      label={state}
    />
  );
}
