import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { PrometheusClient } from '../../upstreams/clients/PrometheusClient';
import { UpstreamHttpClient } from '../../upstreams/UpstreamHttpClient';
import { DialectRegistry } from './DialectRegistry';
import { DialectDetector } from './DialectDetector';

const NOW = Date.UTC(2026, 10, 21, 12);
const SELECTOR = 'namespace="shop", service="checkout"';

/** A Prometheus holding checkout's http_requests_total, counting the probes it answers. */
function prometheus() {
  const probes: string[] = [];
  const http = {
    name: 'Prometheus of cluster local',
    async json(_path: string, options: { body?: string }) {
      probes.push(new URLSearchParams(options.body).get('query') ?? '');
      return {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            {
              metric: { __name__: 'http_requests_total' },
              value: [NOW / 1000, '1'],
            },
          ],
        },
      };
    },
  };
  return {
    client: new PrometheusClient(http as unknown as UpstreamHttpClient),
    probes,
  };
}

describe('DialectDetector on several replicas', () => {
  const options = {
    among: new DialectRegistry().list(),
    source: 'detected' as const,
  };

  it("detects from another replica's detection, through the shared cache, without a probe", async () => {
    // One CacheService store, as Redis is for every replica.
    const shared = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
      'observability',
    );
    const [a, b] = [prometheus(), prometheus()];
    const replicaA = new DialectDetector(mockServices.logger.mock(), shared);
    const replicaB = new DialectDetector(mockServices.logger.mock(), shared);

    const first = await replicaA.detect(a.client, 'local', SELECTOR, options, {
      atMs: NOW,
    });
    const second = await replicaB.detect(b.client, 'local', SELECTOR, options, {
      atMs: NOW + 60_000,
    });

    expect(a.probes).toHaveLength(1);
    expect(b.probes).toEqual([]);
    expect(second).toEqual(first);
    expect(second.dialect?.requestMetric).toBe('http_requests_total');
  });

  it('probes again for an instant further away than the detection is good for', async () => {
    const shared = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
      'observability',
    );
    const [a, b] = [prometheus(), prometheus()];
    await new DialectDetector(mockServices.logger.mock(), shared).detect(
      a.client,
      'local',
      SELECTOR,
      options,
      { atMs: NOW },
    );
    await new DialectDetector(mockServices.logger.mock(), shared).detect(
      b.client,
      'local',
      SELECTOR,
      options,
      { atMs: NOW + 10 * 60_000 },
    );
    expect(b.probes).toHaveLength(1);
  });
});
