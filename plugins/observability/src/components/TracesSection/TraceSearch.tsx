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
  TextField,
  Typography,
} from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import { Alert } from '@material-ui/lab';
import { TraceSummary } from '@sightline/plugin-observability-common';
import { FormEvent, useState } from 'react';
import { formatMs, PanelEmpty, PanelError, PanelLoading } from '../shared';
import { ExploreButton, useExploreLink } from '../shared/exploreLink';
import { useSectionLink, useSectionParams } from '../shared/sectionLink';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { useTimeFormat } from '../shared/timeFormat';
import { ServiceChip } from './ServiceChip';

const SEARCH_LIMIT = 50;
const DURATION_PATTERN = /^\d+(\.\d+)?(us|µs|ms|s|m|h)$/;

type StatusFilter = 'ok' | 'error' | undefined;

function parseStatus(value: string | null): StatusFilter {
  return value === 'ok' || value === 'error' ? value : undefined;
}

function StatusMark({ status }: { status: TraceSummary['status'] }) {
  const icons = {
    error: <ErrorIcon color="error" fontSize="small" />,
    ok: <CheckCircleIcon fontSize="small" color="disabled" />,
    unknown: <HelpIcon fontSize="small" color="disabled" />,
  };
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      {icons[status]}
      <Typography variant="body2">{status}</Typography>
    </Box>
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

/** Searches the entity's traces and lists them, newest first. */
export function TraceSearch() {
  const [params, setSectionParams] = useSectionParams();
  const sectionLink = useSectionLink();
  const exploreLink = useExploreLink('traces');
  const timeFormat = useTimeFormat();
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
            }, newest first`
          }
        >
          {value && traces.loading && <LinearProgress />}
          {!value && traces.loading && (
            <PanelLoading label="Searching traces" />
          )}
          {traces.error && (
            <PanelError error={traces.error} onRetry={traces.retry} />
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
                  : `The trace store has no traces of service.name "${value.serviceName}" in this time range. Widen the range, or check the sightline.dev/trace-service annotation in the Setup section.`
              }
            />
          )}
          {value && value.traces.length > 0 && (
            <Table size="small" aria-label="Traces found">
              <TableHead>
                <TableRow>
                  <TableCell>Status</TableCell>
                  <TableCell>Root span</TableCell>
                  <TableCell>Started</TableCell>
                  <TableCell align="right">Duration</TableCell>
                  <TableCell align="right">Spans</TableCell>
                  <TableCell>Services</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.traces.map(t => (
                  <TableRow key={t.traceId} hover>
                    <TableCell>
                      <StatusMark status={t.status} />
                    </TableCell>
                    <TableCell>
                      <Link to={sectionLink('traces', { traceId: t.traceId })}>
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
