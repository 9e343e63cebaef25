import { InfoCard } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Typography, makeStyles } from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { PanelEmpty, PanelError, PanelLoading } from '../shared';

/** The fact retriever whose facts the card's checks read. */
const RETRIEVER = 'observabilityFactRetriever';

/** One check's result, as the tech-insights backend's `POST /checks/run/…` answers it. */
type CheckResult = {
  check: {
    id: string;
    name: string;
    description: string;
    factIds: string[];
    metadata?: { fix?: string };
  };
  facts: Record<string, unknown>;
  result: unknown;
};

type Readiness = {
  checks: CheckResult[];
  /** Why each false fact is so (the facts' `reasons`), by fact name. */
  reasons: Record<string, string>;
};

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    padding: theme.spacing(1, 0),
    // Fact reasons list rule names and URLs: long words must wrap too.
    overflowWrap: 'anywhere',
  },
  pass: { color: theme.palette.success.main },
  fail: { color: theme.palette.error.main },
  fix: { marginTop: theme.spacing(0.5) },
  icon: { flexShrink: 0, marginTop: 2 },
}));

/** The checks over Sightline's facts and the facts' reasons, from the tech-insights backend. */
function useReadiness() {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const { kind, metadata } = entity;
  const namespace = metadata.namespace ?? 'default';
  return useAsyncRetry(async (): Promise<Readiness> => {
    const base = await discoveryApi.getBaseUrl('tech-insights');
    const path = [namespace, kind, metadata.name]
      .map(encodeURIComponent)
      .join('/');
    const entityRef = `${kind}:${namespace}/${metadata.name}`.toLowerCase();
    const [run, latest] = await Promise.all([
      fetch(`${base}/checks/run/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
      fetch(
        `${base}/facts/latest?${new URLSearchParams({
          entity: entityRef,
          'ids[]': RETRIEVER,
        })}`,
      ),
    ]);
    for (const response of [run, latest]) {
      if (!response.ok) throw await ResponseError.fromResponse(response);
    }
    const results: CheckResult[] = await run.json();
    const facts = (await latest.json())[RETRIEVER]?.facts ?? {};
    return {
      checks: results.filter(r => r.check.factIds.includes(RETRIEVER)),
      reasons: facts.reasons ?? {},
    };
  }, [discoveryApi, fetch, kind, namespace, metadata.name]);
}

function CheckRow({
  result,
  reasons,
}: {
  result: CheckResult;
  reasons: Record<string, string>;
}) {
  const classes = useStyles();
  const passed = result.result === true;
  // The entity's own reason, for the facts this check reads.
  const why = Object.keys(result.facts)
    .map(fact => reasons[fact])
    .filter(Boolean);
  return (
    <li className={classes.row} data-testid={`readiness-${result.check.id}`}>
      {passed ? (
        <CheckCircleIcon
          className={`${classes.icon} ${classes.pass}`}
          aria-label="Passed"
        />
      ) : (
        <ErrorIcon
          className={`${classes.icon} ${classes.fail}`}
          aria-label="Failed"
        />
      )}
      <Box flex={1} minWidth={0}>
        <Typography variant="body1">{result.check.name}</Typography>
        <Typography variant="body2" color="textSecondary">
          {result.check.description}
        </Typography>
        {!passed && (
          <Box className={classes.fix}>
            {why.map(reason => (
              <Typography key={reason} variant="body2">
                {reason}
              </Typography>
            ))}
            {result.check.metadata?.fix && (
              <Typography variant="body2">
                <strong>How to fix:</strong> {result.check.metadata.fix}
              </Typography>
            )}
          </Box>
        )}
      </Box>
    </li>
  );
}

/**
 * Production readiness: each Tech Insights check over Sightline's facts
 * (monitoring, SLOs, alerts with runbooks, dashboards, the doctor) passed
 * or failed for this entity, and for a failed one why and how to fix it.
 * Runs the checks in the tech-insights backend, so its answer is current
 * as of the facts' last retrieval.
 */
export function ProductionReadinessCard() {
  const classes = useStyles();
  const { value, loading, error, retry } = useReadiness();
  const passed = value?.checks.filter(c => c.result === true).length ?? 0;
  return (
    <InfoCard
      title="Production readiness"
      subheader={
        value?.checks.length
          ? `${passed} of ${value.checks.length} checks pass`
          : undefined
      }
    >
      {loading && !value && <PanelLoading label="Running readiness checks" />}
      {error && <PanelError error={error} onRetry={retry} />}
      {value && value.checks.length === 0 && (
        <PanelEmpty
          title="No readiness checks"
          description={`The tech-insights backend has no checks over ${RETRIEVER}'s facts: add them under techInsights.factChecker.checks in app-config.yaml.`}
        />
      )}
      {value && value.checks.length > 0 && (
        <ul className={classes.list}>
          {value.checks.map(result => (
            <CheckRow
              key={result.check.id}
              result={result}
              reasons={value.reasons}
            />
          ))}
        </ul>
      )}
    </InfoCard>
  );
}
