import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { UpstreamHttpClient } from '../UpstreamHttpClient';
import { AlertmanagerClient } from './AlertmanagerClient';

/** A real HTTP server answering Alertmanager's list endpoints with `[]`, counting requests by path. */
describe('AlertmanagerClient', () => {
  let server: Server;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(new URL(req.url!, 'http://am').pathname);
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  const client = () =>
    new AlertmanagerClient(
      new UpstreamHttpClient(
        {
          kind: 'alertmanager',
          baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          headers: {},
          healthPath: '/-/ready',
        },
        'local',
        {
          cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin(
            'observability',
          ),
          timeoutMs: 2_000,
          maxConcurrency: 4,
          breaker: { failureThreshold: 3, coolDownMs: 60_000 },
        },
      ),
    );
  const matchers = [{ name: 'service', op: '=' as const, value: 'checkout' }];

  it('asks Alertmanager once for alerts that many viewers read within seconds', async () => {
    received.length = 0;
    const am = client();
    await am.alerts(matchers);
    await am.alerts(matchers);
    await am.alerts(matchers);
    expect(received).toEqual(['/api/v2/alerts']);
  });

  it('always asks for silences afresh, so a new silence shows at once', async () => {
    received.length = 0;
    const am = client();
    await am.silences();
    await am.silences();
    expect(received).toEqual(['/api/v2/silences', '/api/v2/silences']);
  });
});
