const MULTIPLES = [1, 2, 5];

/**
 * The ticks of a value axis from 0 to at least `max`: steps of 1, 2 or 5
 * times a power of ten (100/200/300 ms, 5/10/15 %), the smallest step that
 * needs at most `maxSteps` of them and whose ticks read apart in `format`
 * (0.5 ms steps would read `1 ms`, `2 ms`, `2 ms` in whole milliseconds).
 * Left to itself, recharts picks steps like 0.0125 and repeats labels.
 */
export function valueTicks(
  max: number,
  format: (value: number) => string,
  maxSteps = 5,
): number[] {
  // A chart of zeros still needs an axis that says so, not five `0`s.
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  let exponent = Math.floor(Math.log10(top / maxSteps));
  for (;;) {
    for (const multiple of MULTIPLES) {
      const step = multiple * 10 ** exponent;
      const count = Math.ceil(top / step - 1e-9);
      if (count <= maxSteps) {
        const ticks = Array.from({ length: count + 1 }, (_, i) =>
          // toPrecision: 3 × 0.1 is 0.30000000000000004.
          Number((i * step).toPrecision(12)),
        );
        if (new Set(ticks.map(format)).size === ticks.length) return ticks;
      }
    }
    exponent += 1;
  }
}
