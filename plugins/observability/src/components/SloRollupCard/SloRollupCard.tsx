import { InfoCard, Link } from '@backstage/core-components';
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
  formatHumanDuration,
  formatSloPercent,
  OBSERVABILITY_ANNOTATIONS,
  SloRollupItem,
  SloRollupResponse,
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

function RollupRow({ slo }: { slo: SloRollupItem }) {
  const entityLink = useEntityRefLink();
  const ref = parseEntityRef(slo.entityRef);
  const remaining = slo.status?.budget.remaining;
  const remainingMs = slo.status?.budget.remainingMs;
  const verdict = sloVerdict(slo.status);
  return (
    <TableRow>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        <Link to={`${entityLink(ref)}/observability?section=slos`}>
          {ref.name}
        </Link>
      </TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        {slo.definition.name}
        <Typography variant="caption" color="textSecondary" display="block">
          {formatSloPercent(slo.definition.objective)} over{' '}
          {slo.definition.window}
        </Typography>
      </TableCell>
      <TableCell style={{ minWidth: 160 }}>
        {remaining === undefined ? (
          <Typography variant="body2" color="textSecondary">
            {slo.problems[0]?.message ?? 'No traffic in the window'}
          </Typography>
        ) : (
          <>
            <LinearProgress
              variant="determinate"
              value={Math.max(0, Math.min(100, remaining * 100))}
              aria-label={`${ref.name} ${slo.definition.name} budget remaining`}
            />
            <Typography variant="caption">
              {formatSloPercent(remaining, 1)}
              {remainingMs !== undefined &&
                ` · ${formatHumanDuration(remainingMs)}`}
            </Typography>
          </>
        )}
      </TableCell>
      <TableCell>
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          <SloVerdictChips verdict={verdict} />
        </Box>
        {verdict.status !== 'no-data' && (
          <Typography variant="caption" display="block">
            {verdict.reason}
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}

function RollupTable({ response }: { response: SloRollupResponse }) {
  return (
    <>
      {response.failures.map(f => (
        <Alert severity="warning" key={f.entityRef}>
          SLOs of {f.entityRef} could not be read: {f.message}
        </Alert>
      ))}
      {response.problems.map(p => (
        <Alert severity="error" key={`${p.entityRef}-${p.source}-${p.message}`}>
          {p.entityRef}
          {p.source && ` (${p.source})`}: {p.message}
        </Alert>
      ))}
      {response.slos.length === 0 ? (
        <PanelEmpty
          title="No SLOs yet"
          description={`None of these services declares an SLO. Add ${OBSERVABILITY_ANNOTATIONS.sloAvailability}: '99.9' to a service's catalog-info.yaml to see it here.`}
        />
      ) : (
        <Table size="small" aria-label="SLOs, most urgent first">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>SLO</TableCell>
              <TableCell>Budget remaining</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {response.slos.map(slo => (
              <RollupRow
                key={`${slo.entityRef}/${slo.definition.id}`}
                slo={slo}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/**
 * Every SLO of the services a group owns or a system contains, most urgent
 * first (the backend sorts: a page condition holding, then a ticket one, then
 * the sooner the budget runs out), each with why it stands there and a link
 * to its service's SLO section.
 */
function SloRollupCard(props: { kind: 'group' | 'system'; title: string }) {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const parent = {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const rollup = usePanelData(
    () =>
      props.kind === 'group'
        ? api.getGroupSlos(parent)
        : api.getSystemSlos(parent),
    [api, props.kind, parent.namespace, parent.name],
  );
  return (
    <InfoCard
      title={props.title}
      noPadding={Boolean(rollup.value?.slos.length)}
    >
      {rollup.loading && <PanelLoading label="Loading SLOs" />}
      {rollup.error && (
        <PanelError error={rollup.error} onRetry={rollup.retry} />
      )}
      {rollup.value && <RollupTable response={rollup.value} />}
    </InfoCard>
  );
}

/** Group page card: the SLOs of every service the group owns. */
export function GroupSloRollupCard() {
  return <SloRollupCard kind="group" title="SLOs of the team's services" />;
}

/** System page card: the SLOs of every service in the system. */
export function SystemSloRollupCard() {
  return <SloRollupCard kind="system" title="SLOs of the system's services" />;
}
