import { Chip, makeStyles, Theme } from '@material-ui/core';
import {
  BudgetPolicyLevel,
  SLO_STATUS_LABELS,
  SloStatus,
  sloStatusTone,
  SloTone,
  SloVerdict,
} from '@sightline/plugin-observability-common';

/** The palette colour that carries each tone; none for neutral. */
export function tonePalette(theme: Theme, tone: SloTone): string | undefined {
  return tone === 'neutral' ? undefined : theme.palette[tone].main;
}

const POLICY_TONES: Record<BudgetPolicyLevel, SloTone> = {
  healthy: 'success',
  warning: 'warning',
  critical: 'error',
  exhausted: 'error',
};

const useStyles = makeStyles<Theme, { tone: SloTone; bold?: boolean }>(
  theme => ({
    // The palette's main colours with white text read in light and dark themes.
    filled: ({ tone }) =>
      tone === 'neutral'
        ? {}
        : {
            backgroundColor: tonePalette(theme, tone),
            color: theme.palette.common.white,
          },
    outlined: ({ tone, bold }) => ({
      borderColor: tonePalette(theme, tone),
      color: theme.palette.text.primary,
      fontWeight: bold ? 700 : undefined,
    }),
  }),
);

/**
 * An SLO status as a coloured chip. The colour is the verdict's `tone` when
 * the evaluation is known (red while a page condition holds), else the
 * status's own: green met, amber at risk, red violated.
 */
export function SloStatusChip(props: {
  status: SloStatus;
  tone?: SloTone;
  label?: string;
}) {
  const tone = props.tone ?? sloStatusTone(props.status);
  const classes = useStyles({ tone });
  const text = SLO_STATUS_LABELS[props.status];
  return (
    <Chip
      size="small"
      className={classes.filled}
      data-tone={tone}
      label={props.label ? `${props.label}: ${text}` : text}
    />
  );
}

/**
 * The budget-policy level, outlined so it reads as secondary to the status
 * chip beside it.
 */
function BudgetPolicyChip({ policy }: { policy: BudgetPolicyLevel }) {
  const classes = useStyles({
    tone: POLICY_TONES[policy],
    bold: policy === 'exhausted',
  });
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes.outlined}
      label={`Policy: ${policy}`}
    />
  );
}

/** An SLO's status and policy chips, both from one verdict so they agree. */
export function SloVerdictChips({ verdict }: { verdict: SloVerdict }) {
  return (
    <>
      <SloStatusChip status={verdict.status} tone={verdict.tone} />
      {verdict.policy && <BudgetPolicyChip policy={verdict.policy} />}
    </>
  );
}
