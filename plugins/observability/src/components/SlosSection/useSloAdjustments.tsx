import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Button, Tooltip } from '@material-ui/core';
import { observabilitySloAdjustPermission } from '@sightline/plugin-observability-common';
import { useState } from 'react';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import { usePanelData } from '../shared';
import { ExcludePeriodDialog } from './ExcludePeriodDialog';
import { SloAdjustmentsContext } from './SloAdjustmentsList';

/**
 * The entity's budget adjustments for the SLO section: the list the cards
 * show, an "Exclude a period" button (disabled, saying why, without
 * observability.slo.adjust) with its dialog, and deletion; both evaluate
 * the SLOs again (`onChange`).
 */
export function useSloAdjustments(
  entityRef: CompoundEntityRef,
  onChange: () => void,
) {
  const api = useApi(observabilityApiRef);
  const { allowed: canAdjust } = usePermission({
    permission: observabilitySloAdjustPermission,
    resourceRef: stringifyEntityRef(entityRef),
  });
  const [open, setOpen] = useState(false);
  // Every adjustment is listed whatever the range; the cards draw the
  // periods each evaluation excluded, so none are asked for here.
  const list = usePanelData(
    () => api.getSloAdjustments(entityRef),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );

  const changed = () => {
    list.retry();
    onChange();
  };
  const context: SloAdjustmentsContext = {
    adjustments: list.value?.adjustments ?? [],
    canAdjust,
    onDelete: adjustment => {
      api.deleteSloAdjustment(entityRef, adjustment.id).then(changed, () => {
        // The list shows what is left either way; a refusal is the
        // permission's, which the disabled button already explains.
        list.retry();
      });
    },
  };
  const button = (
    <Tooltip
      title={
        canAdjust
          ? 'Exclude planned maintenance or a known-bad period from the error budgets'
          : `Excluding periods needs the ${observabilitySloAdjustPermission.name} permission for this service, which policies usually grant to its owners`
      }
    >
      {/* A disabled button fires no events: the span carries the tooltip. */}
      <span>
        <Button
          variant="outlined"
          size="small"
          disabled={!canAdjust}
          onClick={() => setOpen(true)}
        >
          Exclude a period
        </Button>
      </span>
    </Tooltip>
  );
  const dialog = open ? (
    <ExcludePeriodDialog
      onClose={() => setOpen(false)}
      onSubmit={async request => {
        await api.createSloAdjustment(entityRef, request);
        setOpen(false);
        changed();
      }}
    />
  ) : null;
  return { context, button, dialog };
}
