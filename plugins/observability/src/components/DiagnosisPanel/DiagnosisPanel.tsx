import { getCompoundEntityRef } from '@backstage/catalog-model';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  makeStyles,
  Typography,
} from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import WarningIcon from '@material-ui/icons/Warning';
import {
  DIAGNOSIS_CHECK_IDS,
  DiagnosisCheck,
  DiagnosisFix,
  DiagnosisStatus,
} from '@sightline/plugin-observability-common';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import { PanelError, PanelLoading, useTimeFormat } from '../shared';

/** What the Generate monitoring dialog opens with when a fix asks for it. */
export type GenerateMonitoringRequest = NonNullable<
  DiagnosisFix['fixAction']
>['request'];

const useStyles = makeStyles(theme => ({
  pass: { color: theme.palette.success.main },
  fail: { color: theme.palette.error.main },
  warn: { color: theme.palette.warning.main },
  skipped: { color: theme.palette.text.secondary },
  summary: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
  },
  details: { flexDirection: 'column', gap: theme.spacing(2) },
  evidence: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(12rem, max-content) 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    '& dt': { fontWeight: 500 },
    '& dd': { margin: 0, wordBreak: 'break-word' },
  },
}));

const STATUS_LABELS: Record<DiagnosisStatus, string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  skipped: 'Skipped',
};

function StatusIcon({ status }: { status: DiagnosisStatus }) {
  const classes = useStyles();
  const props = {
    className: classes[status],
    titleAccess: STATUS_LABELS[status],
  };
  switch (status) {
    case 'pass':
      return <CheckCircleIcon {...props} />;
    case 'fail':
      return <ErrorIcon {...props} />;
    case 'warn':
      return <WarningIcon {...props} />;
    default:
      return <RemoveCircleOutlineIcon {...props} />;
  }
}

function Fix({
  fix,
  onGenerateMonitoring,
}: {
  fix: DiagnosisFix;
  onGenerateMonitoring?: (request: GenerateMonitoringRequest) => void;
}) {
  const action = fix.fixAction;
  return (
    <Box>
      <Typography variant="subtitle2">How to fix</Typography>
      <Typography variant="body2" paragraph>
        {fix.summary}
      </Typography>
      {fix.yaml && (
        <CodeSnippet text={fix.yaml} language="yaml" showCopyCodeButton />
      )}
      {action && onGenerateMonitoring && (
        <Button
          variant="contained"
          color="primary"
          onClick={() => onGenerateMonitoring(action.request)}
        >
          Generate monitoring
          {action.request.port ? ` (port ${action.request.port})` : ''}
        </Button>
      )}
    </Box>
  );
}

function CheckItem({
  check,
  index,
  expanded,
  onGenerateMonitoring,
}: {
  check: DiagnosisCheck;
  index: number;
  expanded: boolean;
  onGenerateMonitoring?: (request: GenerateMonitoringRequest) => void;
}) {
  const classes = useStyles();
  const headerId = `diagnosis-${check.id}-header`;
  return (
    <Accordion
      defaultExpanded={expanded}
      data-testid={`diagnosis-check-${check.id}`}
      data-status={check.status}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        id={headerId}
        aria-controls={`diagnosis-${check.id}-content`}
      >
        <Box className={classes.summary}>
          <StatusIcon status={check.status} />
          <Box>
            <Typography variant="subtitle1" component="h3">
              {index + 1}. {check.title}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {check.skippedReason ?? check.message}
            </Typography>
          </Box>
        </Box>
      </AccordionSummary>
      <AccordionDetails
        className={classes.details}
        id={`diagnosis-${check.id}-content`}
        aria-labelledby={headerId}
      >
        {check.skippedReason && (
          <Typography variant="body2">{check.message}</Typography>
        )}
        {check.evidence.length > 0 && (
          <Box>
            <Typography variant="subtitle2">What was checked</Typography>
            <dl className={classes.evidence}>
              {check.evidence.map((e, i) => (
                <Box key={i} display="contents">
                  <Typography component="dt" variant="body2">
                    {e.label}
                  </Typography>
                  <Typography component="dd" variant="body2">
                    {e.detail}
                  </Typography>
                </Box>
              ))}
            </dl>
          </Box>
        )}
        {check.fix && (
          <Fix fix={check.fix} onGenerateMonitoring={onGenerateMonitoring} />
        )}
        <Typography variant="caption" color="textSecondary">
          Took {check.durationMs} ms
        </Typography>
      </AccordionDetails>
    </Accordion>
  );
}

/**
 * The monitoring doctor for the current entity: runs the backend's ordered
 * checks on demand and shows each one's status, evidence and fix. A panel's
 * Diagnose link (`?section=setup&diagnose=<check id>`) runs it at once and
 * opens that check too. A fix
 * that is "generate a monitor" becomes a button calling
 * `onGenerateMonitoring` (the Setup section opens its dialog with it).
 */
export function DiagnosisPanel(props: {
  onGenerateMonitoring?: (request: GenerateMonitoringRequest) => void;
}) {
  const { onGenerateMonitoring } = props;
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const timeFormat = useTimeFormat();
  const [state, run] = useAsyncFn(
    () => api.getDiagnosis(getCompoundEntityRef(entity)),
    [api, entity],
  );
  const [params] = useSearchParams();
  const linked = DIAGNOSIS_CHECK_IDS.find(id => id === params.get('diagnose'));
  useEffect(() => {
    if (linked) run();
  }, [linked, run]);
  const diagnosis = state.value;
  useEffect(() => {
    if (diagnosis && linked) {
      // jsdom has no scrollIntoView.
      document
        .querySelector(`[data-testid="diagnosis-check-${linked}"]`)
        ?.scrollIntoView?.({ block: 'start' });
    }
  }, [diagnosis, linked]);
  const firstFailure = diagnosis?.checks.find(
    c => c.id === diagnosis.firstFailure,
  );
  const worrying = diagnosis?.checks.filter(c => c.status === 'warn') ?? [];

  let summary: string | undefined;
  if (firstFailure) {
    summary = `Most likely cause (${firstFailure.title}): ${firstFailure.message}`;
  } else if (worrying.length > 0) {
    summary = `No check failed; ${worrying.length} warning(s) below.`;
  } else if (diagnosis) {
    summary = 'Every check passed: data should be flowing.';
  }

  return (
    <InfoCard
      title="Diagnose"
      subheader="Why this service shows no data, and how to fix it: annotations, Kubernetes Service and monitors, Prometheus targets and series, logs, traces and rules."
    >
      <Box data-testid="diagnosis-panel">
        <Box mb={2}>
          <Button
            variant="contained"
            color="primary"
            onClick={run}
            disabled={state.loading}
            data-testid="diagnosis-run"
          >
            {diagnosis ? 'Run diagnosis again' : 'Run diagnosis'}
          </Button>
        </Box>
        {state.loading && <PanelLoading label="Running diagnosis" />}
        {!state.loading && state.error && (
          <PanelError error={state.error} onRetry={run} />
        )}
        {!state.loading && diagnosis && (
          <>
            <Typography
              variant="body1"
              paragraph
              data-testid="diagnosis-summary"
              role="status"
            >
              {summary}
            </Typography>
            {diagnosis.checks.map((check, index) => (
              <CheckItem
                key={check.id}
                check={check}
                index={index}
                expanded={
                  check.id === diagnosis.firstFailure || check.id === linked
                }
                onGenerateMonitoring={onGenerateMonitoring}
              />
            ))}
            <Typography variant="caption" color="textSecondary">
              Cluster {diagnosis.cluster}, checked at{' '}
              {timeFormat.dateTimeSeconds(Date.parse(diagnosis.checkedAt))}
            </Typography>
          </>
        )}
      </Box>
    </InfoCard>
  );
}
