import { Chip, makeStyles, Theme } from '@material-ui/core';
import { BudgetPolicyLevel } from '@sightline/plugin-observability-common';

const POLICY_PALETTE: Record<
  BudgetPolicyLevel,
  'success' | 'warning' | 'error'
> = {
  healthy: 'success',
  warning: 'warning',
  critical: 'error',
  exhausted: 'error',
};

const useStyles = makeStyles<Theme, { policy: BudgetPolicyLevel }>(theme => ({
  chip: ({ policy }) => ({
    borderColor: theme.palette[POLICY_PALETTE[policy]].main,
    color: theme.palette.text.primary,
    fontWeight: policy === 'exhausted' ? 700 : undefined,
  }),
}));

/**
 * The budget-policy level, outlined so it reads as secondary to the status
 * chip beside it.
 */
export function BudgetPolicyChip({ policy }: { policy: BudgetPolicyLevel }) {
  const classes = useStyles({ policy });
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes.chip}
      label={`Policy: ${policy}`}
    />
  );
}
