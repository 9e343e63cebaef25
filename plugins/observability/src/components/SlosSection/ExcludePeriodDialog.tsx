import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { CreateSloAdjustmentRequest } from '../../api/ObservabilityApi';
import { describeError } from '../shared';

/** `2026-11-12T10:00` from a datetime-local input, in the viewer's zone, as an ISO instant. */
function localToIso(value: string): string {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/**
 * What an owner fills in to exclude a period: a reason, and either a start
 * and end, or a first start, a length and an RRULE. The backend checks the
 * meaning (and says which field is wrong); the dialog shows its answer.
 */
export function ExcludePeriodDialog(props: {
  onSubmit(request: CreateSloAdjustmentRequest): Promise<void>;
  onClose(): void;
}) {
  const [kind, setKind] = useState<'once' | 'recurring'>('once');
  const [reason, setReason] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [duration, setDuration] = useState('1h');
  const [rrule, setRrule] = useState('FREQ=WEEKLY');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit({
        reason,
        start: localToIso(start),
        ...(kind === 'once' ? { end: localToIso(end) } : { duration, rrule }),
      });
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} aria-labelledby="exclude-period-title">
      <DialogTitle id="exclude-period-title">
        Exclude a period from the error budget
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          Requests in the period count neither as good nor as bad, in every SLO
          of this service. Times are in your time zone.
        </Typography>
        <TextField
          id="exclude-reason"
          label="Reason"
          fullWidth
          required
          margin="dense"
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Why it does not count, e.g. planned database maintenance"
        />
        <RadioGroup
          row
          aria-label="Kind of period"
          value={kind}
          onChange={e => setKind(e.target.value as 'once' | 'recurring')}
        >
          <FormControlLabel value="once" control={<Radio />} label="Once" />
          <FormControlLabel
            value="recurring"
            control={<Radio />}
            label="Recurring"
          />
        </RadioGroup>
        <TextField
          id="exclude-start"
          label={kind === 'once' ? 'Start' : 'First start'}
          type="datetime-local"
          fullWidth
          required
          margin="dense"
          InputLabelProps={{ shrink: true }}
          value={start}
          onChange={e => setStart(e.target.value)}
        />
        {kind === 'once' ? (
          <TextField
            id="exclude-end"
            label="End"
            type="datetime-local"
            fullWidth
            required
            margin="dense"
            InputLabelProps={{ shrink: true }}
            value={end}
            onChange={e => setEnd(e.target.value)}
          />
        ) : (
          <>
            <TextField
              id="exclude-duration"
              label="Length of each period"
              fullWidth
              required
              margin="dense"
              value={duration}
              onChange={e => setDuration(e.target.value)}
              helperText="e.g. 30m, 2h"
            />
            <TextField
              id="exclude-rrule"
              label="Recurrence (RRULE)"
              fullWidth
              required
              margin="dense"
              value={rrule}
              onChange={e => setRrule(e.target.value)}
              helperText="e.g. FREQ=WEEKLY;BYDAY=SU or FREQ=MONTHLY;BYDAY=1TU; the first start is its first occurrence"
            />
          </>
        )}
        {error && (
          <Alert severity="error">{describeError(error).message}</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !reason.trim() || !start}
          onClick={submit}
        >
          Exclude
        </Button>
      </DialogActions>
    </Dialog>
  );
}
