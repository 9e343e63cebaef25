import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  List,
  ListItem,
  ListItemText,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EntityAlert,
  formatHumanDuration,
  LabelMatcher,
  MAX_SILENCE_MINUTES,
  parseDuration,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { describeError, useTimeFormat } from '../shared';
import { formatSince } from './alertFormat';
import { previewSilence } from './silencePreview';

const DURATION_PRESETS = ['1h', '4h', '1d', '3d', '7d'];
const CUSTOM = 'custom';
const MIN_COMMENT_LENGTH = 3;

/** Whole minutes of a duration such as `90m` or `2h`, or why it is not one. */
export function silenceMinutes(
  value: string,
): { minutes: number } | { problem: string } {
  const ms = parseDuration(value);
  if (ms === undefined) {
    return { problem: 'Write a duration such as 30m, 2h or 1d12h' };
  }
  if (ms % 60_000 !== 0) return { problem: 'Use whole minutes' };
  const minutes = ms / 60_000;
  if (minutes > MAX_SILENCE_MINUTES) {
    return {
      problem: `At most ${formatHumanDuration(MAX_SILENCE_MINUTES * 60_000)}`,
    };
  }
  return { minutes };
}

export type SilenceDialogProps = {
  /** What is silenced, e.g. `HighErrorRate` or `every alert of payments`. */
  title: string;
  /** The entity's own matchers; the backend always adds them. */
  entityMatchers: LabelMatcher[];
  /** Matchers that narrow the silence, e.g. the alert's name. */
  extraMatchers: LabelMatcher[];
  /** The entity's current alerts, to show which ones the silence mutes. */
  alerts: EntityAlert[];
  onSubmit(request: {
    comment: string;
    durationMinutes: number;
    matchers: LabelMatcher[];
  }): Promise<void>;
  onClose(): void;
};

const MUTED_HOW = {
  mutesNow: 'firing: muted at once',
  alreadyMuted: 'already muted: by another silence or an inhibition',
  pending: 'pending: muted if it fires before the silence ends',
} as const;

/**
 * Which of the entity's current alerts the silence mutes, and when it ends:
 * what a user checks before muting anything.
 */
function SilenceEffect(props: {
  alerts: EntityAlert[];
  matchers: LabelMatcher[];
  /** Absent while the duration is invalid. */
  endsAtMs?: number;
  nowMs: number;
}) {
  const { alerts, matchers, endsAtMs, nowMs } = props;
  const timeFormat = useTimeFormat();
  const preview = previewSilence(alerts, matchers);
  const rows =
    'unknown' in preview
      ? []
      : (['mutesNow', 'alreadyMuted', 'pending'] as const).flatMap(group =>
          preview[group].map(alert => ({ alert, how: MUTED_HOW[group] })),
        );
  return (
    <Box mt={1} mb={2}>
      <Typography variant="subtitle2" component="h3" id="silence-effect-title">
        What it mutes
      </Typography>
      <Typography variant="body2">
        {endsAtMs === undefined
          ? 'Ends: choose a valid duration'
          : `Ends ${formatSince(
              new Date(endsAtMs).toISOString(),
              nowMs,
              timeFormat,
            )}`}
      </Typography>
      {'unknown' in preview && (
        <Typography variant="body2" color="textSecondary">
          Cannot tell which alerts match here: {preview.unknown} uses regex
          syntax only Alertmanager evaluates. Check them in Alertmanager.
        </Typography>
      )}
      {!('unknown' in preview) && rows.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No current alert matches; it mutes matching alerts that fire before it
          ends.
        </Typography>
      )}
      {rows.length > 0 && (
        <List dense disablePadding aria-labelledby="silence-effect-title">
          {rows.map(({ alert, how }) => (
            <ListItem
              key={`${alert.name}-${JSON.stringify(alert.labels)}`}
              disableGutters
            >
              <ListItemText
                primary={alert.name}
                secondary={`${how} · ${renderMatchers(
                  Object.entries(alert.labels)
                    .filter(([name]) => name !== 'alertname')
                    .map(([name, value]) => ({ name, op: '=', value })),
                )}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}

/**
 * Creates an Alertmanager silence. The matchers are fixed (from the alert and
 * the entity) so nobody silences more than they looked at.
 */
export function SilenceDialog(props: SilenceDialogProps) {
  const { title, entityMatchers, extraMatchers, alerts, onSubmit, onClose } =
    props;
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const [preset, setPreset] = useState('1h');
  const [custom, setCustom] = useState('');
  const [comment, setComment] = useState('');
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();

  const duration = silenceMinutes(preset === CUSTOM ? custom : preset);
  const durationProblem = 'problem' in duration ? duration.problem : undefined;
  const commentProblem =
    comment.trim().length < MIN_COMMENT_LENGTH
      ? 'Say why, so others know whether the silence can go'
      : undefined;
  const invalid = Boolean(durationProblem || commentProblem);

  const submit = async () => {
    setTouched(true);
    if (invalid || !('minutes' in duration)) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit({
        comment: comment.trim(),
        durationMinutes: duration.minutes,
        matchers: extraMatchers,
      });
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  const problem = error && describeError(error);
  const matchers = [...entityMatchers, ...extraMatchers];
  const nowMs = Date.now();
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="silence-dialog-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="silence-dialog-title">Silence {title}</DialogTitle>
      <DialogContent>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Matchers
        </Typography>
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2}>
          {matchers.map(m => (
            <Chip
              key={`${m.name}${m.op}${m.value}`}
              size="small"
              variant="outlined"
              label={renderMatchers([m])}
            />
          ))}
        </Box>
        <FormControl component="fieldset" margin="dense">
          <FormLabel component="legend">Duration</FormLabel>
          <RadioGroup
            row
            aria-label="Duration"
            value={preset}
            onChange={e => setPreset(e.target.value)}
          >
            {DURATION_PRESETS.map(d => (
              <FormControlLabel
                key={d}
                value={d}
                control={<Radio color="primary" />}
                label={d}
              />
            ))}
            <FormControlLabel
              value={CUSTOM}
              control={<Radio color="primary" />}
              label="Custom"
            />
          </RadioGroup>
        </FormControl>
        {preset === CUSTOM && (
          <TextField
            id="silence-custom-duration"
            label="Custom duration"
            placeholder="90m"
            value={custom}
            onChange={e => setCustom(e.target.value)}
            error={touched && Boolean(durationProblem)}
            helperText={durationProblem ?? 'Up to 7 days, e.g. 90m or 2d'}
            margin="dense"
          />
        )}
        <SilenceEffect
          alerts={alerts}
          matchers={matchers}
          endsAtMs={
            'minutes' in duration
              ? nowMs + duration.minutes * 60_000
              : undefined
          }
          nowMs={nowMs}
        />
        <TextField
          id="silence-comment"
          label="Comment"
          required
          fullWidth
          multiline
          minRows={2}
          value={comment}
          onChange={e => setComment(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && Boolean(commentProblem)}
          helperText={(touched && commentProblem) || ' '}
          margin="normal"
        />
        <Typography variant="body2" color="textSecondary">
          Created by{' '}
          {identity.value?.userEntityRef ?? 'you (your Backstage identity)'}
        </Typography>
        {problem && (
          <Box mt={2}>
            <Alert severity="error">
              {problem.title}: {problem.message}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={submitting || (touched && invalid)}
        >
          Create silence
        </Button>
      </DialogActions>
    </Dialog>
  );
}
