import { EmptyState, Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { Box, Button, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { isNotConfigured, PanelNotConfigured } from './notConfigured';

/** What went wrong in a panel, and what the user can do about it. */
export type PanelProblem = {
  title: string;
  message: string;
  hint: string;
};

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
  switch (error.statusCode) {
    case 400:
      return {
        title: 'The request or an annotation is invalid',
        message,
        hint: "Fix the annotation named above in the entity's catalog-info.yaml; the Setup section shows every annotation's state.",
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
        return {
          title: 'An upstream did not answer',
          message,
          hint: 'The message names the upstream; check it is running and that its URL in observability.clusters is right. Other panels keep working.',
        };
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

/** A panel's own error: which upstream, what happened, what to do. */
export function PanelError({
  error,
  onRetry,
}: {
  error: Error;
  onRetry?: () => void;
}) {
  if (isNotConfigured(error)) return <PanelNotConfigured />;
  const problem = describeError(error);
  return (
    <Alert
      severity="error"
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        )
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
