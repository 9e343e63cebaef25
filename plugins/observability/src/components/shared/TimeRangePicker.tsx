import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  IconButton,
  InputLabel,
  MenuItem,
  Select,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import { useState } from 'react';
import {
  browserTimeZone,
  TimeFormatter,
  TimeZoneMode,
  useTimeFormat,
} from './timeFormat';
import {
  REFRESH_INTERVALS,
  TIME_RANGE_PRESETS,
  TimeRangeState,
} from './timeRange';

/** `ms` as a datetime-local input's value, on the clock the page reads. */
function toInput(ms: number, timeFormat: TimeFormatter): string {
  return new Date(ms + timeFormat.offsetMs(ms)).toISOString().slice(0, 16);
}

/** A datetime-local input's value, read on the clock the page reads. */
function fromInput(value: string, timeFormat: TimeFormatter): number {
  const wall = Date.parse(`${value}:00Z`);
  return wall - timeFormat.offsetMs(wall - timeFormat.offsetMs(wall));
}

function CustomRangeDialog({
  range,
  onClose,
}: {
  range: TimeRangeState;
  onClose(): void;
}) {
  const timeFormat = useTimeFormat();
  const [from, setFrom] = useState(toInput(range.from, timeFormat));
  const [to, setTo] = useState(toInput(range.to, timeFormat));
  const fromMs = fromInput(from, timeFormat);
  const toMs = fromInput(to, timeFormat);
  const invalid = !(fromMs < toMs);
  return (
    <Dialog open onClose={onClose} aria-labelledby="custom-range-title">
      <DialogTitle id="custom-range-title">Custom time range</DialogTitle>
      <DialogContent>
        <Box display="flex" style={{ gap: 16 }} pt={1}>
          <TextField
            label={`From (${timeFormat.timeZone})`}
            type="datetime-local"
            value={from}
            onChange={e => setFrom(e.target.value)}
            InputLabelProps={{ shrink: true }}
          />
          <TextField
            label={`To (${timeFormat.timeZone})`}
            type="datetime-local"
            value={to}
            onChange={e => setTo(e.target.value)}
            InputLabelProps={{ shrink: true }}
            error={invalid}
            helperText={invalid ? 'Must be after "From"' : ' '}
          />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          disabled={invalid}
          onClick={() => {
            range.setCustom(fromMs, toMs);
            onClose();
          }}
        >
          Apply
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The time range, the time zone every time on the page is written in,
 * auto-refresh and refresh: the controls shared by every section. Sections
 * that show the state as of now hide the range (`showRange={false}`);
 * `note` says what the controls change there.
 */
export function TimeRangePicker({
  range,
  showRange = true,
  note,
}: {
  range: TimeRangeState;
  showRange?: boolean;
  note?: string;
}) {
  const [customOpen, setCustomOpen] = useState(false);
  const timeFormat = useTimeFormat();
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
      {note && (
        <Typography variant="body2" color="textSecondary">
          {note}
        </Typography>
      )}
      {showRange && range.zoomOut && (
        <Button
          size="small"
          variant="outlined"
          startIcon={<ZoomOutIcon />}
          onClick={range.zoomOut}
        >
          Zoom out
        </Button>
      )}
      {showRange && (
        <FormControl variant="outlined" size="small" style={{ minWidth: 170 }}>
          <InputLabel id="observability-range-label">Time range</InputLabel>
          <Select
            labelId="observability-range-label"
            label="Time range"
            value={range.key}
            onChange={e => {
              const key = String(e.target.value);
              if (key === 'custom') setCustomOpen(true);
              else range.setPreset(key);
            }}
          >
            {TIME_RANGE_PRESETS.map(p => (
              <MenuItem key={p.key} value={p.key}>
                {p.label}
              </MenuItem>
            ))}
            <MenuItem value="custom">
              {range.key === 'custom' ? range.label : 'Custom…'}
            </MenuItem>
          </Select>
        </FormControl>
      )}
      <FormControl variant="outlined" size="small" style={{ minWidth: 120 }}>
        <InputLabel id="observability-zone-label">Time zone</InputLabel>
        <Select
          labelId="observability-zone-label"
          label="Time zone"
          value={timeFormat.mode}
          onChange={e => timeFormat.setMode(e.target.value as TimeZoneMode)}
        >
          <MenuItem value="local">{`Local (${browserTimeZone()})`}</MenuItem>
          <MenuItem value="utc">UTC</MenuItem>
        </Select>
      </FormControl>
      <FormControl variant="outlined" size="small" style={{ minWidth: 130 }}>
        <InputLabel id="observability-refresh-label">Auto-refresh</InputLabel>
        <Select
          labelId="observability-refresh-label"
          label="Auto-refresh"
          value={range.refreshInterval}
          onChange={e => range.setRefreshInterval(String(e.target.value))}
        >
          {REFRESH_INTERVALS.map(r => (
            <MenuItem key={r.key} value={r.key}>
              {r.label}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <Tooltip title="Refresh now">
        <IconButton aria-label="Refresh now" onClick={range.refresh}>
          <RefreshIcon />
        </IconButton>
      </Tooltip>
      {customOpen && (
        <CustomRangeDialog range={range} onClose={() => setCustomOpen(false)} />
      )}
    </Box>
  );
}
