import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { DependenciesResponse } from '@sightline/plugin-observability-common';
import { PanelEmpty } from '../shared';
import { DependencyGraph } from './DependencyGraph';
import { DriftList } from './DriftList';

/** Where the graph came from, as a subheader says it. */
export const SOURCE_TITLES: Record<
  NonNullable<DependenciesResponse['source']>,
  string
> = {
  'tempo-servicegraph':
    'Tempo metrics-generator / OpenTelemetry servicegraph connector',
  istio: 'Istio',
};

/** The empty state when the cluster writes no service graph: how to enable one. */
function NoServiceGraph({
  missing,
  action,
}: {
  missing: NonNullable<DependenciesResponse['missing']>;
  action?: JSX.Element;
}) {
  return (
    <PanelEmpty
      title="No service-graph metrics found"
      description={
        <>
          <Typography variant="body2" paragraph>
            {missing.message}
          </Typography>
          <ul>
            {missing.howToEnable.map(line => (
              <li key={line}>
                <Typography variant="body2">{line}</Typography>
              </li>
            ))}
          </ul>
        </>
      }
      action={action}
    />
  );
}

/**
 * The service graph and its drift from the catalog, for the Dependencies
 * section and the system card alike. `emptyAction` is the empty state's
 * way to the doctor.
 */
export function DependencyMap({
  value,
  label,
  emptyAction,
  showDrift = true,
}: {
  value: DependenciesResponse;
  label: string;
  emptyAction?: JSX.Element;
  showDrift?: boolean;
}) {
  return (
    <>
      {value.failures.map(f => (
        <Alert severity="warning" key={f.entityRef}>
          {f.entityRef} could not be read: {f.message}
        </Alert>
      ))}
      {value.missing && (
        <NoServiceGraph missing={value.missing} action={emptyAction} />
      )}
      {!value.missing && value.edges.length === 0 && (
        <PanelEmpty
          title="No calls over this range"
          description={`The service graph has no calls from or to ${value.focus.join(
            ', ',
          )} between ${value.from} and ${
            value.to
          }. Its names are trace service names (sightline.dev/trace-service), or Kubernetes workloads with Istio.`}
          action={emptyAction}
        />
      )}
      {value.edges.length > 0 && (
        <DependencyGraph
          nodes={value.nodes}
          edges={value.edges}
          focus={value.focus}
          label={label}
        />
      )}
      {showDrift && !value.missing && (
        <Box mt={2}>
          <Typography variant="h6" component="h3">
            Catalog drift
          </Typography>
          <DriftList drift={value.drift} />
        </Box>
      )}
    </>
  );
}
