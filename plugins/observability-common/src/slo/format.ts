const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * A number with at most `digits` decimals and no trailing zeros:
 * `14.4`, `6`, `0.93`.
 *
 * @public
 */
export function formatSloNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = value.toFixed(digits);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * A ratio as a percentage with at most `digits` decimals:
 * `0.99873` → `99.873%`, `0.25` → `25%`.
 *
 * @public
 */
export function formatSloPercent(ratio: number, digits = 3): string {
  return `${formatSloNumber(ratio * 100, digits)}%`;
}

/**
 * A duration for people, to the precision that matters for error budgets:
 * `45 s`, `43.2 min`, `3 h 10 min`, `2 d 4 h`. Negative durations keep their
 * sign.
 *
 * @public
 */
export function formatHumanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatHumanDuration(-ms)}`;
  if (ms < MINUTE) return `${formatSloNumber(ms / 1000, 0)} s`;
  if (ms < HOUR) {
    const minutes = Number(formatSloNumber(ms / MINUTE, 1));
    if (minutes < 60) return `${formatSloNumber(minutes, 1)} min`;
  }
  if (ms < DAY) {
    const totalMinutes = Math.round(ms / MINUTE);
    if (totalMinutes < 24 * 60) {
      const h = Math.floor(totalMinutes / 60);
      const m = totalMinutes % 60;
      return m === 0 ? `${h} h` : `${h} h ${m} min`;
    }
  }
  const totalHours = Math.round(ms / HOUR);
  const d = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/**
 * A latency in seconds the way people write it in annotations:
 * `0.25` → `250ms`, `1.5` → `1.5s`.
 *
 * @public
 */
export function formatLatency(seconds: number): string {
  if (seconds < 1) return `${formatSloNumber(seconds * 1000, 3)}ms`;
  return `${formatSloNumber(seconds, 3)}s`;
}

/**
 * Converts a percentage to a ratio without binary noise:
 * `99.9` → `0.999` (not `0.9990000000000001`).
 */
export function percentToRatio(percent: number): number {
  return Number((percent / 100).toPrecision(15));
}

/**
 * Converts a ratio to a percentage without binary noise:
 * `0.9995` → `99.95`.
 */
export function ratioToPercent(ratio: number): number {
  return Number((ratio * 100).toPrecision(15));
}
