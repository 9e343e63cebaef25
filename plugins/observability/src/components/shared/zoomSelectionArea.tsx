import { Theme } from '@material-ui/core';
import { ReferenceArea } from 'recharts';

/**
 * The range being dragged on a recharts chart (`useDragZoom`'s `selection`),
 * shaded in the theme's primary colour; nothing while no range is dragged.
 * Called as a function inside the chart, so the chart gets the ReferenceArea
 * element itself, exactly as if it were written there.
 */
export function zoomSelectionArea(
  selection: { x1: number; x2: number } | undefined,
  theme: Theme,
) {
  return (
    selection && (
      <ReferenceArea
        {...selection}
        fill={theme.palette.primary.main}
        fillOpacity={0.15}
        ifOverflow="hidden"
      />
    )
  );
}
