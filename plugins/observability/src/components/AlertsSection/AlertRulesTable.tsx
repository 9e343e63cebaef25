import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  makeStyles,
  Typography,
} from '@material-ui/core';
import {
  EntityAlertRule,
  formatHumanDuration,
} from '@sightline/plugin-observability-common';
import { SeverityChip, StateChip } from './AlertChips';

const useStyles = makeStyles(theme => ({
  noWrap: { whiteSpace: 'nowrap' },
  expression: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    margin: 0,
    padding: theme.spacing(1),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.action.hover,
  },
}));

/** The Prometheus alerting rules that concern the entity; expressions are read-only. */
export function AlertRulesTable({ rules }: { rules: EntityAlertRule[] }) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Alert rules">
      <TableHead>
        <TableRow>
          <TableCell>Rule</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell>For</TableCell>
          <TableCell>Expression</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rules.map(rule => (
          <TableRow key={`${rule.group}/${rule.name}/${rule.query}`}>
            <TableCell className={classes.noWrap}>
              <Typography variant="body2">{rule.name}</Typography>
              <Typography variant="caption" color="textSecondary">
                group {rule.group}
              </Typography>
            </TableCell>
            <TableCell>
              <StateChip state={rule.state} />
              {rule.health !== 'ok' && (
                <Typography variant="caption" color="error" display="block">
                  {rule.health}
                  {rule.lastError && `: ${rule.lastError}`}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <SeverityChip severity={rule.severity} />
            </TableCell>
            <TableCell className={classes.noWrap}>
              {rule.forSeconds
                ? formatHumanDuration(rule.forSeconds * 1000)
                : 'at once'}
            </TableCell>
            <TableCell>
              <pre className={classes.expression}>{rule.query}</pre>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
