import { mockServices } from '@backstage/backend-test-utils';
import {
  OBSERVABILITY_CONFIG_DOCS_URL,
  OBSERVABILITY_NOT_CONFIGURED_MESSAGE,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

describe('observability backend without an observability section', () => {
  async function startUnconfigured() {
    const logger = mockServices.logger.mock();
    const { server } = await startObservabilityBackend({
      features: [logger.factory],
    });
    return { server, logger };
  }

  it('starts, and answers every route 503 saying what to add', async () => {
    const { server } = await startUnconfigured();

    for (const [method, path] of [
      ['get', '/api/observability/entities/component/default/checkout/red'],
      ['get', '/api/observability/health'],
      [
        'post',
        '/api/observability/entities/component/default/checkout/silences',
      ],
    ] as const) {
      const res = await request(server)[method](path);
      expect({ path, status: res.status }).toEqual({ path, status: 503 });
      expect(res.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message: OBSERVABILITY_NOT_CONFIGURED_MESSAGE,
      });
    }
    expect(OBSERVABILITY_NOT_CONFIGURED_MESSAGE).toContain(
      "add an 'observability' section",
    );
  });

  it('warns once, naming the missing key and the docs', async () => {
    const { server, logger } = await startUnconfigured();
    await request(server).get('/api/observability/health');
    await request(server).get('/api/observability/health');

    const warnings = logger.warn.mock.calls.map(([message]) => message);
    expect(warnings).toEqual([
      expect.stringContaining("No 'observability' section in app-config"),
    ]);
    expect(warnings[0]).toContain(OBSERVABILITY_CONFIG_DOCS_URL);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('still refuses to start on an invalid section, naming the key', async () => {
    await expect(
      startObservabilityBackend({ observability: { clusters: [] } }),
    ).rejects.toThrow("'observability.clusters'");
  });
});
