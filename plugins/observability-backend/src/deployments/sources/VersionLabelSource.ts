import { selector } from '../../metrics/promql';
import { ClusterClients } from '../../upstreams/UpstreamClients';
import {
  RolloutCandidate,
  RolloutQuery,
  RolloutSource,
  SourceAnswer,
} from '../RolloutSource';

/**
 * Rollouts from a version label on the service's own series: OTel SDKs put
 * `service.version` on `target_info` (`service_version`), and many
 * services label their request metric with their version. Each value's
 * first point in the range, after another value was seen, is a rollout of
 * that version, found to within the range's step.
 */
export class VersionLabelSource implements RolloutSource {
  readonly ids = ['version-label' as const];

  constructor(private readonly label: string) {}

  configured(clients: ClusterClients): boolean {
    return clients.has('prometheus');
  }

  async find({
    target,
    range,
    clients,
  }: RolloutQuery): Promise<SourceAnswer[]> {
    const metrics = target.metrics;
    if (!metrics) {
      return [
        {
          source: 'version-label',
          unavailable:
            'the entity has no usable Prometheus selector (sightline.dev/prometheus-selector)',
        },
      ];
    }
    const labelled = [{ name: this.label, op: '!=' as const, value: '' }];
    const requestMetric = metrics.dialect?.requestMetric;
    const query = ['target_info', requestMetric]
      .filter((metric): metric is string => !!metric)
      .map(
        metric =>
          `count by (${this.label}) (${selector(
            metric,
            metrics.matchers,
            labelled,
          )})`,
      )
      .join(' or ');
    const series = await clients.prometheus().range(query, range);
    const firstSeen = series
      .map(s => ({
        version: s.metric[this.label],
        at: s.values.length ? s.values[0][0] * 1000 : NaN,
      }))
      .filter(v => v.version && Number.isFinite(v.at))
      .sort((a, b) => a.at - b.at);
    const candidates: RolloutCandidate[] = firstSeen.map(({ version, at }) => ({
      source: 'version-label',
      // A version already there when the range starts went live before it.
      at: at <= range.start ? Number.NEGATIVE_INFINITY : at,
      version,
      images: [],
      controller: { kind: 'VersionLabel', name: this.label },
    }));
    return [{ source: 'version-label', candidates }];
  }
}
