import { Link } from '@backstage/core-components';
import {
  Box,
  ListItemIcon,
  ListItemText,
  makeStyles,
  Typography,
} from '@material-ui/core';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import { SearchDocument } from '@backstage/plugin-search-common';
import { ObservabilitySearchDocument } from '@sightline/plugin-observability-common';
import { formatPercent, SloStatusChip } from '../shared';
import { matchingLines, ResultHighlight } from './matchingLines';

const useStyles = makeStyles(theme => ({
  item: { display: 'flex', width: '100%' },
  body: { flex: 1, minWidth: 0 },
  heading: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  lines: { margin: theme.spacing(1, 0, 0), padding: 0, listStyle: 'none' },
  line: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    padding: theme.spacing(0.25, 0),
  },
  lineKind: { minWidth: '5.5em', fontWeight: 500 },
}));

/** Props the search page passes to a result item. */
export interface ObservabilitySearchResultListItemProps {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: JSX.Element;
}

function summary(document: ObservabilitySearchDocument): string {
  const parts = [
    document.owner ? `Owner: ${document.owner}` : 'No owner',
    `${document.slos.length} SLO${document.slos.length === 1 ? '' : 's'}`,
    `${document.alertRules.length} alert rule${
      document.alertRules.length === 1 ? '' : 's'
    }`,
    `${document.dashboards.length} dashboard${
      document.dashboards.length === 1 ? '' : 's'
    }`,
  ];
  if (document.budgetRemaining !== undefined) {
    parts.push(
      `lowest error budget left: ${formatPercent(document.budgetRemaining)}`,
    );
  }
  return parts.join(' · ');
}

/**
 * A service in Backstage search: its SLO status, error budget and owner, and
 * the SLOs, alert rules and dashboards the query matched, each opening its
 * own section of the Observability tab (dashboards open in Grafana).
 */
export function ObservabilitySearchResultListItem(
  props: ObservabilitySearchResultListItemProps,
) {
  const classes = useStyles();
  if (!props.result) return null;
  const document = props.result as unknown as ObservabilitySearchDocument;
  const { highlight } = props;
  return (
    <div className={classes.item} data-testid="observability-search-result">
      {props.icon && <ListItemIcon>{props.icon}</ListItemIcon>}
      <div className={classes.body}>
        <ListItemText
          primaryTypographyProps={{ variant: 'h6', component: 'div' }}
          primary={
            <span className={classes.heading}>
              <Link noTrack to={document.location}>
                {highlight?.fields.title ? (
                  <HighlightedSearchResultText
                    text={highlight.fields.title}
                    preTag={highlight.preTag}
                    postTag={highlight.postTag}
                  />
                ) : (
                  document.title
                )}
              </Link>
              {document.slos.length > 0 && (
                <SloStatusChip status={document.status} label="SLOs" />
              )}
            </span>
          }
          secondary={summary(document)}
          secondaryTypographyProps={{ component: 'div' }}
        />
        <Box component="ul" className={classes.lines}>
          {matchingLines(document, highlight).map(line => (
            <li key={`${line.kind}-${line.name}`} className={classes.line}>
              <Typography
                variant="body2"
                component="span"
                className={classes.lineKind}
              >
                {line.kind}
              </Typography>
              <Link to={line.href} noTrack>
                {line.name}
              </Link>
              {line.status && <SloStatusChip status={line.status} />}
              <Typography
                variant="body2"
                component="span"
                color="textSecondary"
              >
                {line.detail}
              </Typography>
            </li>
          ))}
        </Box>
      </div>
    </div>
  );
}
