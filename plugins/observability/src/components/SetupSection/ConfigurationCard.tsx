import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  AnnotationProblem,
  DiagnosisCheckId,
  OBSERVABILITY_ANNOTATIONS,
  renderMatchers,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { OpenSetupButton } from '../shared/OpenSetupButton';

/**
 * The doctor's check that explains a problem: a dialect that was not
 * detected means no series matched; any other annotation is configuration.
 */
function checkFor(problem: AnnotationProblem): DiagnosisCheckId {
  return problem.annotation === OBSERVABILITY_ANNOTATIONS.metricsDialect
    ? 'series'
    : 'config';
}

const NOT_RESOLVED = 'Not resolved (see the problems above)';

/** Rows of what the backend resolved; each value says where it came from. */
function configurationRows(target: TelemetryTarget): Record<string, string> {
  const dialect = target.metrics?.dialect;
  let dialectText = NOT_RESOLVED;
  if (dialect) dialectText = `${dialect.title} (${dialect.source})`;
  else if (target.metrics) {
    dialectText =
      'None detected: Prometheus has no known request metric for these matchers';
  }
  const rows: Record<string, string> = {
    Cluster: target.cluster,
    'Prometheus matchers': target.metrics?.selector ?? NOT_RESOLVED,
    'Metrics dialect': dialectText,
  };
  if (dialect) {
    rows['Request metric'] = dialect.requestMetric;
    rows['Errors are'] = dialect.errorMatchers.map(renderMatchers).join(' or ');
    rows['Duration histogram'] =
      dialect.durationMetric ?? 'None (no latency charts or latency SLOs)';
  }
  rows['Log stream selector'] = target.logs?.selector ?? NOT_RESOLVED;
  rows['Trace service'] = target.traces.serviceName;
  rows['Alert matchers'] = target.alerts
    ? renderMatchers(target.alerts.matchers)
    : NOT_RESOLVED;
  const dashboards = [
    ...target.dashboards.uids.map(uid => `uid ${uid}`),
    ...target.dashboards.tags.map(tag => `tag ${tag}`),
  ];
  rows['Grafana dashboards'] = dashboards.join(', ') || '—';
  return rows;
}

/** What the backend resolved from the entity's annotations, and what is wrong with them. */
export function ConfigurationCard({ target }: { target: TelemetryTarget }) {
  return (
    <InfoCard
      title="What is configured"
      subheader="Resolved from the entity's annotations and observability.defaults"
    >
      {target.problems.length > 0 && (
        <Box mb={2} display="flex" flexDirection="column" style={{ gap: 8 }}>
          {target.problems.map(problem => (
            <Alert
              severity="error"
              key={problem.annotation}
              action={<OpenSetupButton diagnose={checkFor(problem)} />}
            >
              <AlertTitle>{problem.annotation}</AlertTitle>
              <Typography variant="body2">
                {problem.message} (value: <code>{problem.value}</code>)
              </Typography>
              <Typography variant="body2">
                Example of a valid value: <code>{problem.example}</code>
              </Typography>
            </Alert>
          ))}
        </Box>
      )}
      <StructuredMetadataTable metadata={configurationRows(target)} dense />
    </InfoCard>
  );
}
