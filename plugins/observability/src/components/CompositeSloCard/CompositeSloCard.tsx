import { CodeSnippet, InfoCard, Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  CompositeSloContribution,
  CompositeSloEvaluation,
  CompositeSlosResponse,
  OBSERVABILITY_ANNOTATIONS,
  formatHumanDuration,
  formatSloNumber,
  formatSloPercent,
  sloVerdict,
} from '@sightline/plugin-observability-common';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import {
  PanelEmpty,
  PanelError,
  PanelLoading,
  SloVerdictChips,
  usePanelData,
} from '../shared';

/** What the empty state shows: a composite to copy into the System's catalog-info.yaml. */
const COMPOSITE_DECLARATION_EXAMPLE = `metadata:
  annotations:
    ${OBSERVABILITY_ANNOTATIONS.sloComposites}: |
      - name: checkout-journey
        displayName: Checkout journey
        objective: 99.5
        window: 30d
        components:
          - { entity: checkout, slo: availability, weight: 2 }
          - { entity: payments, slo: availability, weight: 1 }`;

const clamp = (ratio: number) => Math.max(0, Math.min(100, ratio * 100));
/** Weighted counts are whole events times a weight: shown rounded, with separators. */
const events = (n: number) => Math.round(n).toLocaleString('en-US');

function ContributionRow({
  contribution: c,
}: {
  contribution: CompositeSloContribution;
}) {
  const entityLink = useEntityRefLink();
  const ref = parseEntityRef(c.entityRef);
  const service = (
    <Link to={`${entityLink(ref)}/observability?section=slos`}>{ref.name}</Link>
  );
  if (c.state !== 'measured') {
    return (
      <TableRow>
        <TableCell style={{ whiteSpace: 'nowrap' }}>
          {c.state === 'hidden' ? ref.name : service}
        </TableCell>
        <TableCell>{c.sloName ?? c.slo}</TableCell>
        <TableCell align="right">×{formatSloNumber(c.weight, 3)}</TableCell>
        <TableCell colSpan={2}>
          <Typography variant="body2" color="textSecondary">
            {c.state === 'hidden' ? 'Hidden: ' : 'Not counted: '}
            {c.message}
          </Typography>
        </TableCell>
      </TableRow>
    );
  }
  return (
    <TableRow>
      <TableCell style={{ whiteSpace: 'nowrap' }}>{service}</TableCell>
      <TableCell>
        {c.sloName}
        {c.sli !== undefined && (
          <Typography variant="caption" color="textSecondary" display="block">
            {formatSloPercent(c.sli)} good
            {c.objective !== undefined &&
              `, its target ${formatSloPercent(c.objective)}`}
          </Typography>
        )}
      </TableCell>
      <TableCell align="right">×{formatSloNumber(c.weight, 3)}</TableCell>
      <TableCell align="right">
        {c.trafficShare !== undefined && formatSloPercent(c.trafficShare, 1)}
        <Typography variant="caption" color="textSecondary" display="block">
          {events(c.weightedBad ?? 0)} bad of {events(c.weightedTotal ?? 0)}
        </Typography>
      </TableCell>
      <TableCell style={{ minWidth: 160 }}>
        {c.budgetConsumed === undefined ? (
          <Typography variant="body2" color="textSecondary">
            No traffic
          </Typography>
        ) : (
          <>
            <LinearProgress
              variant="determinate"
              color="secondary"
              value={clamp(c.budgetConsumed)}
              aria-label={`${ref.name} share of the budget used`}
            />
            <Typography variant="caption">
              {formatSloPercent(c.budgetConsumed, 1)} of the budget ·{' '}
              {formatSloPercent(c.badShare ?? 0, 1)} of the bad events
            </Typography>
          </>
        )}
      </TableCell>
    </TableRow>
  );
}

function Composite({ composite }: { composite: CompositeSloEvaluation }) {
  const { definition, status, contributions } = composite;
  const verdict = sloVerdict(status);
  const remaining = status?.budget.remaining;
  const uncounted = contributions.filter(c => c.state !== 'measured');
  return (
    <Box mb={2} data-testid={`composite-${definition.id}`}>
      <Box
        px={2}
        pt={2}
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
      >
        <Typography variant="h6" component="h3">
          {definition.name}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {formatSloPercent(definition.objective)} over {definition.window}
        </Typography>
        <SloVerdictChips verdict={verdict} />
      </Box>
      <Box px={2} py={1}>
        {status?.sli === undefined ? (
          <Typography variant="body2" color="textSecondary">
            No traffic in the window from the components that could be counted.
          </Typography>
        ) : (
          <>
            <Typography variant="body2">
              {formatSloPercent(status.sli)} of the weighted requests were good
              · budget remaining {formatSloPercent(remaining ?? 0, 1)}
              {status.budget.remainingMs !== undefined &&
                ` (${formatHumanDuration(status.budget.remainingMs)})`}
              {status.currentBurnRate !== undefined &&
                ` · burning ${formatSloNumber(
                  status.currentBurnRate,
                  3,
                )}× over ${status.currentWindow}`}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={clamp(remaining ?? 0)}
              aria-label={`${definition.name} budget remaining`}
            />
            {verdict.status !== 'no-data' && (
              <Typography variant="caption" display="block">
                {verdict.reason}
              </Typography>
            )}
          </>
        )}
        {uncounted.length > 0 && (
          <Alert severity="warning">
            Counts {contributions.length - uncounted.length} of{' '}
            {contributions.length} components: the figures leave out{' '}
            {uncounted.map(c => parseEntityRef(c.entityRef).name).join(', ')}.
          </Alert>
        )}
      </Box>
      <Table size="small" aria-label={`Contributions to ${definition.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>SLO</TableCell>
            <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
              Weight
            </TableCell>
            <TableCell align="right">Traffic</TableCell>
            <TableCell>Budget burned</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {contributions.map(c => (
            <ContributionRow key={`${c.entityRef} ${c.slo}`} contribution={c} />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function Composites({ response }: { response: CompositeSlosResponse }) {
  return (
    <>
      {response.problems.map(p => (
        <Alert severity="error" key={`${p.field} ${p.message}`}>
          {p.field}: {p.message}
        </Alert>
      ))}
      {response.composites.length === 0 ? (
        <PanelEmpty
          title="No composite SLOs yet"
          description={
            <>
              A composite SLO (a user journey, or the whole system) is made of
              its services' SLOs, each weighted; it is computed from their
              request counts. Declare one in the system's catalog-info.yaml:
              <CodeSnippet
                language="yaml"
                text={COMPOSITE_DECLARATION_EXAMPLE}
              />
            </>
          }
        />
      ) : (
        response.composites.map(c => (
          <Composite key={c.definition.id} composite={c} />
        ))
      )}
    </>
  );
}

/**
 * System page card: the composite SLOs the system declares (user journeys),
 * each with its status, budget and which component burned how much of it.
 */
export function CompositeSloCard() {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const ref = {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const composites = usePanelData(
    () => api.getCompositeSlos(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  return (
    <InfoCard
      title="Composite SLOs"
      subheader="User journeys from their services' weighted request counts"
      noPadding={Boolean(composites.value?.composites.length)}
    >
      {composites.loading && <PanelLoading label="Loading composite SLOs" />}
      {composites.error && (
        <PanelError error={composites.error} onRetry={composites.retry} />
      )}
      {composites.value && <Composites response={composites.value} />}
    </InfoCard>
  );
}
