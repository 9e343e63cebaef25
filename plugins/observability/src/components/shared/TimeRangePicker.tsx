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
} from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useState } from 'react';
import {
  REFRESH_INTERVALS,
  TIME_RANGE_PRESETS,
  TimeRangeState,
} from './timeRange';

function toLocalInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

function CustomRangeDialog({
  range,
  onClose,
}: {
  range: TimeRangeState;
  onClose(): void;
}) {
  const [from, setFrom] = useState(toLocalInput(range.from));
  const [to, setTo] = useState(toLocalInput(range.to));
  const fromMs = new Date(from).getTime();
  const toMs = new Date(to).getTime();
  const invalid = !(fromMs < toMs);
  return (
    <Dialog open onClose={onClose} aria-labelledby="custom-range-title">
      <DialogTitle id="custom-range-title">Custom time range</DialogTitle>
      <DialogContent>
        <Box display="flex" style={{ gap: 16 }} pt={1}>
          <TextField
            label="From"
            type="datetime-local"
            value={from}
            onChange={e => setFrom(e.target.value)}
            InputLabelProps={{ shrink: true }}
          />
          <TextField
            label="To"
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

/** The time range, auto-refresh and refresh controls shared by every section. */
export function TimeRangePicker({ range }: { range: TimeRangeState }) {
  const [customOpen, setCustomOpen] = useState(false);
  return (
    <Box display="flex" alignItems="center" style={{ gap: 12 }}>
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
