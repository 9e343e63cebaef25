import { InfoCard } from '@backstage/core-components';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import ErrorIcon from '@material-ui/icons/Error';
import { ResponseError } from '@backstage/errors';
import { Alert, AlertTitle } from '@material-ui/lab';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import {
  formatMs,
  PanelError,
  PanelLoading,
  TIME_RANGE_PRESETS,
  useSharedTimeRange,
} from '../shared';
import { ExploreButton } from '../shared/exploreLink';
import { useSectionLink, useSectionParams } from '../shared/sectionLink';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { useTimeFormat } from '../shared/timeFormat';
import { SpanDetails } from './SpanDetails';
import { SpanWaterfall } from './SpanWaterfall';
import { serviceColour } from './waterfall';

/**
 * An unknown trace id: the trace store has no trace of this service with it.
 * The lookup goes by id over all the store keeps, not only the picked range,
 * so the likely causes are an expired trace or one of another service; the
 * way on is this service's trace search over a wider range.
 */
function TraceNotFound({ error }: { error: ResponseError }) {
  const [params] = useSearchParams();
  const range = useSharedTimeRange();
  const wider = TIME_RANGE_PRESETS.find(
    p => p.durationMs > range.to - range.from,
  );
  const widerSearch = () => {
    const next = new URLSearchParams(params);
    for (const key of ['traceId', 'spanId', 'from', 'to']) next.delete(key);
    next.set('range', wider!.key);
    return `?${next.toString()}`;
  };
  return (
    <Alert
      severity="warning"
      action={
        wider && (
          <Button
            color="inherit"
            size="small"
            component={RouterLink}
            to={widerSearch()}
            role="link"
          >
            Search {wider.label.toLowerCase()}
          </Button>
        )
      }
    >
      <AlertTitle>Trace not found</AlertTitle>
      <Typography variant="body2">
        {error.body?.error?.message ?? error.message}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Trace stores keep traces for a limited time, and a trace of another
        service is not shown here. Search this service's traces over{' '}
        {wider ? 'a wider range' : 'the range'} to find a similar one.
      </Typography>
    </Alert>
  );
}

/** One trace: its services, the span waterfall and the selected span's details. */
export function TraceView({ traceId }: { traceId: string }) {
  const [params, setSectionParams] = useSectionParams();
  const sectionLink = useSectionLink();
  const timeFormat = useTimeFormat();
  // Refetched on refresh too: spans that arrive late join the waterfall.
  const trace = useEntityPanelData(
    (api, entityRef) => api.getTrace(entityRef, traceId),
    [traceId],
  );
  const selectedSpanId = params.get('spanId') ?? undefined;
  const back = (
    <Button
      startIcon={<ArrowBackIcon />}
      onClick={() =>
        setSectionParams({ traceId: undefined, spanId: undefined })
      }
    >
      Back to search
    </Button>
  );

  if (trace.error) {
    return (
      <>
        {back}
        {trace.error instanceof ResponseError &&
        trace.error.statusCode === 404 ? (
          <TraceNotFound error={trace.error} />
        ) : (
          <PanelError
            error={trace.error}
            onRetry={trace.retry}
            diagnose="traces"
          />
        )}
      </>
    );
  }
  if (!trace.value) return <PanelLoading label="Loading trace" />;
  const value = trace.value;
  const selected = value.spans.find(s => s.spanId === selectedSpanId);
  const root = value.spans.find(s => s.depth === 0);
  const errorCount = value.services.reduce((n, s) => n + s.errorCount, 0);
  const logsLink = (spanId?: string) =>
    sectionLink(
      'logs',
      { traceId: value.traceId, spanId },
      { from: value.logs.from, to: value.logs.to },
    );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 8 }}
        >
          {back}
          <Button
            variant="outlined"
            component={RouterLink}
            to={logsLink()}
            // ButtonBase calls anything but <button> and <a href> a button; this navigates.
            role="link"
          >
            Logs for this trace
          </Button>
          {value.exploreUrl && (
            <ExploreButton
              url={value.exploreUrl}
              label="Open trace in Grafana"
              title={`Grafana Explore, ${
                value.backend === 'tempo' ? 'Tempo' : 'Jaeger'
              } data source`}
            />
          )}
          {value.jaegerUrl && (
            <ExploreButton
              url={value.jaegerUrl}
              label="Open trace in Jaeger"
              title="The trace in the Jaeger UI"
            />
          )}
        </Box>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={root ? `${root.service}: ${root.name}` : 'Trace'}
          subheader={`Trace ${value.traceId} · ${timeFormat.dateTimeSeconds(
            value.startMs,
          )} · ${formatMs(value.durationMs)} · ${value.spans.length} spans`}
        >
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            mb={2}
            style={{ gap: 16 }}
            aria-label="Services"
          >
            {value.services.map(s => (
              <Box
                key={s.name}
                display="flex"
                alignItems="center"
                style={{ gap: 6 }}
              >
                <span
                  style={{
                    width: 12,
                    height: 12,
                    borderRadius: 2,
                    background: serviceColour(s.name),
                  }}
                />
                <Typography variant="body2">
                  {s.name} ({s.spanCount} spans
                  {s.errorCount > 0 ? `, ${s.errorCount} failed` : ''})
                </Typography>
              </Box>
            ))}
            {errorCount > 0 && (
              <Box display="flex" alignItems="center" style={{ gap: 4 }}>
                <ErrorIcon color="error" fontSize="small" />
                <Typography variant="body2">
                  {errorCount} failed {errorCount === 1 ? 'span' : 'spans'}
                </Typography>
              </Box>
            )}
          </Box>
          {value.problems.length > 0 && (
            <Box mb={2}>
              <Alert severity="warning">
                {value.problems.length} spans could not be placed under their
                parent: {value.problems.map(p => p.message).join(' ')}
              </Alert>
            </Box>
          )}
          <SpanWaterfall
            spans={value.spans}
            traceStartMs={value.startMs}
            durationMs={value.durationMs}
            selectedSpanId={selectedSpanId}
            onSelect={spanId => setSectionParams({ spanId })}
          />
          {!selected && (
            <Box mt={1}>
              <Typography variant="body2" color="textSecondary">
                Select a span to see its attributes, events and resource.
              </Typography>
            </Box>
          )}
        </InfoCard>
      </Grid>
      {selected && (
        <Grid item xs={12} component="section" aria-label="Span details">
          <SpanDetails
            span={selected}
            traceStartMs={value.startMs}
            logsLink={logsLink(selected.spanId)}
          />
        </Grid>
      )}
    </Grid>
  );
}
