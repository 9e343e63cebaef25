// Test fixtures and rendering for the Alerts section.
import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { alertApiRef } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AlertsResponse,
  EntityHealthResponse,
  SilencesResponse,
} from '@sightline/plugin-observability-common';
import { AlertsSection } from '../AlertsSection';
import { observabilityApiRef } from '../../../api/ObservabilityApi';
import { ObservabilityClient } from '../../../api/ObservabilityClient';
import { TimeRangeProvider } from '../../shared';

const BASE = 'http://backstage.test/api/observability';
export const ENTITY_URL = `${BASE}/entities/Component/default/payments`;

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service' },
};

// Shaped like the backend's answer for the demo's payments service
// (GET /api/observability/entities/component/default/payments/alerts).
export const alerts: AlertsResponse = {
  entityRef: 'component:default/payments',
  matchers: [
    { name: 'namespace', op: '=', value: 'shop' },
    { name: 'service', op: '=', value: 'payments' },
  ],
  alerts: [
    {
      name: 'HighErrorRate',
      state: 'firing',
      severity: 'critical',
      summary: 'payments answers more than 1% of requests with 5xx',
      description: '4.61% of payments requests failed with 5xx.',
      runbookUrl: 'https://runbooks.example/high-error-rate',
      labels: {
        alertname: 'HighErrorRate',
        namespace: 'shop',
        service: 'payments',
        severity: 'critical',
      },
      startsAt: '2026-11-22T02:17:44.409Z',
      silencedBy: [],
      source: 'alertmanager',
    },
  ],
  rules: [
    {
      name: 'HighErrorRate',
      group: 'shop-alerts',
      query: 'sum(rate(errors[5m])) / sum(rate(requests[5m])) > 0.01',
      state: 'firing',
      forSeconds: 300,
      severity: 'critical',
      health: 'ok',
    },
  ],
  alertmanagerUrl:
    'http://am.test/#/alerts?silenced=true&filter=%7Bservice%3D%22payments%22%7D',
  errors: [],
};

export const silences: SilencesResponse = {
  entityRef: 'component:default/payments',
  silences: [
    {
      id: 'b1d5e9c0-0000-4000-8000-000000000001',
      url: 'http://am.test/#/silences/b1d5e9c0-0000-4000-8000-000000000001',
      matchers: [{ name: 'service', op: '=', value: 'payments' }],
      startsAt: '2026-11-22T01:00:00Z',
      endsAt: '2099-01-01T00:00:00Z',
      createdBy: 'user:default/alice',
      createdFrom: 'component:default/payments',
      comment: 'Database migration',
      state: 'active',
    },
    // Silences made elsewhere that mute payments' alerts too.
    {
      id: 'b1d5e9c0-0000-4000-8000-000000000003',
      matchers: [{ name: 'namespace', op: '=', value: 'shop' }],
      startsAt: '2026-11-22T00:30:00Z',
      endsAt: '2099-01-01T00:00:00Z',
      createdBy: 'user:default/mallory',
      createdFrom: 'component:default/shop-wide',
      comment: 'Quiet night',
      state: 'active',
    },
    {
      id: 'b1d5e9c0-0000-4000-8000-000000000004',
      matchers: [{ name: 'alertname', op: '=', value: 'HighErrorRate' }],
      startsAt: '2026-11-22T00:00:00Z',
      endsAt: '2099-01-01T00:00:00Z',
      createdBy: 'sre-oncall',
      comment: 'Known flapping',
      state: 'active',
    },
    {
      id: 'b1d5e9c0-0000-4000-8000-000000000002',
      matchers: [{ name: 'service', op: '=', value: 'payments' }],
      startsAt: '2026-11-20T01:00:00Z',
      endsAt: '2026-11-20T02:00:00Z',
      createdBy: 'user:default/bob',
      createdFrom: 'component:default/payments',
      comment: 'Old deploy',
      state: 'expired',
    },
  ],
};

const client = new ObservabilityClient({
  discoveryApi: { getBaseUrl: async () => BASE },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

/** Allows the permission for payments only, as an owners-only policy would for its owner. */
export const allowForPaymentsOnly = (request: { resourceRef?: string }) =>
  request.resourceRef === alerts.entityRef
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;

export function renderSection(
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY
    | typeof allowForPaymentsOnly,
  alertApi = mockApis.alert(),
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <TimeRangeProvider>
        <AlertsSection />
      </TimeRangeProvider>
    </EntityProvider>,
    {
      apis: [
        [observabilityApiRef, client],
        [alertApiRef, alertApi],
        mockApis.permission({ authorize }),
        mockApis.identity({ userEntityRef: 'user:default/guest' }),
      ],
    },
  );
}

/** The cluster's health as /health reports Prometheus without an engine detected. */
const health: EntityHealthResponse = {
  entityRef: 'component:default/payments',
  cluster: {
    cluster: 'local',
    upstreams: [
      {
        kind: 'prometheus',
        url: 'http://127.0.0.1:9090',
        status: 'up',
        latencyMs: 3,
      },
    ],
  },
};

/** Serves the alerts and silences of payments, and its cluster's health (which says what the engine lacks). */
export function serveAlerts(
  server: SetupServer,
  alertsBody: AlertsResponse = alerts,
  silencesBody: SilencesResponse = silences,
  healthBody: EntityHealthResponse = health,
) {
  server.use(
    http.get(`${ENTITY_URL}/alerts`, () => HttpResponse.json(alertsBody)),
    http.get(`${ENTITY_URL}/silences`, () => HttpResponse.json(silencesBody)),
    http.get(`${ENTITY_URL}/health`, () => HttpResponse.json(healthBody)),
  );
}
