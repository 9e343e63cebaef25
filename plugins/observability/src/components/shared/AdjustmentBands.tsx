import { useTheme } from '@material-ui/core';
import { SloAdjustmentsResponse } from '@sightline/plugin-observability-common';
import { createContext, ReactNode, useContext, useMemo } from 'react';
import { ReferenceArea } from 'recharts';
import { useTimeFormat } from './timeFormat';
import { useEntityPanelData } from './useEntityPanelData';

/** One excluded period as charts shade it: epoch ms bounds and why. */
export interface AdjustmentBand {
  startMs: number;
  endMs: number;
  reasons: string[];
}

const AdjustmentBandsContext = createContext<AdjustmentBand[]>([]);

/** The response's periods as bands, each with its adjustment's reason. */
export function bandsOf(response: SloAdjustmentsResponse): AdjustmentBand[] {
  const reasons = new Map(response.adjustments.map(a => [a.id, a.reason]));
  return response.periods.map(p => ({
    startMs: Date.parse(p.start),
    endMs: Date.parse(p.end),
    reasons: [reasons.get(p.adjustmentId) ?? 'Budget adjustment'],
  }));
}

/**
 * The entity's SLO budget adjustments over the page's time range, fetched
 * once for every chart of the tab, which shade them (`AdjustmentBands`).
 */
export function AdjustmentsProvider({ children }: { children: ReactNode }) {
  const { value } = useEntityPanelData((api, entityRef, range) =>
    api.getSloAdjustments(entityRef, range),
  );
  const bands = useMemo(() => (value ? bandsOf(value) : []), [value]);
  return (
    <AdjustmentBandsContext.Provider value={bands}>
      {children}
    </AdjustmentBandsContext.Provider>
  );
}

/** Bands given directly, e.g. the periods an SLO's evaluation excluded. */
export function AdjustmentBandsOf({
  bands,
  children,
}: {
  bands: AdjustmentBand[];
  children: ReactNode;
}) {
  return (
    <AdjustmentBandsContext.Provider value={bands}>
      {children}
    </AdjustmentBandsContext.Provider>
  );
}

/** The bands of the provider around; none outside one. */
function useAdjustmentBands(): AdjustmentBand[] {
  return useContext(AdjustmentBandsContext);
}

/**
 * A shaded band over each period excluded from the SLO budgets, labelled
 * for screen readers and hover with when and why. Placed inside any
 * recharts chart whose x axis is time in epoch milliseconds; the parts
 * outside the chart's domain are not drawn.
 */
export function AdjustmentBands() {
  const theme = useTheme();
  const timeFormat = useTimeFormat();
  const bands = useAdjustmentBands();
  return (
    <>
      {bands.map(band => {
        const label = `Excluded from the error budget ${timeFormat.dateTime(
          band.startMs,
        )} – ${timeFormat.dateTime(band.endMs)}: ${band.reasons.join('; ')}`;
        return (
          <ReferenceArea
            key={`${band.startMs}-${band.endMs}`}
            x1={band.startMs}
            x2={band.endMs}
            ifOverflow="hidden"
            fill={theme.palette.info.main}
            fillOpacity={0.15}
            stroke={theme.palette.info.main}
            strokeOpacity={0.4}
            shape={(props: {
              x?: number;
              y?: number;
              width?: number;
              height?: number;
            }) => (
              <g data-testid="adjustment-band" role="img" aria-label={label}>
                <title>{label}</title>
                <rect
                  x={props.x}
                  y={props.y}
                  // A period of minutes on a month's axis is still visible.
                  width={Math.max(2, props.width ?? 0)}
                  height={props.height}
                  fill={theme.palette.info.main}
                  fillOpacity={0.15}
                  stroke={theme.palette.info.main}
                  strokeOpacity={0.4}
                />
              </g>
            )}
          />
        );
      })}
    </>
  );
}
