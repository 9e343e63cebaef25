import { Box, makeStyles, Theme } from '@material-ui/core';
import { SloTone } from '@sightline/plugin-observability-common';
import { tonePalette } from '../shared';
import { SectionBadge } from '../ServiceStatusStrip';

const useStyles = makeStyles<Theme, { tone: SloTone }>(theme => ({
  badge: ({ tone }) => ({
    minWidth: 20,
    height: 20,
    padding: theme.spacing(0, 0.75),
    borderRadius: 10,
    fontSize: '0.75rem',
    fontWeight: 700,
    lineHeight: '20px',
    textAlign: 'center',
    backgroundColor: tonePalette(theme, tone) ?? theme.palette.action.selected,
    color: theme.palette.common.white,
  }),
}));

/**
 * A section's tab title with, when something there wants attention, a count
 * in the colour of the most urgent thing counted (the tab's `aria-label`
 * says what it counts).
 */
export function SectionTabLabel(props: {
  title: string;
  badge?: SectionBadge;
}) {
  const classes = useStyles({ tone: props.badge?.tone ?? 'neutral' });
  if (!props.badge) return <>{props.title}</>;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 6 }}>
      {props.title}
      <span className={classes.badge} data-testid="tab-badge">
        {props.badge.count}
      </span>
    </Box>
  );
}
