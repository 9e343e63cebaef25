import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  OBSERVABILITY_CONFIG_DOCS_URL,
  OBSERVABILITY_NOT_CONFIGURED_MESSAGE,
} from '@sightline/plugin-observability-common';
import {
  renderForEntity,
  TEST_API_BASE,
} from '../../__testUtils__/renderForEntity';
import { ObservabilityContent } from './ObservabilityContent';

// The first render loads MUI and the charts; slow on a busy machine.
jest.setTimeout(30_000);

/** Every route answers 503 with `message`, as the backend's error bodies look. */
function answerEverything503(message: string) {
  return http.all(`${TEST_API_BASE}/*`, ({ request }) =>
    HttpResponse.json(
      {
        error: { name: 'ServiceUnavailableError', message },
        request: { method: request.method, url: new URL(request.url).pathname },
        response: { statusCode: 503 },
      },
      { status: 503 },
    ),
  );
}

describe('ObservabilityContent while the backend is not configured', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows one setup state with the config to add instead of errors', async () => {
    server.use(answerEverything503(OBSERVABILITY_NOT_CONFIGURED_MESSAGE));

    await renderForEntity(<ObservabilityContent />);

    expect(
      await screen.findByText('Sightline is not configured yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Add an/)).toHaveTextContent(
      "Add an observability section naming at least one cluster's Prometheus to your app-config.yaml, then restart the Backstage backend.",
    );
    expect(
      await screen.findByText(/prometheus\.monitoring:9090/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Read the configuration docs' }),
    ).toHaveAttribute('href', OBSERVABILITY_CONFIG_DOCS_URL);
    // The whole tab, once: neither the sections nor a red panel error.
    expect(screen.getAllByText('Sightline is not configured yet')).toHaveLength(
      1,
    );
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('still shows an unreachable upstream as an error in its panel', async () => {
    server.use(
      answerEverything503("Prometheus of cluster 'local' did not answer"),
    );

    await renderForEntity(<ObservabilityContent />);

    expect(
      (await screen.findAllByText('An upstream did not answer')).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByRole('tab').length).toBeGreaterThan(0);
    expect(
      screen.queryByText('Sightline is not configured yet'),
    ).not.toBeInTheDocument();
  });
});
