import {
  formatHumanDuration,
  LabelMatcher,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { TimeFormatter } from '../shared/timeFormat';

/** `Nov 22, 02:17 AM (12 min ago)`; the clock time alone hides how long it has been. */
export function formatSince(
  iso: string,
  nowMs: number,
  timeFormat: Pick<TimeFormatter, 'dateTime'>,
): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const ago = nowMs - ms;
  const relative =
    ago >= 0
      ? `${formatHumanDuration(ago)} ago`
      : `in ${formatHumanDuration(-ago)}`;
  return `${timeFormat.dateTime(ms)} (${relative})`;
}

/**
 * The backend's Alertmanager link, filtered to one alert's labels instead of
 * the whole entity. Alertmanager's UI keeps its query in the URL fragment.
 */
export function alertmanagerAlertUrl(
  entityAlertsUrl: string,
  labels: Record<string, string>,
): string {
  const [base, fragment = ''] = entityAlertsUrl.split('#', 2);
  const [route, query = ''] = fragment.split('?', 2);
  const params = new URLSearchParams(query);
  const matchers: LabelMatcher[] = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, op: '=', value }));
  params.set('filter', `{${renderMatchers(matchers)}}`);
  return `${base}#${route || '/alerts'}?${params.toString()}`;
}
