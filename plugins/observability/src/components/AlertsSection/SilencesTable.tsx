import { Link } from '@backstage/core-components';
import {
  Box,
  Button,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  EntitySilence,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { useTimeFormat } from '../shared/timeFormat';
import { formatSince } from './alertFormat';

/**
 * The silences that mute the entity's alerts, each linking to Alertmanager's
 * UI (its `externalUrl`). Those created elsewhere say where; only the
 * entity's own can be expired here, and only by those who may.
 */
export function SilencesTable(props: {
  silences: EntitySilence[];
  /** The entity whose page this is: its own silences are the expirable ones. */
  entityRef: string;
  nowMs: number;
  onExpire?: (silence: EntitySilence) => void;
}) {
  const { silences, entityRef, nowMs, onExpire } = props;
  const timeFormat = useTimeFormat();
  const actions = Boolean(onExpire) || silences.some(s => s.url);
  return (
    <Table size="small" aria-label="Silences">
      <TableHead>
        <TableRow>
          <TableCell>State</TableCell>
          <TableCell>Matchers</TableCell>
          <TableCell>Comment</TableCell>
          <TableCell>Created by</TableCell>
          <TableCell>Ends</TableCell>
          {actions && <TableCell aria-label="Actions" />}
        </TableRow>
      </TableHead>
      <TableBody>
        {silences.map(silence => (
          <TableRow key={silence.id}>
            <TableCell>
              <Chip
                size="small"
                variant={silence.state === 'active' ? 'default' : 'outlined'}
                label={silence.state}
              />
            </TableCell>
            <TableCell>
              <code>{renderMatchers(silence.matchers)}</code>
            </TableCell>
            <TableCell>{silence.comment}</TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {silence.createdBy}
              {silence.createdFrom !== entityRef && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {silence.createdFrom
                    ? `created by ${silence.createdFrom}`
                    : 'created outside Backstage'}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              {formatSince(silence.endsAt, nowMs, timeFormat)}
            </TableCell>
            {actions && (
              <TableCell>
                <Box
                  display="flex"
                  alignItems="center"
                  style={{ gap: 8, whiteSpace: 'nowrap' }}
                >
                  {silence.url && (
                    <Link
                      to={silence.url}
                      aria-label={`Silence ${silence.comment} in Alertmanager`}
                    >
                      Alertmanager
                    </Link>
                  )}
                  {onExpire &&
                    silence.state !== 'expired' &&
                    silence.createdFrom === entityRef && (
                      <Button
                        size="small"
                        onClick={() => onExpire(silence)}
                        aria-label={`Expire silence ${silence.comment}`}
                      >
                        Expire
                      </Button>
                    )}
                </Box>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
