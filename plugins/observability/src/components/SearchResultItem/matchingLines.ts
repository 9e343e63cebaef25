import {
  formatSloNumber,
  ObservabilitySearchDocument,
  SloStatus,
} from '@sightline/plugin-observability-common';
import { formatPercent } from '../shared/format';

/** The search engine's marks around matched words (Lunr, Elasticsearch, PostgreSQL). */
export interface ResultHighlight {
  preTag: string;
  postTag: string;
  fields: Record<string, string>;
}

/** One SLO, alert rule or dashboard of a result, and where it opens. */
export interface ResultLine {
  kind: 'SLO' | 'Alert' | 'Dashboard';
  name: string;
  detail: string;
  /** For SLOs: the status when indexed. */
  status?: SloStatus;
  /** An Observability tab section, or the dashboard in Grafana. */
  href: string;
}

/** How many lines a result shows when the query matched none in particular. */
const DEFAULT_LINES = 3;

/** The words the engine marked as matches, lower-cased. */
export function highlightedTerms(highlight?: ResultHighlight): string[] {
  if (!highlight?.preTag || !highlight.postTag) return [];
  const terms = new Set<string>();
  for (const text of Object.values(highlight.fields)) {
    for (const part of text.split(highlight.preTag).slice(1)) {
      const end = part.indexOf(highlight.postTag);
      if (end > 0) terms.add(part.slice(0, end).toLocaleLowerCase('en-US'));
    }
  }
  return [...terms];
}

/**
 * The result's SLOs, alert rules and dashboards that contain a highlighted
 * word (so "which alert is this" is answered on the result itself), or its
 * first few lines when the match was elsewhere (title, owner).
 */
export function matchingLines(
  document: ObservabilitySearchDocument,
  highlight?: ResultHighlight,
): ResultLine[] {
  const tab = document.location.split('?')[0];
  const lines: ResultLine[] = [
    ...document.slos.map(slo => ({
      kind: 'SLO' as const,
      name: slo.name,
      detail: [
        `${formatSloNumber(slo.objectivePercent, 3)} % objective`,
        slo.budgetRemaining === undefined
          ? 'no traffic'
          : `${formatPercent(slo.budgetRemaining)} of the budget left`,
      ].join(' · '),
      status: slo.status,
      href: `${tab}?section=slos`,
    })),
    ...document.alertRules.map(rule => ({
      kind: 'Alert' as const,
      name: rule.name,
      detail: [rule.severity, rule.summary].filter(Boolean).join(' · '),
      href: `${tab}?section=alerts`,
    })),
    ...document.dashboards.map(dashboard => ({
      kind: 'Dashboard' as const,
      name: dashboard.title,
      detail: 'Grafana',
      href: dashboard.url,
    })),
  ];
  const terms = highlightedTerms(highlight);
  const matching = lines.filter(line => {
    const words = `${line.name} ${line.detail}`.toLocaleLowerCase('en-US');
    return terms.some(term => words.includes(term));
  });
  return matching.length > 0 ? matching : lines.slice(0, DEFAULT_LINES);
}
