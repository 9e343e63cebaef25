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
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
  useTheme,
} from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import WarningIcon from '@material-ui/icons/Warning';
import { Alert } from '@material-ui/lab';
import { TraceSummary } from '@sightline/plugin-observability-common';
import { FormEvent, useState } from 'react';
import { formatMs, PanelEmpty, PanelError, PanelLoading } from '../shared';
import { OpenSetupButton } from '../shared/OpenSetupButton';
import { ExploreButton, useExploreLink } from '../shared/exploreLink';
import { useSectionLink, useSectionParams } from '../shared/sectionLink';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { useSharedTimeRange } from '../shared/timeRange';
import { useTimeFormat } from '../shared/timeFormat';
import { ServiceChip } from './ServiceChip';
import {
  OUTCOME_LABELS,
  TraceOutcome,
  traceOutcome,
  TraceScatter,
} from './TraceScatter';

/** Enough dots to see a range's shape; the backend samples them across it. */
const SEARCH_LIMIT = 200;
const DURATION_PATTERN = /^\d+(\.\d+)?(us|µs|ms|s|m|h)$/;

type StatusFilter = 'ok' | 'error' | undefined;

function parseStatus(value: string | null): StatusFilter {
  return value === 'ok' || value === 'error' ? value : undefined;
}

/** The root span's outcome, and whether spans under a succeeding root failed. */
function StatusMark({ outcome }: { outcome: TraceOutcome }) {
  const theme = useTheme();
  const icons: Record<TraceOutcome, JSX.Element> = {
    error: <ErrorIcon color="error" fontSize="small" />,
    'has-errors': (
      <WarningIcon
        fontSize="small"
        style={{ color: theme.palette.warning.main }}
      />
    ),
    ok: <CheckCircleIcon fontSize="small" color="disabled" />,
    unknown: <HelpIcon fontSize="small" color="disabled" />,
  };
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      {icons[outcome]}
      <Typography variant="body2">{OUTCOME_LABELS[outcome]}</Typography>
    </Box>
  );
}

type SortKey = 'start' | 'duration' | 'spans';
type Sort = { by: SortKey; direction: 'asc' | 'desc' };

const SORT_VALUES: Record<SortKey, (t: TraceSummary) => number> = {
  start: t => t.startMs,
  duration: t => t.durationMs,
  // A trace whose span count the backend did not give sorts below every counted one.
  spans: t => t.spanCount ?? -1,
};

function sortTraces(traces: TraceSummary[], sort: Sort): TraceSummary[] {
  const value = SORT_VALUES[sort.by];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...traces].sort((a, b) => sign * (value(a) - value(b)));
}

/** A column header that sorts the list by it; a second click reverses. */
function SortHeader({
  label,
  sortKey,
  sort,
  onSort,
  align,
}: {
  label: string;
  sortKey: SortKey;
  sort: Sort;
  onSort(sort: Sort): void;
  align?: 'right';
}) {
  const active = sort.by === sortKey;
  return (
    <TableCell align={align} sortDirection={active ? sort.direction : false}>
      <TableSortLabel
        active={active}
        direction={active ? sort.direction : 'desc'}
        onClick={() =>
          onSort({
            by: sortKey,
            direction: active && sort.direction === 'desc' ? 'asc' : 'desc',
          })
        }
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
}

/** The search form; applies its filters to the URL on submit. */
function SearchForm({
  status,
  minDuration,
  operation,
  onSearch,
}: {
  status: StatusFilter;
  minDuration: string;
  operation: string;
  onSearch(filters: Record<string, string | undefined>): void;
}) {
  const [statusInput, setStatusInput] = useState(status ?? 'any');
  const [durationInput, setDurationInput] = useState(minDuration);
  const [operationInput, setOperationInput] = useState(operation);
  const durationInvalid =
    durationInput !== '' && !DURATION_PATTERN.test(durationInput.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (durationInvalid) return;
    onSearch({
      status: statusInput === 'any' ? undefined : statusInput,
      minDuration: durationInput.trim(),
      operation: operationInput.trim(),
    });
  };
  return (
    <form onSubmit={submit} aria-label="Trace search">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-start"
        style={{ gap: 16 }}
      >
        <FormControl variant="outlined" size="small" style={{ minWidth: 140 }}>
          <InputLabel id="traces-status-label">Status</InputLabel>
          <Select
            labelId="traces-status-label"
            label="Status"
            value={statusInput}
            onChange={e => setStatusInput(String(e.target.value))}
          >
            <MenuItem value="any">Any</MenuItem>
            <MenuItem value="error">Error</MenuItem>
            <MenuItem value="ok">OK</MenuItem>
          </Select>
        </FormControl>
        <TextField
          id="traces-min-duration"
          label="Minimum duration"
          variant="outlined"
          size="small"
          value={durationInput}
          onChange={e => setDurationInput(e.target.value)}
          error={durationInvalid}
          helperText={
            durationInvalid
              ? 'A duration such as 250ms or 2s'
              : 'e.g. 250ms, 2s'
          }
        />
        <TextField
          id="traces-operation"
          label="Operation"
          variant="outlined"
          size="small"
          value={operationInput}
          onChange={e => setOperationInput(e.target.value)}
          helperText="Span name, exactly"
          inputProps={{ maxLength: 200 }}
        />
        <Button type="submit" variant="contained" color="primary">
          Search
        </Button>
      </Box>
    </form>
  );
}

/** Searches the entity's traces, draws them over the range and lists them, sortably. */
export function TraceSearch() {
  const [params, setSectionParams] = useSectionParams();
  const sectionLink = useSectionLink();
  const exploreLink = useExploreLink('traces');
  const timeFormat = useTimeFormat();
  const { zoomIn } = useSharedTimeRange();
  const [sort, setSort] = useState<Sort>({ by: 'start', direction: 'desc' });
  const status = parseStatus(params.get('status'));
  const minDuration = params.get('minDuration') ?? '';
  const operation = params.get('operation') ?? '';

  const traces = useEntityPanelData(
    (api, entityRef, range) =>
      api.searchTraces(entityRef, {
        ...range,
        status,
        minDuration: minDuration || undefined,
        operation,
        limit: SEARCH_LIMIT,
      }),
    [status, minDuration, operation],
  );
  const value = traces.value;
  const filtered = status || minDuration || operation;
  const traceLink = (traceId: string) => sectionLink('traces', { traceId });

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          justifyContent="space-between"
          flexWrap="wrap"
          style={{ gap: 16 }}
        >
          <SearchForm
            status={status}
            minDuration={minDuration}
            operation={operation}
            onSearch={setSectionParams}
          />
          {exploreLink && (
            <Box>
              <ExploreButton
                url={exploreLink.url}
                title={exploreLink.warning ?? exploreLink.query}
              />
            </Box>
          )}
        </Box>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Traces"
          subheader={
            value &&
            `${value.traces.length} traces of ${value.serviceName} from ${
              value.backend === 'tempo' ? 'Tempo' : 'Jaeger'
            }, sampled across the range`
          }
        >
          {value && traces.loading && <LinearProgress />}
          {!value && traces.loading && (
            <PanelLoading label="Searching traces" />
          )}
          {traces.error && (
            <PanelError
              error={traces.error}
              onRetry={traces.retry}
              diagnose="traces"
            />
          )}
          {value?.notes.map(note => (
            <Box key={note} mb={1}>
              <Alert severity="info">{note}</Alert>
            </Box>
          ))}
          {value && value.traces.length === 0 && (
            <PanelEmpty
              title="No traces found"
              description={
                filtered
                  ? 'No trace in this time range matches the search. Loosen the status, duration or operation filter, or widen the time range.'
                  : `The trace store has no traces of service.name "${value.serviceName}" in this time range. Widen the range, or let Diagnose compare the sightline.dev/trace-service annotation with the service names the store has.`
              }
              action={
                filtered ? undefined : <OpenSetupButton diagnose="traces" />
              }
            />
          )}
          {value && value.traces.length > 0 && (
            <Box mb={2}>
              <TraceScatter
                traces={value.traces}
                range={value.range}
                traceLink={traceLink}
                onZoom={zoomIn}
              />
            </Box>
          )}
          {value && value.traces.length > 0 && (
            <Table size="small" aria-label="Traces found">
              <TableHead>
                {/* Headers (and sort arrows) break mid-word at 1024 px otherwise. */}
                <TableRow style={{ whiteSpace: 'nowrap' }}>
                  <TableCell>Status</TableCell>
                  {/* Wide enough for `checkout: GET` on a line, so names break at spaces at 1024 px. */}
                  <TableCell style={{ minWidth: 140 }}>Root span</TableCell>
                  <SortHeader
                    label="Started"
                    sortKey="start"
                    sort={sort}
                    onSort={setSort}
                  />
                  <SortHeader
                    label="Duration"
                    sortKey="duration"
                    sort={sort}
                    onSort={setSort}
                    align="right"
                  />
                  <SortHeader
                    label="Spans"
                    sortKey="spans"
                    sort={sort}
                    onSort={setSort}
                    align="right"
                  />
                  <TableCell>Services</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {sortTraces(value.traces, sort).map(t => (
                  <TableRow key={t.traceId} hover>
                    <TableCell>
                      <StatusMark outcome={traceOutcome(t)} />
                    </TableCell>
                    <TableCell>
                      <Link to={traceLink(t.traceId)}>
                        {t.rootService
                          ? `${t.rootService}: ${t.rootName ?? ''}`
                          : `root not received (${t.traceId.slice(0, 8)})`}
                      </Link>
                    </TableCell>
                    <TableCell>
                      {timeFormat.dateTimeSeconds(t.startMs)}
                    </TableCell>
                    <TableCell align="right">
                      {formatMs(t.durationMs)}
                    </TableCell>
                    <TableCell align="right">
                      {t.spanCount ?? '–'}
                      {t.errorCount ? ` (${t.errorCount} failed)` : ''}
                    </TableCell>
                    <TableCell>
                      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
                        {t.services.map(s => (
                          <ServiceChip key={s.name} service={s.name} />
                        ))}
                      </Box>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
