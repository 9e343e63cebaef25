import {
  Box,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { Alert } from '@material-ui/lab';
import {
  formatHumanDuration,
  SloAdjustment,
  SloEvaluation,
} from '@sightline/plugin-observability-common';
import { TimeFormatter, useTimeFormat } from '../shared/timeFormat';
import { AdjustmentBand } from '../shared/AdjustmentBands';

/** What the SLO section knows of the entity's adjustments and what the viewer may do. */
export interface SloAdjustmentsContext {
  adjustments: SloAdjustment[];
  /** Whether the viewer holds observability.slo.adjust for the entity. */
  canAdjust: boolean;
  onDelete(adjustment: SloAdjustment): void;
}

/** When an adjustment excludes: its one period, or its recurrence. */
function describeSchedule(
  adjustment: SloAdjustment,
  timeFormat: TimeFormatter,
): string {
  const startMs = Date.parse(adjustment.start);
  const length = formatHumanDuration(adjustment.durationMs);
  if (!adjustment.rrule) {
    return `${timeFormat.dateTime(startMs)} – ${timeFormat.dateTime(
      startMs + adjustment.durationMs,
    )}`;
  }
  return `${length} each ${adjustment.rrule} from ${timeFormat.dateTime(
    startMs,
  )}`;
}

function declaredBy(adjustment: SloAdjustment, timeFormat: TimeFormatter) {
  switch (adjustment.source) {
    case 'entity':
      return 'the entity (catalog-info or SLO file)';
    case 'config':
      return 'app-config for its system or cluster';
    default:
      return `${adjustment.createdBy ?? 'an owner'}${
        adjustment.createdAt
          ? `, ${timeFormat.dateTime(Date.parse(adjustment.createdAt))}`
          : ''
      }`;
  }
}

/** The bands of the periods an SLO's evaluation excluded, with their adjustments' reasons. */
export function excludedBands(slo: SloEvaluation): AdjustmentBand[] {
  return (slo.adjusted?.periods ?? []).map(p => ({
    startMs: Date.parse(p.start),
    endMs: Date.parse(p.end),
    reasons: slo.adjusted!.reasons,
  }));
}

/**
 * The adjustments that excluded periods from this SLO's figures, what the
 * generated Prometheus rules see otherwise, and, for owners, deletion of
 * stored ones.
 */
export function SloAdjustmentsList({
  slo,
  context,
}: {
  slo: SloEvaluation;
  context?: SloAdjustmentsContext;
}) {
  const timeFormat = useTimeFormat();
  const adjusted = slo.adjusted;
  if (!adjusted) return null;
  const applied = (context?.adjustments ?? []).filter(a =>
    adjusted.adjustmentIds.includes(a.id),
  );
  const excludedMs = adjusted.periods.reduce(
    (sum, p) => sum + Date.parse(p.end) - Date.parse(p.start),
    0,
  );
  return (
    <Box mt={3}>
      <Typography variant="h6" component="h4">
        Excluded periods
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {adjusted.periods.length} period
        {adjusted.periods.length === 1 ? '' : 's'} (
        {formatHumanDuration(excludedMs)}) excluded from this SLO's window and
        burn-rate windows: their requests count neither as good nor as bad.
      </Typography>
      {adjusted.rulesDisagree.length > 0 && (
        <Box mb={1}>
          <Alert severity="warning">
            The alerts Prometheus evaluates from the generated rules cannot know
            budget adjustments: there, {adjusted.rulesDisagree.join(', ')}{' '}
            {adjusted.rulesDisagree.length === 1 ? 'holds' : 'hold'} otherwise
            than in these figures while the excluded periods are inside their
            windows.
          </Alert>
        </Box>
      )}
      {adjusted.truncated && (
        <Box mb={1}>
          <Alert severity="info">
            {adjusted.truncated.join(', ')} recur more often than the 100
            occurrences expanded per evaluation; later occurrences are not
            excluded.
          </Alert>
        </Box>
      )}
      {applied.length > 0 && (
        <Table
          size="small"
          aria-label={`Budget adjustments of ${slo.definition.name}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Reason</TableCell>
              <TableCell>When</TableCell>
              <TableCell>Declared by</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {applied.map(adjustment => (
              <TableRow key={adjustment.id}>
                <TableCell>{adjustment.reason}</TableCell>
                <TableCell>
                  {describeSchedule(adjustment, timeFormat)}
                </TableCell>
                <TableCell>{declaredBy(adjustment, timeFormat)}</TableCell>
                <TableCell padding="checkbox">
                  {adjustment.source === 'stored' && context?.canAdjust && (
                    <Tooltip title="Delete this adjustment">
                      <IconButton
                        size="small"
                        aria-label={`Delete adjustment: ${adjustment.reason}`}
                        onClick={() => context.onDelete(adjustment)}
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
