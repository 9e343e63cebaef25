import { InfoCard, Link } from '@backstage/core-components';
import {
  Box,
  Button,
  FormControl,
  Grid,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { LogLevel, LOG_LEVELS } from '@sightline/plugin-observability-common';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import {
  PanelEmpty,
  PanelError,
  PanelLoading,
  useSharedTimeRange,
} from '../shared';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { ExploreButton, useExploreLink } from '../shared/exploreLink';
import { useSectionLink, useSectionParams } from '../shared/sectionLink';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { LogList } from './LogList';
import { LogVolumeChart } from './LogVolumeChart';

/** How many lines a user can ask for; the backend allows up to 5,000. */
const LINE_LIMITS = [200, 1000, 5000];
const DEFAULT_LIMIT = 1000;
const MAX_SEARCH_LENGTH = 200;
const SEARCH_DEBOUNCE_MS = 400;

function parseLevels(value: string | null): LogLevel[] {
  const named = (value ?? '').split(',');
  return LOG_LEVELS.filter(l => named.includes(l));
}

/** The text search box: sends `contains` to the backend once typing pauses. */
function SearchField({
  initial,
  onSearch,
}: {
  initial: string;
  onSearch(text: string): void;
}) {
  const [text, setText] = useState(initial);
  const tooLong = text.length > MAX_SEARCH_LENGTH;
  useDebounce(
    () => {
      if (!tooLong && text !== initial) onSearch(text);
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );
  return (
    <TextField
      id="logs-search"
      label="Search text"
      variant="outlined"
      size="small"
      value={text}
      onChange={e => setText(e.target.value)}
      error={tooLong}
      helperText={
        tooLong
          ? `At most ${MAX_SEARCH_LENGTH} characters`
          : 'Case-sensitive, searched in Loki'
      }
      style={{ minWidth: 280 }}
    />
  );
}

/**
 * The entity's logs: volume by level, then the lines, filtered by level,
 * text and trace, all kept in the URL.
 */
export function LogsSection() {
  const [params, setSectionParams] = useSectionParams();
  const sectionLink = useSectionLink();
  const { zoomIn } = useSharedTimeRange();

  const levels = parseLevels(params.get('level'));
  const contains = params.get('contains') ?? '';
  const traceId = params.get('traceId') ?? undefined;
  const spanId = params.get('spanId') ?? undefined;
  const limit = LINE_LIMITS.includes(Number(params.get('limit')))
    ? Number(params.get('limit'))
    : DEFAULT_LIMIT;

  const logs = useEntityPanelData(
    (api, entityRef, range) =>
      api.getLogs(entityRef, {
        ...range,
        level: levels,
        contains,
        traceId,
        limit,
      }),
    [levels.join(), contains, traceId, limit],
  );
  const exploreLink = useExploreLink('logs');

  // Loki is asked for the trace's lines; a span's are picked from those.
  const lines = (logs.value?.lines ?? []).filter(
    l => !spanId || l.spanId === spanId,
  );
  const filtered = levels.length > 0 || contains || traceId;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="flex-start"
          style={{ gap: 16 }}
        >
          <Box>
            <Typography variant="caption" color="textSecondary" component="div">
              Levels (none selected: all)
            </Typography>
            <ToggleButtonGroup
              size="small"
              value={levels}
              aria-label="Log levels"
              onChange={(_, next: LogLevel[]) =>
                setSectionParams({
                  level: LOG_LEVELS.filter(l => next.includes(l)).join(','),
                })
              }
            >
              {LOG_LEVELS.map(level => (
                <ToggleButton key={level} value={level} aria-label={level}>
                  {level}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          </Box>
          <SearchField
            initial={contains}
            onSearch={text => setSectionParams({ contains: text })}
          />
          <FormControl variant="outlined" size="small">
            <InputLabel id="logs-limit-label">Lines</InputLabel>
            <Select
              labelId="logs-limit-label"
              label="Lines"
              value={limit}
              onChange={e =>
                setSectionParams({ limit: String(e.target.value) })
              }
            >
              {LINE_LIMITS.map(n => (
                <MenuItem key={n} value={n}>
                  {n.toLocaleString('en-US')}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          {exploreLink && (
            <ExploreButton
              url={exploreLink.url}
              title={exploreLink.warning ?? exploreLink.query}
            />
          )}
        </Box>
      </Grid>
      {traceId && (
        <Grid item xs={12}>
          <Alert
            severity="info"
            action={
              <Button
                color="inherit"
                size="small"
                onClick={() =>
                  setSectionParams({ traceId: undefined, spanId: undefined })
                }
              >
                Show all logs
              </Button>
            }
          >
            Showing the logs of {spanId ? `span ${spanId} of ` : ''}trace{' '}
            <Link to={sectionLink('traces', { traceId, spanId })}>
              {traceId}
            </Link>
            .
          </Alert>
        </Grid>
      )}
      {/* One request feeds both panels; its error is shown once, with the lines. */}
      {!logs.error && (
        <Grid item xs={12}>
          <InfoCard title="Log volume by level">
            {!logs.value && logs.loading && (
              <PanelLoading label="Loading log volume" />
            )}
            {logs.value?.volume && (
              <LogVolumeChart
                series={logs.value.volume.series}
                range={logs.value.range}
                stepMs={logs.value.volume.stepMs}
                onZoom={zoomIn}
              />
            )}
            {logs.value?.volumeError && (
              <Alert severity="warning">
                The volume histogram could not be loaded:{' '}
                {logs.value.volumeError}
              </Alert>
            )}
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard
          title="Log lines"
          subheader={
            logs.value &&
            `${lines.length.toLocaleString('en-US')} lines, newest first · ${
              logs.value.selector
            }`
          }
        >
          {logs.value && logs.loading && <LinearProgress />}
          {!logs.value && logs.loading && (
            <PanelLoading label="Loading log lines" />
          )}
          {logs.error && (
            <PanelError
              error={logs.error}
              onRetry={logs.retry}
              diagnose="logs"
            />
          )}
          {logs.value?.truncated && (
            <Box mb={1}>
              <Alert severity="info">
                Only the newest {logs.value.limit.toLocaleString('en-US')} lines
                are shown; there are more in this range. Narrow the range or the
                filters, or show more lines.
              </Alert>
            </Box>
          )}
          {logs.value && lines.length > 0 && <LogList lines={lines} />}
          {logs.value && lines.length === 0 && (
            <PanelEmpty
              title="No log lines"
              description={
                filtered
                  ? 'No line in this time range matches the filters. Clear the level, text or trace filter, or widen the time range.'
                  : `Loki has no lines for ${logs.value.selector} in this time range. Widen the range, or let Diagnose compare the sightline.dev/log-selector annotation with the streams Loki has.`
              }
              action={
                filtered ? undefined : <OpenSetupButton diagnose="logs" />
              }
            />
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
