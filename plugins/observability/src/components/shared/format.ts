// Units as people read them on a service page.

const numberFormats = new Map<number, Intl.NumberFormat>();

/**
 * The number format for a precision, built once: building one costs far
 * more than using it, and a chart formats every tick and tooltip row.
 */
function number(maximumFractionDigits: number): Intl.NumberFormat {
  let format = numberFormats.get(maximumFractionDigits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits });
    numberFormats.set(maximumFractionDigits, format);
  }
  return format;
}

/** Requests per second: `12.3 req/s`, `0.051 req/s`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (
    perSecond === null ||
    perSecond === undefined ||
    !Number.isFinite(perSecond)
  ) {
    return '–';
  }
  const digits = Math.abs(perSecond) >= 10 ? 1 : 3;
  return `${number(digits).format(perSecond)} req/s`;
}

/** A ratio (0.0123) as a percentage: `1.23 %`; tiny values keep precision. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return '–';
  }
  const percent = ratio * 100;
  let digits = 2;
  if (percent !== 0 && Math.abs(percent) < 0.01) digits = 4;
  else if (Math.abs(percent) >= 10) digits = 1;
  return `${number(digits).format(percent)} %`;
}

/** Milliseconds as `850 ms`, `1.25 s`, `2.5 min`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (Math.abs(ms) < 1) return `${number(3).format(ms)} ms`;
  // Compare the rounded value, so that 999.6 ms reads `1 s`, not `1,000 ms`.
  if (Math.abs(Math.round(ms)) < 1000) return `${number(0).format(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${number(2).format(ms / 1000)} s`;
  return `${number(1).format(ms / 60_000)} min`;
}

/** What `formatChange` says of a change that rounds to nothing. */
export const UNCHANGED = '0 %';

/**
 * The change of a figure against the previous period, as `+12 %`; undefined
 * when there is nothing to compare with.
 */
export function formatChange(
  current: number | null | undefined,
  previous: number | null | undefined,
): string | undefined {
  if (
    current === null ||
    current === undefined ||
    previous === null ||
    previous === undefined ||
    !Number.isFinite(current) ||
    !Number.isFinite(previous) ||
    previous === 0
  ) {
    return undefined;
  }
  const change = (current - previous) / Math.abs(previous);
  const percent = number(Math.abs(change) >= 0.1 ? 0 : 1).format(
    Math.abs(change) * 100,
  );
  // A change too small to show is no change: not `+0 %`, not `-0 %`.
  if (percent === '0') return UNCHANGED;
  return `${change > 0 ? '+' : '-'}${percent} %`;
}
