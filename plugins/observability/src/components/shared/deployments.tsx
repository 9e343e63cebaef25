import { DeploymentsResponse } from '@sightline/plugin-observability-common';
import { createContext, ReactNode, useContext } from 'react';
import { useEntityPanelData } from './useEntityPanelData';

type DeploymentsState = ReturnType<
  typeof useEntityPanelData<DeploymentsResponse>
>;

const DeploymentsContext = createContext<DeploymentsState | undefined>(
  undefined,
);

/**
 * The entity's rollouts over the page's time range, fetched once for every
 * chart and the Deployments card of the tab (each would otherwise ask the
 * same question of four sources).
 */
export function DeploymentsProvider({ children }: { children: ReactNode }) {
  const deployments = useEntityPanelData((api, entityRef, range) =>
    api.getDeployments(entityRef, range),
  );
  return (
    <DeploymentsContext.Provider value={deployments}>
      {children}
    </DeploymentsContext.Provider>
  );
}

/**
 * The rollouts of the provider around, with their loading and error state;
 * undefined outside one (a chart on another page draws no markers).
 */
export function useDeployments(): DeploymentsState | undefined {
  return useContext(DeploymentsContext);
}
