import { CompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { FormControlLabel, Switch, Tooltip } from '@material-ui/core';
import { useEffect, useState } from 'react';
import {
  observabilityApiRef,
  SloNotificationMute,
} from '../../api/ObservabilityApi';
import { describeError } from '../shared';

/**
 * The user's own switch for this entity's SLO notifications (its owners
 * are told when an SLO changes status). Hidden while unknown, when the
 * backend sends none, and when the caller has no mute of their own (a
 * service, or a backend without the route): it changes nothing for others.
 */
export function SloNotificationToggle(props: { entityRef: CompoundEntityRef }) {
  const { kind, namespace, name } = props.entityRef;
  const api = useApi(observabilityApiRef);
  const alertApi = useApi(alertApiRef);
  const [mute, setMute] = useState<SloNotificationMute>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    api
      .getSloNotificationMute({ kind, namespace, name })
      .then(value => current && setMute(value))
      .catch(() => current && setMute(undefined));
    return () => {
      current = false;
    };
  }, [api, kind, namespace, name]);

  if (!mute?.notificationsEnabled) return null;

  const toggle = async (notify: boolean) => {
    setBusy(true);
    try {
      setMute(
        await api.setSloNotificationMute({ kind, namespace, name }, !notify),
      );
    } catch (e) {
      alertApi.post({
        message: `Could not ${
          notify ? 'unmute' : 'mute'
        } the SLO notifications: ${describeError(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Tooltip title="The owners are notified when an SLO changes status or a burn-rate condition starts or stops holding; this switch is yours alone">
      <FormControlLabel
        control={
          <Switch
            size="small"
            color="primary"
            checked={!mute.muted}
            disabled={busy}
            onChange={(_, checked) => toggle(checked)}
            inputProps={{ 'aria-label': 'Notify me of SLO changes' }}
          />
        }
        label="Notify me of SLO changes"
      />
    </Tooltip>
  );
}
