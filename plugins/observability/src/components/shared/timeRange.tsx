import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useSearchParams } from 'react-router-dom';
import { TimeFormatter, useTimeFormat } from './timeFormat';

/** A time range the user can pick by name; "now" moves with every refresh. */
export type TimeRangePreset = {
  key: string;
  label: string;
  durationMs: number;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const TIME_RANGE_PRESETS: TimeRangePreset[] = [
  { key: '15m', label: 'Last 15 minutes', durationMs: 15 * MINUTE },
  { key: '1h', label: 'Last hour', durationMs: HOUR },
  { key: '6h', label: 'Last 6 hours', durationMs: 6 * HOUR },
  { key: '24h', label: 'Last 24 hours', durationMs: DAY },
  { key: '7d', label: 'Last 7 days', durationMs: 7 * DAY },
  { key: '30d', label: 'Last 30 days', durationMs: 30 * DAY },
];

const DEFAULT_PRESET = '1h';

export const REFRESH_INTERVALS: { key: string; label: string; ms: number }[] = [
  { key: 'off', label: 'Off', ms: 0 },
  { key: '10s', label: '10 seconds', ms: 10_000 },
  { key: '30s', label: '30 seconds', ms: 30_000 },
  { key: '1m', label: '1 minute', ms: MINUTE },
  { key: '5m', label: '5 minutes', ms: 5 * MINUTE },
];

/** The URL parameters that hold the range. */
const RANGE_PARAMS = ['range', 'from', 'to'];

/** The range every section shows, as epoch milliseconds. */
export type ResolvedTimeRange = {
  from: number;
  to: number;
  /** The preset's key, or `custom` for absolute ranges. */
  key: string;
  label: string;
};

export type TimeRangeState = ResolvedTimeRange & {
  setPreset(key: string): void;
  setCustom(from: number, to: number): void;
  /** Narrows to `from`–`to` (a drag across a chart), remembering the range before. */
  zoomIn(from: number, to: number): void;
  /** Back to the range before the last zoom; undefined when not zoomed. */
  zoomOut?(): void;
  refreshKey: string;
  refreshInterval: string;
  setRefreshInterval(key: string): void;
  /** Re-evaluates "now" and asks every panel to fetch again. */
  refresh(): void;
};

function parseTime(value: string | null): number | undefined {
  if (!value) return undefined;
  const asNumber = Number(value);
  const ms = Number.isFinite(asNumber) ? asNumber : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Reads the range from the URL (`range=1h`, or `from`/`to` as ISO times or
 * epoch milliseconds) so a copied link shows the same view, and resolves a
 * preset against the current time on every refresh.
 */
export function resolveTimeRange(
  params: URLSearchParams,
  nowMs: number,
  timeFormat: Pick<TimeFormatter, 'dateTime'>,
): ResolvedTimeRange {
  const from = parseTime(params.get('from'));
  const to = parseTime(params.get('to'));
  if (from !== undefined && to !== undefined && from < to) {
    return {
      from,
      to,
      key: 'custom',
      label: `${timeFormat.dateTime(from)} – ${timeFormat.dateTime(to)}`,
    };
  }
  const preset =
    TIME_RANGE_PRESETS.find(p => p.key === params.get('range')) ??
    TIME_RANGE_PRESETS.find(p => p.key === DEFAULT_PRESET)!;
  return {
    from: nowMs - preset.durationMs,
    to: nowMs,
    key: preset.key,
    label: preset.label,
  };
}

/** The shared time range and refresh control of the Observability tab. */
function useTimeRange(): TimeRangeState {
  const [params, setParams] = useSearchParams();
  const [nowMs, setNowMs] = useState(() => Date.now());
  const timeFormat = useTimeFormat();
  // The URL's range before each zoom, newest last: "Zoom out" walks back.
  const [zoomedFrom, setZoomedFrom] = useState<string[]>([]);
  const refreshInterval =
    REFRESH_INTERVALS.find(r => r.key === params.get('refresh'))?.key ?? 'off';

  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          change(next);
          return next;
        },
        { replace: true },
      );
      setNowMs(Date.now());
    },
    [setParams],
  );

  const refresh = useCallback(() => setNowMs(Date.now()), []);

  useEffect(() => {
    const ms = REFRESH_INTERVALS.find(r => r.key === refreshInterval)?.ms ?? 0;
    if (!ms) return undefined;
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [refreshInterval, refresh]);

  const resolved = useMemo(
    () => resolveTimeRange(params, nowMs, timeFormat),
    [params, nowMs, timeFormat],
  );

  const setAbsolute = useCallback(
    (from: number, to: number) =>
      update(next => {
        next.delete('range');
        next.set('from', new Date(from).toISOString());
        next.set('to', new Date(to).toISOString());
      }),
    [update],
  );
  // Read when a zoom happens, so that zoomIn stays the same function: the
  // charts take it as a prop, and a new one would redraw every chart of
  // the page whenever the range changes, before its new data has come.
  const paramsNow = useRef(params);
  paramsNow.current = params;
  const zoomIn = useCallback(
    (from: number, to: number) => {
      const kept = new URLSearchParams();
      for (const key of RANGE_PARAMS) {
        const value = paramsNow.current.get(key);
        if (value !== null) kept.set(key, value);
      }
      setZoomedFrom(stack => [...stack, kept.toString()]);
      setAbsolute(from, to);
    },
    [setAbsolute],
  );

  return {
    ...resolved,
    refreshKey: `${resolved.from}-${resolved.to}`,
    refreshInterval,
    refresh,
    setPreset: key => {
      setZoomedFrom([]);
      update(next => {
        next.set('range', key);
        next.delete('from');
        next.delete('to');
      });
    },
    setCustom: (from, to) => {
      setZoomedFrom([]);
      setAbsolute(from, to);
    },
    zoomIn,
    zoomOut:
      zoomedFrom.length === 0
        ? undefined
        : () => {
            const before = new URLSearchParams(
              zoomedFrom[zoomedFrom.length - 1],
            );
            setZoomedFrom(stack => stack.slice(0, -1));
            update(next => {
              for (const key of RANGE_PARAMS) {
                const value = before.get(key);
                if (value === null) next.delete(key);
                else next.set(key, value);
              }
            });
          },
    setRefreshInterval: key =>
      update(next => {
        if (key === 'off') next.delete('refresh');
        else next.set('refresh', key);
      }),
  };
}

const TimeRangeContext = createContext<TimeRangeState | undefined>(undefined);

/** Shares one time range (kept in the URL) among everything inside it. */
export function TimeRangeProvider({ children }: { children: ReactNode }) {
  const range = useTimeRange();
  return (
    <TimeRangeContext.Provider value={range}>
      {children}
    </TimeRangeContext.Provider>
  );
}

/** The time range of the surrounding TimeRangeProvider. */
export function useSharedTimeRange(): TimeRangeState {
  const range = useContext(TimeRangeContext);
  if (!range) {
    throw new Error(
      'useSharedTimeRange must be used inside a TimeRangeProvider',
    );
  }
  return range;
}
