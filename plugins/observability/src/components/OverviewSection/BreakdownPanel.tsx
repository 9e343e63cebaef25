import { Table, TableColumn } from '@backstage/core-components';
import { Box, Tab, Tabs, Typography } from '@material-ui/core';
import { RedBreakdownRow } from '@sightline/plugin-observability-common';
import { useState } from 'react';
import {
  formatMs,
  formatPercent,
  formatRate,
  PanelEmpty,
  PanelError,
  PanelLoading,
} from '../shared';
import { useEntityPanelData } from '../shared/useEntityPanelData';

type BreakdownBy = 'route' | 'status';

function columnsFor(label: string): TableColumn<RedBreakdownRow>[] {
  return [
    { title: label, field: 'key', highlight: true },
    {
      title: 'Request rate',
      field: 'requestRate',
      type: 'numeric',
      render: row => formatRate(row.requestRate),
    },
    {
      title: 'Error ratio',
      field: 'errorRatio',
      type: 'numeric',
      render: row => formatPercent(row.errorRatio),
    },
    {
      title: 'Latency p95',
      field: 'latencyP95',
      type: 'numeric',
      render: row =>
        formatMs(
          row.latencyP95 === undefined ? undefined : row.latencyP95 * 1000,
        ),
    },
  ];
}

/** The busiest routes or status codes over the range. */
export function BreakdownPanel() {
  const [by, setBy] = useState<BreakdownBy>('route');
  const breakdown = useEntityPanelData(
    (api, entityRef, range) =>
      api.getRedBreakdown(entityRef, { ...range, by, limit: 10 }),
    [by],
  );
  return (
    <Box>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h3">
          Top {by === 'route' ? 'routes' : 'status codes'}
        </Typography>
        <Tabs
          value={by}
          onChange={(_, value: BreakdownBy) => setBy(value)}
          indicatorColor="primary"
          textColor="primary"
          aria-label="Break requests down by"
        >
          <Tab value="route" label="By route" />
          <Tab value="status" label="By status" />
        </Tabs>
      </Box>
      {breakdown.loading && <PanelLoading label="Loading the breakdown" />}
      {breakdown.error && (
        <PanelError error={breakdown.error} onRetry={breakdown.retry} />
      )}
      {breakdown.value && breakdown.value.rows.length === 0 && (
        <PanelEmpty
          title="No requests to break down"
          description={`No series with a "${breakdown.value.label}" label had traffic in this range.`}
        />
      )}
      {breakdown.value && breakdown.value.rows.length > 0 && (
        <Table
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={columnsFor(breakdown.value.label)}
          data={breakdown.value.rows}
        />
      )}
    </Box>
  );
}
