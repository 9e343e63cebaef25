import { EmptyState, Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { Box, Button, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  DIAGNOSIS_CHECK_FOR_REASON,
  DiagnosisCheckId,
  MetricsProblemReason,
} from '@sightline/plugin-observability-common';
import { Link as RouterLink } from 'react-router-dom';
import { isNotConfigured, PanelNotConfigured } from './notConfigured';
import { useSectionLink } from './sectionLink';

/** What went wrong in a panel, and what the user can do about it. */
export type PanelProblem = {
  title: string;
  message: string;
  hint: string;
  /** The Setup → Diagnose check that examines the cause, when the backend said which. */
  diagnose?: DiagnosisCheckId;
};

/** What a panel says for each reason the backend gives for having no data. */
const REASON_PROBLEMS: Record<
  MetricsProblemReason,
  Omit<PanelProblem, 'message'>
> = {
  'invalid-annotation': {
    title: 'An annotation is invalid',
    hint: "Fix the annotation named above in the entity's catalog-info.yaml.",
  },
  'no-series': {
    title: 'No series for this service',
    hint: 'Prometheus answers but has no request series for its selector; Diagnose follows the path from the Kubernetes Service to the series.',
  },
  'target-down': {
    title: "The service's scrape target is down",
    hint: 'Prometheus cannot scrape the service, so nothing new is recorded; no annotation fixes this.',
  },
  'upstream-unreachable': {
    title: 'An upstream did not answer',
    hint: 'The message names the upstream; check it is running and that its URL in observability.clusters is right. Other panels keep working.',
  },
};

function isReason(value: unknown): value is MetricsProblemReason {
  return typeof value === 'string' && value in REASON_PROBLEMS;
}

/**
 * Turns a failed request into words: the backend's message already names the
 * upstream and the cause; the status says whose move it is.
 */
export function describeError(error: Error): PanelProblem {
  if (!(error instanceof ResponseError)) {
    return {
      title: 'Could not reach the Backstage backend',
      message: error.message,
      hint: 'Check your connection and that the backend is running, then retry.',
    };
  }
  const message = error.body?.error?.message ?? error.message;
  const reason = (error.body?.error as { reason?: unknown } | undefined)
    ?.reason;
  if (isReason(reason)) {
    return {
      ...REASON_PROBLEMS[reason],
      message,
      diagnose: DIAGNOSIS_CHECK_FOR_REASON[reason],
    };
  }
  switch (error.statusCode) {
    case 400:
      return {
        title: 'The request or an annotation is invalid',
        message,
        hint: "The message above names the parameter or annotation; the Setup section shows every annotation's state.",
      };
    case 403:
      return {
        title: 'Not allowed',
        message,
        hint: 'Ask your Backstage administrator for the permission named above.',
      };
    case 404:
      return {
        title: 'Not found',
        message,
        hint: 'The entity may have been removed, or you may not be allowed to read it.',
      };
    case 429:
      return {
        title: 'Too many requests',
        message,
        hint: 'Wait a moment and retry; the backend limits how often upstreams are asked.',
      };
    default:
      if (error.statusCode >= 500) {
        return { ...REASON_PROBLEMS['upstream-unreachable'], message };
      }
      return {
        title: `Request failed (${error.statusCode})`,
        message,
        hint: '',
      };
  }
}

/** A panel's own loading state. */
export function PanelLoading({ label }: { label: string }) {
  return (
    <Box py={4} aria-label={label} aria-busy="true" role="progressbar">
      <Progress />
    </Box>
  );
}

/** A section link builder; from outside the Observability tab, the tab's own. */
type LinkTo = (section: string, params: Record<string, string>) => string;

/**
 * An error alert's action: Setup → Diagnose with `check` opened. `linkTo`
 * builds the link from outside the Observability tab.
 */
export function DiagnoseLink({
  check,
  linkTo,
}: {
  check: DiagnosisCheckId;
  linkTo?: LinkTo;
}) {
  const sectionLink = useSectionLink();
  return (
    <Button
      color="inherit"
      size="small"
      component={RouterLink}
      to={(linkTo ?? sectionLink)('setup', { diagnose: check })}
    >
      Diagnose
    </Button>
  );
}

/**
 * A panel's own error: which upstream, what happened, what to do, and a
 * link to Setup → Diagnose with the check that examines the cause opened:
 * the one the backend's reason names, else the panel's own `diagnose`.
 * `linkTo` builds that link from outside the Observability tab.
 */
export function PanelError({
  error,
  onRetry,
  diagnose,
  linkTo,
}: {
  error: Error;
  onRetry?: () => void;
  diagnose?: DiagnosisCheckId;
  linkTo?: LinkTo;
}) {
  if (isNotConfigured(error)) return <PanelNotConfigured />;
  const problem = describeError(error);
  const check = problem.diagnose ?? diagnose;
  return (
    <Alert
      severity="error"
      action={
        <>
          {check && <DiagnoseLink check={check} linkTo={linkTo} />}
          {onRetry && (
            <Button color="inherit" size="small" onClick={onRetry}>
              Retry
            </Button>
          )}
        </>
      }
    >
      <AlertTitle>{problem.title}</AlertTitle>
      <Typography variant="body2">{problem.message}</Typography>
      {problem.hint && (
        <Typography variant="body2" color="textSecondary">
          {problem.hint}
        </Typography>
      )}
    </Alert>
  );
}

/** A panel with nothing to show, saying how to get something there. */
export function PanelEmpty({
  title,
  description,
  action,
}: {
  title: string;
  description: string | JSX.Element;
  action?: JSX.Element;
}) {
  return (
    <EmptyState
      missing="data"
      title={title}
      description={description}
      action={action}
    />
  );
}
