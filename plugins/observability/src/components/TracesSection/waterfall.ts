import { TreeSpan } from '@sightline/plugin-observability-common';

// Colours for services, none of them red (red means error here); each reads
// on white and on the dark theme's grey. From the Tableau 10 palette.
const SERVICE_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
];

/**
 * A service's colour, the same in every trace and in the search results:
 * chosen by a hash of its name.
 */
export function serviceColour(service: string): string {
  let hash = 0;
  for (let i = 0; i < service.length; i++) {
    hash = (hash * 31 + service.charCodeAt(i)) | 0;
  }
  return SERVICE_PALETTE[Math.abs(hash) % SERVICE_PALETTE.length];
}

/**
 * The spans to show when some subtrees are collapsed: the tree's
 * depth-first order, minus the descendants of collapsed spans.
 */
export function visibleSpans(
  spans: TreeSpan[],
  collapsed: ReadonlySet<string>,
): TreeSpan[] {
  const visible: TreeSpan[] = [];
  // The depth below which spans are hidden, while inside a collapsed subtree.
  let hiddenBelowDepth = Infinity;
  for (const span of spans) {
    if (span.depth > hiddenBelowDepth) continue;
    hiddenBelowDepth = collapsed.has(span.spanId) ? span.depth : Infinity;
    visible.push(span);
  }
  return visible;
}

/** How many spans sit below each span, to say what a collapsed row hides. */
export function descendantCounts(spans: TreeSpan[]): Map<string, number> {
  const counts = new Map(spans.map(s => [s.spanId, 0]));
  // In depth-first order a span's ancestors are the open spans above it.
  const ancestors: TreeSpan[] = [];
  for (const span of spans) {
    while (
      ancestors.length > 0 &&
      ancestors[ancestors.length - 1].depth >= span.depth
    ) {
      ancestors.pop();
    }
    for (const ancestor of ancestors) {
      counts.set(ancestor.spanId, counts.get(ancestor.spanId)! + 1);
    }
    ancestors.push(span);
  }
  return counts;
}

/** Where a span's duration label sits on its row of the timeline. */
export type DurationLabelPlacement = 'after' | 'before' | 'inside';

/**
 * Beside the bar where there is room for a label (a quarter of the
 * timeline), after it by preference; inside a bar that leaves room on
 * neither side (the root span spans it all). Never outside the timeline,
 * where it would cover the span names.
 */
export function durationLabelPlacement(
  leftPercent: number,
  widthPercent: number,
): DurationLabelPlacement {
  const room = 25;
  if (leftPercent + widthPercent <= 100 - room) return 'after';
  if (leftPercent >= room) return 'before';
  return 'inside';
}

/** Round tick positions (ms from the trace's start) for a time axis. */
export function timeTicks(durationMs: number, maxTicks = 6): number[] {
  if (!(durationMs > 0)) return [0];
  const rough = durationMs / (maxTicks - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 2.5, 5, 10].map(f => f * magnitude).find(s => s >= rough) ??
    10 * magnitude;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + step * 1e-9; t += step) ticks.push(t);
  return ticks;
}
