/**
 * Asserts that `actual` is within `rel` of `expected`, relative to the
 * expected value (1e-12 floor so that zero can be expected): SLO figures
 * are ratios of large counts, where an absolute tolerance means nothing.
 */
export function expectClose(
  actual: number | undefined,
  expected: number,
  rel = 1e-9,
) {
  expect(actual).toBeDefined();
  const scale = Math.max(Math.abs(expected), 1e-12);
  expect(Math.abs((actual as number) - expected) / scale).toBeLessThan(rel);
}
