import { Table, TableColumn } from '@backstage/core-components';
import { Box, Tab, Tabs, Typography } from '@material-ui/core';
import {
  RedBreakdownBy,
  RedBreakdownRow,
} from '@sightline/plugin-observability-common';
import { useMemo, useState } from 'react';
import {
  formatMs,
  formatPercent,
  formatRate,
  PanelEmpty,
  PanelError,
  PanelLoading,
} from '../shared';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { withRowIds } from '../shared/withRowIds';
import { Deferred } from '../shared/Deferred';

/** The dense table's header and row heights, for its place before it mounts. */
const TABLE_HEADER_PX = 40;
const TABLE_ROW_PX = 37;
const TABLE_OPTIONS = {
  paging: false,
  search: false,
  toolbar: false,
  padding: 'dense',
} as const;

const TAB_LABELS: Record<RedBreakdownBy, string> = {
  route: 'By route',
  status: 'By status',
};

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

/**
 * The busiest routes or status codes over the range, offering only the
 * breakdowns the entity's metrics have a label for: the backend picks the
 * first when none is chosen, and says which there are.
 */
export function BreakdownPanel() {
  const [chosen, setBy] = useState<RedBreakdownBy>();
  const breakdown = useEntityPanelData(
    (api, entityRef, range) =>
      api.getRedBreakdown(entityRef, { ...range, by: chosen, limit: 10 }),
    [chosen],
  );
  // The answer before is kept while the next loads: its tabs stay.
  const by = chosen ?? breakdown.value?.by;
  const offered = breakdown.value?.breakdowns ?? [];
  // The same table while the next answer loads: material-table redoes all
  // its work for new columns or rows, and the page re-renders on every
  // change of the range or of another panel.
  const table = useMemo(
    () =>
      breakdown.value && (
        <Table
          options={TABLE_OPTIONS}
          columns={columnsFor(breakdown.value.label)}
          data={withRowIds(breakdown.value.rows, row => row.key)}
        />
      ),
    [breakdown.value],
  );
  return (
    <Box>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h3">
          Top {by === 'status' ? 'status codes' : 'routes'}
        </Typography>
        {by && offered.length > 0 && (
          <Tabs
            value={by}
            onChange={(_, value: RedBreakdownBy) => setBy(value)}
            indicatorColor="primary"
            textColor="primary"
            aria-label="Break requests down by"
          >
            {offered.map(b => (
              <Tab key={b} value={b} label={TAB_LABELS[b]} />
            ))}
          </Tabs>
        )}
      </Box>
      {breakdown.loading && <PanelLoading label="Loading the breakdown" />}
      {breakdown.error && (
        <PanelError
          error={breakdown.error}
          onRetry={breakdown.retry}
          diagnose="series"
        />
      )}
      {breakdown.value && breakdown.value.rows.length === 0 && (
        <PanelEmpty
          title="No requests to break down"
          description={`No series with a "${breakdown.value.label}" label had traffic in this range.`}
          action={<OpenSetupButton diagnose="series" />}
        />
      )}
      {breakdown.value && breakdown.value.rows.length > 0 && (
        // The table mounts in a task of its own, not in the one that
        // draws the charts whose answer came at the same time.
        <Deferred
          minHeight={
            TABLE_HEADER_PX + breakdown.value.rows.length * TABLE_ROW_PX
          }
        >
          {table}
        </Deferred>
      )}
    </Box>
  );
}
