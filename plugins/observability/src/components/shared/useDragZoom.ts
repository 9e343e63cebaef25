import { useState } from 'react';

/** What recharts tells a chart's mouse handlers: the x value under the pointer. */
type ChartPointerState = { activeLabel?: string | number };

/** A time range dragged across a chart, in the order the pointer went. */
export type DragSelection = { from: number; to: number };

/**
 * Drag-to-zoom for a recharts chart with a time x axis: spread `handlers`
 * on the chart, draw `selection` (a ReferenceArea) while it is non-empty;
 * releasing calls `onZoom` with the range, earliest first. A click (no
 * movement) zooms nothing, so dots and bars stay clickable.
 */
export function useDragZoom(onZoom?: (from: number, to: number) => void) {
  const [drag, setDrag] = useState<DragSelection>();
  const at = ({ activeLabel }: ChartPointerState) =>
    activeLabel === undefined ? undefined : Number(activeLabel);
  const handlers = onZoom && {
    onMouseDown: (state: ChartPointerState) => {
      const t = at(state);
      if (t !== undefined) setDrag({ from: t, to: t });
    },
    onMouseMove: (state: ChartPointerState) => {
      const t = at(state);
      if (drag && t !== undefined) setDrag({ ...drag, to: t });
    },
    onMouseUp: () => {
      if (drag && drag.from !== drag.to) {
        onZoom(Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
      }
      setDrag(undefined);
    },
    onMouseLeave: () => setDrag(undefined),
    style: { cursor: 'crosshair', userSelect: 'none' as const },
  };
  const selection =
    drag && drag.from !== drag.to
      ? { x1: Math.min(drag.from, drag.to), x2: Math.max(drag.from, drag.to) }
      : undefined;
  return { handlers, selection, dragging: drag !== undefined };
}
