import {
  LogLevel,
  LOG_LEVELS,
  TimeSeries,
} from '@sightline/plugin-observability-common';

/** A log level, or `unknown` for lines whose level could not be told. */
export type DisplayLevel = LogLevel | 'unknown';

const DISPLAY_LEVELS: DisplayLevel[] = [...LOG_LEVELS, 'unknown'];

// Two shades per level, each with at least 4.5:1 contrast for the level's
// name: darker ones on the light theme's white, lighter ones on the dark
// theme's grey. Warn (amber-brown) and error (red) differ in lightness too, so
// they stay apart for colour-blind readers; the level is always written out
// beside the colour as well.
const LEVEL_COLOURS: Record<DisplayLevel, { light: string; dark: string }> = {
  trace: { light: '#616161', dark: '#bdbdbd' },
  debug: { light: '#7b1fa2', dark: '#ce93d8' },
  info: { light: '#1565c0', dark: '#64b5f6' },
  warn: { light: '#8a5a00', dark: '#ffb74d' },
  error: { light: '#c62828', dark: '#ff8a80' },
  fatal: { light: '#4a148c', dark: '#ff80ab' },
  unknown: { light: '#546e7a', dark: '#b0bec5' },
};

export function levelColour(
  level: DisplayLevel,
  themeType: 'light' | 'dark',
): string {
  return LEVEL_COLOURS[level][themeType];
}

/** One histogram bucket: its start and the number of lines per level. */
export type VolumeBucket = { time: number } & Partial<
  Record<DisplayLevel, number>
>;

/**
 * Turns the per-level volume series into one row per bucket for a stacked
 * bar chart, with the levels that occur in display order. Every step of the
 * range gets a row, so quiet periods show as gaps rather than disappearing.
 */
export function volumeBuckets(
  series: TimeSeries[],
  range: { start: number; end: number },
  stepMs: number,
): {
  buckets: VolumeBucket[];
  levels: DisplayLevel[];
} {
  const byTime = new Map<number, VolumeBucket>();
  for (
    let time = Math.floor(range.start / stepMs) * stepMs;
    time < range.end && stepMs > 0;
    time += stepMs
  ) {
    byTime.set(time, { time });
  }
  const present = new Set<DisplayLevel>();
  for (const s of series) {
    const level = (
      DISPLAY_LEVELS.includes(s.labels.level as DisplayLevel)
        ? s.labels.level
        : 'unknown'
    ) as DisplayLevel;
    for (const [time, count] of s.points) {
      if (!count) continue;
      present.add(level);
      const bucket = byTime.get(time) ?? { time };
      bucket[level] = (bucket[level] ?? 0) + count;
      byTime.set(time, bucket);
    }
  }
  return {
    buckets: [...byTime.values()].sort((a, b) => a.time - b.time),
    levels: DISPLAY_LEVELS.filter(l => present.has(l)),
  };
}
