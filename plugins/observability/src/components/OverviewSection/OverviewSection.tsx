import { InfoCard, Link } from '@backstage/core-components';
import {
  Box,
  FormControlLabel,
  Grid,
  Switch,
  Typography,
} from '@material-ui/core';
import { RedResponse } from '@sightline/plugin-observability-common';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  formatMs,
  formatPercent,
  formatRate,
  PanelEmpty,
  PanelError,
  PanelLoading,
  useSharedTimeRange,
} from '../shared';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { useSectionLink } from '../shared/sectionLink';
import { BreakdownPanel } from './BreakdownPanel';
import { DeploymentsCard } from '../DeploymentsCard';
import { Deferred } from '../shared/Deferred';
import {
  ERROR_RATIO_SERIES,
  errorRatioChart,
  hasTraffic,
  LATENCY_SERIES,
  latencyChart,
  requestRateChart,
} from './redChartData';
import { SummaryFigures } from './SummaryFigures';
import { ServiceStatusStrip, useServiceAttention } from '../ServiceStatusStrip';
import { useMissingEngineCapability } from '../UpstreamHealthCard';
import { ChartMarker, ChartPanel, TimeSeriesChart } from './TimeSeriesChart';

/** Exemplars with a trace within the range, as chart markers in milliseconds. */
function exemplarMarkers(red: RedResponse): ChartMarker[] {
  const { start, end } = red.range;
  return red.exemplars
    .filter(e => e.traceId && e.timestamp >= start && e.timestamp <= end)
    .map(e => ({
      t: e.timestamp,
      value: e.value * 1000,
      traceId: e.traceId!,
      labels: e.labels,
    }));
}

function ExemplarLinks({ markers }: { markers: ChartMarker[] }) {
  const sectionLink = useSectionLink();
  const slowest = [...markers].sort((a, b) => b.value - a.value).slice(0, 5);
  return (
    <Box mt={1}>
      <Typography variant="body2" color="textSecondary">
        Sampled requests (click a dot on the chart, or a trace here):
      </Typography>
      <Box component="ul" m={0} pl={3}>
        {slowest.map(m => (
          <li key={m.traceId}>
            <Typography variant="body2">
              {formatMs(m.value)} –{' '}
              <Link to={sectionLink('traces', { traceId: m.traceId })}>
                trace {m.traceId.slice(0, 16)}
              </Link>
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}

/**
 * `value`, handed on `order` × 50 ms after it changes (at once for order 0;
 * undefined until then): the charts of one response then mount in tasks of
 * their own, so that none of them holds up the page for long.
 */
function useStaggered<T>(value: T, order: number): T | undefined {
  const [later, setLater] = useState<T>();
  useEffect(() => {
    if (order === 0) return undefined;
    const timer = setTimeout(() => setLater(() => value), order * 50);
    return () => clearTimeout(timer);
  }, [value, order]);
  return order === 0 ? value : later;
}

function RedCharts({ red }: { red: RedResponse }) {
  const navigate = useNavigate();
  const sectionLink = useSectionLink();
  const { zoomIn } = useSharedTimeRange();
  // Sampled requests cover the lines they sit on; the reader may hide them.
  const [showMarkers, setShowMarkers] = useState(true);
  // An engine without exemplars (VictoriaMetrics) leaves the chart without
  // dots; say why, rather than let it look as if no request was sampled.
  const exemplarsMissing = useMissingEngineCapability('exemplars');
  // The page re-renders whenever another panel's data or the URL changes;
  // the charts, the costliest part of it, redraw only for a new response.
  const charts = useMemo(
    () => ({
      rate: requestRateChart(red.requestRate),
      errorRatio: errorRatioChart(red.errorRatio),
      latency: latencyChart(red.latency),
      markers: exemplarMarkers(red),
      range: red.range,
    }),
    [red],
  );
  // Each chart mounts in a task of its own, after the summary figures.
  const rate = useStaggered(charts, 1);
  const errorRatio = useStaggered(charts, 2);
  const latency = useStaggered(charts, 3);
  const markers = latency?.markers ?? [];
  // The same function while the URL changes (a new range, say): a new one
  // would redraw the latency chart before its new data has come.
  const sectionLinkNow = useRef(sectionLink);
  sectionLinkNow.current = sectionLink;
  const openTrace = useCallback(
    (m: ChartMarker) =>
      navigate(sectionLinkNow.current('traces', { traceId: m.traceId })),
    [navigate],
  );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SummaryFigures summary={red.summary} previous={red.previous} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartPanel
          title="Request rate"
          subtitle={`By status class, rate over ${red.rateWindow}`}
        >
          {rate ? (
            <TimeSeriesChart
              description={`Request rate by status class; ${formatRate(
                red.summary.requestRate,
              )} on average`}
              rows={rate.rate.rows}
              series={rate.rate.series}
              range={rate.range}
              formatValue={formatRate}
              stacked
              onZoom={zoomIn}
            />
          ) : (
            <Box height={240} />
          )}
        </ChartPanel>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartPanel
          title="Error ratio"
          subtitle="Failed requests / all requests"
        >
          {errorRatio ? (
            <TimeSeriesChart
              description={`Error ratio; ${formatPercent(
                red.summary.errorRatio,
              )} over the range`}
              rows={errorRatio.errorRatio}
              series={ERROR_RATIO_SERIES}
              range={errorRatio.range}
              formatValue={formatPercent}
              onZoom={zoomIn}
            />
          ) : (
            <Box height={240} />
          )}
        </ChartPanel>
      </Grid>
      <Grid item xs={12}>
        {red.latency ? (
          <ChartPanel
            title="Latency"
            subtitle={
              markers.length > 0
                ? 'p50, p95 and p99; dots are sampled requests that open their trace'
                : 'p50, p95 and p99'
            }
          >
            <>
              {latency ? (
                <TimeSeriesChart
                  description={`Latency p50 ${formatMs(
                    (red.summary.latencyP50 ?? NaN) * 1000,
                  )}, p95 ${formatMs(
                    (red.summary.latencyP95 ?? NaN) * 1000,
                  )}, p99 ${formatMs((red.summary.latencyP99 ?? NaN) * 1000)}`}
                  rows={latency.latency}
                  series={LATENCY_SERIES}
                  range={latency.range}
                  formatValue={formatMs}
                  height={280}
                  markers={showMarkers ? markers : undefined}
                  onMarkerClick={openTrace}
                  onZoom={zoomIn}
                />
              ) : (
                <Box height={280} />
              )}
              {markers.length > 0 && (
                <FormControlLabel
                  control={
                    <Switch
                      size="small"
                      checked={showMarkers}
                      onChange={(_, checked) => setShowMarkers(checked)}
                    />
                  }
                  label="Show sampled requests"
                />
              )}
              {showMarkers && markers.length > 0 && (
                <ExemplarLinks markers={markers} />
              )}
              {markers.length === 0 && exemplarsMissing && (
                <Typography variant="body2" color="textSecondary">
                  No sampled requests: {exemplarsMissing}
                </Typography>
              )}
            </>
          </ChartPanel>
        ) : (
          <PanelEmpty
            title="No latency histogram"
            description={`The ${red.dialect.title} metrics of this service have no duration histogram, so there is no latency to show. Set sightline.dev/duration-metric, or generate monitoring in Setup.`}
            action={<OpenSetupButton />}
          />
        )}
      </Grid>
    </Grid>
  );
}

/** Request rate, errors and latency of the entity, and where they come from. */
export function OverviewSection() {
  const red = useEntityPanelData((api, entityRef, range) =>
    api.getRed(entityRef, range),
  );
  const attention = useServiceAttention();
  return (
    <Grid container spacing={3}>
      {attention?.needsAttention && (
        <Grid item xs={12}>
          <ServiceStatusStrip attention={attention} />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="Requests, errors and latency">
          {red.loading && <PanelLoading label="Loading request metrics" />}
          {red.error && (
            <PanelError
              error={red.error}
              onRetry={red.retry}
              diagnose="series"
            />
          )}
          {red.value && !hasTraffic(red.value) && (
            <PanelEmpty
              title="No requests in this range"
              description={`Prometheus has no ${red.value.dialect.requestMetric} traffic for this service in the range. Pick a longer range, or diagnose why the selector matches no traffic.`}
              action={<OpenSetupButton diagnose="series" />}
            />
          )}
          {red.value && hasTraffic(red.value) && <RedCharts red={red.value} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {/* Below the charts, out of view at first: mounted on its own. */}
        <Deferred minHeight={200}>
          <DeploymentsCard />
        </Deferred>
      </Grid>
      <Grid item xs={12}>
        <InfoCard>
          <BreakdownPanel />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
