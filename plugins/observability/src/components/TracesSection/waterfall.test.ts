import { traceResponse } from './__fixtures__/trace';
import {
  descendantCounts,
  durationLabelPlacement,
  serviceColour,
  timeTicks,
  visibleSpans,
} from './waterfall';

const names = (spans: { name: string }[]) => spans.map(s => s.name);

describe('visibleSpans', () => {
  it('keeps depth-first order and hides only the collapsed subtree', () => {
    expect(names(visibleSpans(traceResponse.spans, new Set()))).toEqual([
      'POST /api/checkout',
      'POST /api/pay',
      'provider charge',
      'db insert order',
    ]);
    expect(
      names(visibleSpans(traceResponse.spans, new Set(['a000000000000002']))),
    ).toEqual(['POST /api/checkout', 'POST /api/pay', 'db insert order']);
    expect(
      names(visibleSpans(traceResponse.spans, new Set(['a000000000000001']))),
    ).toEqual(['POST /api/checkout']);
  });
});

describe('descendantCounts', () => {
  it('counts every span below each span', () => {
    expect(Object.fromEntries(descendantCounts(traceResponse.spans))).toEqual({
      a000000000000001: 3,
      a000000000000002: 1,
      a000000000000003: 0,
      a000000000000004: 0,
    });
  });
});

describe('timeTicks', () => {
  it.each([
    [400, [0, 100, 200, 300, 400]],
    [1.2, [0, 0.25, 0.5, 0.75, 1]],
    [7300, [0, 2000, 4000, 6000]],
    [0, [0]],
  ])('puts round ticks on a %d ms axis', (duration, ticks) => {
    expect(timeTicks(duration)).toEqual(ticks);
  });
});

describe('serviceColour', () => {
  it('gives a service the same colour every time, and never red', () => {
    expect(serviceColour('checkout')).toBe(serviceColour('checkout'));
    const colours = ['checkout', 'payments', 'kbot', 'frontend', 'db'].map(
      serviceColour,
    );
    expect(colours).not.toContain('#e15759');
    expect(new Set(colours).size).toBeGreaterThan(1);
  });
});

describe('durationLabelPlacement', () => {
  it('puts the label after a bar that leaves room on its right', () => {
    expect(durationLabelPlacement(10, 30)).toBe('after');
  });

  it('puts it before a bar that ends near the right edge', () => {
    expect(durationLabelPlacement(60, 35)).toBe('before');
  });

  it('puts it inside a bar that spans the timeline, never over the names', () => {
    // The root span: before it would be left of the timeline, on the names.
    expect(durationLabelPlacement(0, 100)).toBe('inside');
    expect(durationLabelPlacement(10, 80)).toBe('inside');
  });
});
