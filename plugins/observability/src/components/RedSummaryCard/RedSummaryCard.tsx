import { InfoCard } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { RedResponse } from '@sightline/plugin-observability-common';
import {
  ERROR_RATIO_SERIES,
  errorRatioChart,
  hasTraffic,
  LATENCY_SERIES,
  latencyChart,
  mergeSeries,
} from '../OverviewSection/redChartData';
import { TimeSeriesChart } from '../OverviewSection/TimeSeriesChart';
import {
  formatChange,
  formatMs,
  formatPercent,
  formatRate,
  PanelEmpty,
  PanelError,
  PanelLoading,
  TimeRangeProvider,
  useSharedTimeRange,
} from '../shared';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { useObservabilityTabLink } from '../shared/useObservabilityTabLink';

const TOTAL_RATE_SERIES = [
  { key: 'total', name: 'Requests', color: '#1976d2' },
];
const P95_SERIES = LATENCY_SERIES.filter(s => s.key === 'p95');

/** All status classes added up, per timestamp: the sparkline of traffic. */
function totalRateRows(red: RedResponse) {
  const rows = mergeSeries(
    red.requestRate.map((s, i) => ({ key: `s${i}`, points: s.points })),
  );
  return rows.map(row => ({
    t: row.t,
    total: red.requestRate.reduce((sum, _, i) => sum + (row[`s${i}`] ?? 0), 0),
  }));
}

function Figure(props: {
  label: string;
  value: string;
  change?: string;
  chart: JSX.Element;
}) {
  return (
    <Box display="flex" alignItems="center" style={{ gap: 16 }} py={1}>
      <Box minWidth={130}>
        <Typography variant="overline" color="textSecondary">
          {props.label}
        </Typography>
        <Typography variant="h6" component="p">
          {props.value}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {props.change ? `${props.change} vs period before` : '\u00a0'}
        </Typography>
      </Box>
      <Box flex={1} minWidth={0}>
        {props.chart}
      </Box>
    </Box>
  );
}

function RedSummary({ red }: { red: RedResponse }) {
  const { summary, previous } = red;
  const sparkline = (
    description: string,
    rows: ReturnType<typeof mergeSeries>,
    series: typeof LATENCY_SERIES,
    formatValue: (v: number) => string,
  ) => (
    <TimeSeriesChart
      compact
      height={48}
      description={description}
      rows={rows}
      series={series}
      range={red.range}
      formatValue={formatValue}
    />
  );
  const p95Ms =
    summary.latencyP95 === undefined ? undefined : summary.latencyP95 * 1000;
  return (
    <>
      <Figure
        label="Request rate"
        value={formatRate(summary.requestRate)}
        change={formatChange(summary.requestRate, previous.requestRate)}
        chart={sparkline(
          'Request rate over the last hour',
          totalRateRows(red),
          TOTAL_RATE_SERIES,
          formatRate,
        )}
      />
      <Figure
        label="Error ratio"
        value={formatPercent(summary.errorRatio)}
        change={formatChange(summary.errorRatio, previous.errorRatio)}
        chart={sparkline(
          'Error ratio over the last hour',
          errorRatioChart(red.errorRatio),
          ERROR_RATIO_SERIES,
          formatPercent,
        )}
      />
      {red.latency && (
        <Figure
          label="Latency p95"
          value={formatMs(p95Ms)}
          change={formatChange(summary.latencyP95, previous.latencyP95)}
          chart={sparkline(
            'Latency p95 over the last hour',
            latencyChart(red.latency),
            P95_SERIES,
            formatMs,
          )}
        />
      )}
    </>
  );
}

function RedSummaryCardContent() {
  const tabLink = useObservabilityTabLink();
  const { label } = useSharedTimeRange();
  const red = useEntityPanelData((api, entityRef, range) =>
    api.getRed(entityRef, range),
  );
  return (
    <InfoCard
      title="Requests, errors, latency"
      subheader={label}
      deepLink={{ title: 'Open Observability', link: tabLink('overview') }}
    >
      {red.loading && <PanelLoading label="Loading request metrics" />}
      {red.error && (
        <PanelError error={red.error} onRetry={red.retry} linkTo={tabLink} />
      )}
      {red.value && !hasTraffic(red.value) && (
        <PanelEmpty
          title="No requests in the last hour"
          description="Prometheus has no traffic for this service. The Setup section of the Observability tab shows what is configured."
        />
      )}
      {red.value && hasTraffic(red.value) && <RedSummary red={red.value} />}
    </InfoCard>
  );
}

/** Entity overview card: the last hour's request rate, errors and p95 latency with sparklines. */
export function RedSummaryCard() {
  return (
    <TimeRangeProvider>
      <RedSummaryCardContent />
    </TimeRangeProvider>
  );
}
