import {
  DiagnosisEvidence,
  matchesLabels,
} from '@sightline/plugin-observability-common';
import { PromTarget } from '../../upstreams/clients/PrometheusClient';
import { CheckOutcome, Finding, skipped } from '../DoctorCheck';
import { readableList } from '../readableNames';
import { missingCapability, prometheusCheck } from './upstreamChecks';
import { seriesCheck } from './seriesCheck';

/**
 * Check 5: an active, healthy scrape target carries the entity's labels.
 * Finds whether there is one at all.
 */
export const scrapeTargetCheck = prometheusCheck<boolean>({
  id: 'scrape-target',
  title: 'Prometheus scrapes a healthy target',
  async run(
    { readable, clients },
    prometheus,
    metrics,
  ): Promise<Finding<boolean>> {
    const unavailable = await missingCapability(clients, 'targets');
    if (unavailable) return skipped(unavailable);
    const targets = await prometheus.targets();
    const mine = targets.filter(t => matchesLabels(metrics.matchers, t.labels));
    const evidence = [
      {
        label: `${prometheus.name}: GET /api/v1/targets?state=active`,
        detail: `${targets.length} active targets, ${mine.length} with labels {${metrics.selector}}`,
      },
      ...mine.map(t => ({
        label: `Target ${t.scrapeUrl} (${t.scrapePool})`,
        detail: `${t.health}${t.lastError ? `: ${t.lastError}` : ''}`,
      })),
    ];
    if (mine.length === 0) {
      evidence.push({
        label: 'Scrape pools',
        detail: await readableList(
          readable,
          [...new Set(targets.map(t => t.scrapePool))],
          scrapePoolName,
        ),
      });
      return {
        found: false,
        status: 'fail',
        message: `${prometheus.name} has no active scrape target with labels {${metrics.selector}}: nothing scrapes this service.`,
        evidence,
        fix: {
          summary:
            'Create a ServiceMonitor (or PodMonitor) that the Prometheus loads, or correct sightline.dev/prometheus-selector to the labels the existing target carries.',
          fixAction: { type: 'generate-monitoring', request: {} },
        },
      };
    }
    return { found: true, ...judgeTargets(mine, evidence) };
  },
  // Series without a target carrying the entity's labels arrive some other
  // way (a relabelled target, remote write): not a cause of no data.
  revise(own, findingOf) {
    const { found, ...outcome } = own;
    if (outcome.status !== 'fail' || found !== false) return outcome;
    if (findingOf(seriesCheck).found !== true) return outcome;
    const { fix: _fix, ...kept } = outcome;
    return {
      ...kept,
      status: 'warn',
      message: `${outcome.message} Series with these labels exist all the same (check 6), so they come from a target whose labels differ after relabelling, or from remote write.`,
    };
  },
});

function judgeTargets(
  mine: PromTarget[],
  evidence: DiagnosisEvidence[],
): CheckOutcome {
  const down = mine.filter(t => t.health !== 'up');
  if (down.length === 0) {
    return {
      status: 'pass',
      message: `${mine.length} target(s) up: ${mine
        .map(t => t.scrapeUrl)
        .join(', ')}.`,
      evidence,
    };
  }
  const first = down[0];
  const error = first.lastError || 'no error reported yet';
  return {
    status: 'fail',
    message: `${down.length} of ${mine.length} target(s) down: ${
      first.scrapeUrl
    } (job ${first.labels.job ?? first.scrapePool}) — ${error}.`,
    evidence,
    fix: { summary: scrapeErrorFix(first.scrapeUrl, error) },
  };
}

/** What to change for the scrape error Prometheus reports. */
function scrapeErrorFix(url: string, error: string): string {
  if (/connection refused|no such host|i\/o timeout/i.test(error)) {
    return `Nothing answers at ${url}: the monitor's endpoint port must name the container port the application serves metrics on (and the Pod must be running).`;
  }
  if (/404/.test(error)) {
    return `${url} answers 404: set the monitor's endpoints[].path to the path the application serves metrics on.`;
  }
  if (/40[13]/.test(error)) {
    return `${url} refuses the scrape: configure the monitor's authorization (endpoints[].authorization / bearerTokenSecret).`;
  }
  return `Make ${url} answer with metrics.`;
}

/**
 * What a scrape pool is named after: the monitor's name in the Prometheus
 * Operator's `serviceMonitor/<namespace>/<name>/<endpoint>`, else the job.
 */
function scrapePoolName(pool: string): string {
  const parts = pool.split('/');
  return parts.length === 4 ? parts[2] : pool;
}
