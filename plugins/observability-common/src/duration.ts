const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION = /^(?:\d+(?:ms|[smhdwy]))+$/;
const PART = /(\d+)(ms|[smhdwy])/g;

/**
 * Parses a Prometheus-style duration (`30s`, `5m`, `1h30m`, `30d`) into
 * milliseconds. Returns `undefined` for anything else, so callers can report
 * the value they were given.
 *
 * @public
 */
export function parseDuration(value: string): number | undefined {
  const trimmed = value.trim();
  if (!DURATION.test(trimmed)) {
    return undefined;
  }
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total > 0 ? total : undefined;
}

/**
 * Formats milliseconds as the shortest Prometheus duration that is exact,
 * e.g. `90_000` → `1m30s`, for use in range selectors.
 *
 * @public
 */
export function formatDuration(ms: number): string {
  if (ms <= 0 || !Number.isFinite(ms)) {
    throw new RangeError(`Cannot format ${ms} as a duration`);
  }
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
