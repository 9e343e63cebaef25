import { createContext, ReactNode, useContext, useMemo } from 'react';
import { useEntityPanelData } from '../shared/useEntityPanelData';
import { ServiceAttention, serviceAttention } from './serviceAttention';

const ServiceAttentionContext = createContext<ServiceAttention | undefined>(
  undefined,
);

/**
 * Asks once for the service's alerts and SLOs (now, refetched on refresh)
 * and shares what wants attention with the tabs and the Overview's strip. A
 * failed request leaves its part out: the Alerts and SLOs sections show the
 * error where it can be acted on.
 */
export function ServiceAttentionProvider(props: { children: ReactNode }) {
  const alerts = useEntityPanelData((api, entityRef) =>
    api.getAlerts(entityRef),
  );
  const slos = useEntityPanelData((api, entityRef) => api.getSlos(entityRef));
  const value = useMemo(
    () => serviceAttention(alerts.value, slos.value),
    [alerts.value, slos.value],
  );
  return (
    <ServiceAttentionContext.Provider value={value}>
      {props.children}
    </ServiceAttentionContext.Provider>
  );
}

/** What wants attention on the service; undefined outside the Observability tab. */
export function useServiceAttention(): ServiceAttention | undefined {
  return useContext(ServiceAttentionContext);
}
