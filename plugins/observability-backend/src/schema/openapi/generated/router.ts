// Generated from plugins/observability-backend/src/schema/openapi.yaml by
// scripts/generate-openapi.mjs; do not edit. Run `yarn openapi:generate`.

import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'observability',
    version: '1',
    description:
      "Sightline's entity-scoped telemetry API. The browser names an entity; every PromQL, LogQL and TraceQL query is built server-side from its annotations. Reading follows catalog read access (the entity is fetched with the caller's credentials); silences need observability.silence.create.\n",
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 253,
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 253,
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 253,
        },
      },
      from: {
        name: 'from',
        in: 'query',
        description:
          'Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`.',
        schema: {
          type: 'string',
          maxLength: 40,
        },
      },
      to: {
        name: 'to',
        in: 'query',
        description:
          'End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now.',
        schema: {
          type: 'string',
          maxLength: 40,
        },
      },
      sloAt: {
        name: 'at',
        in: 'query',
        description:
          'The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now.',
        schema: {
          type: 'string',
          maxLength: 40,
        },
      },
      sloReportFormat: {
        name: 'format',
        in: 'query',
        schema: {
          type: 'string',
          enum: ['markdown', 'json'],
          default: 'json',
        },
      },
    },
    responses: {
      Error: {
        description:
          'A Backstage error body naming what went wrong (the failing upstream, the malformed annotation, the bad parameter).',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
              reason: {
                description:
                  'Why there is nothing to show (MetricsProblemReason in -common), where the backend knows it.',
                type: 'string',
                enum: [
                  'invalid-annotation',
                  'no-series',
                  'target-down',
                  'upstream-unreachable',
                ],
              },
            },
            required: ['name', 'message'],
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'number',
              },
            },
          },
        },
        required: ['error'],
      },
      LabelMatcher: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            maxLength: 200,
          },
          op: {
            type: 'string',
            enum: ['=', '!=', '=~', '!~'],
          },
          value: {
            type: 'string',
            maxLength: 1000,
          },
        },
        required: ['name', 'op', 'value'],
        additionalProperties: false,
      },
      MonitoringOptions: {
        type: 'object',
        description:
          "Generator options (prometheusOperator, monitor, rules, dashboard, directory). Checked by the handler, field by field, with monitoringOptionsSchema of @sightline/plugin-observability-node, the one schema the scaffolder actions use too: a field of the wrong type, an unknown field, or one that would set the entity's identity (rules.slothService, monitor.selectorLabel) is a 400 naming it.\n",
      },
      TimeSeries: {
        type: 'object',
        properties: {
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          points: {
            type: 'array',
            items: {
              type: 'array',
              items: {
                type: 'number',
              },
              minItems: 2,
              maxItems: 2,
            },
          },
        },
        required: ['labels', 'points'],
      },
      DiagnosisCheck: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
            enum: [
              'config',
              'kubernetes-service',
              'monitor',
              'prometheus-selects-monitor',
              'scrape-target',
              'series',
              'logs',
              'traces',
              'rules',
              'slo-objectives',
              'service-graph',
            ],
          },
          title: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['pass', 'warn', 'fail', 'skipped'],
          },
          message: {
            type: 'string',
          },
          skippedReason: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                label: {
                  type: 'string',
                },
                detail: {
                  type: 'string',
                },
              },
              required: ['label', 'detail'],
            },
          },
          fix: {
            type: 'object',
            properties: {
              summary: {
                type: 'string',
              },
              yaml: {
                type: 'string',
              },
              fixAction: {
                type: 'object',
                properties: {
                  type: {
                    type: 'string',
                    enum: ['generate-monitoring'],
                  },
                  request: {
                    type: 'object',
                  },
                },
                required: ['type', 'request'],
              },
            },
            required: ['summary'],
          },
          durationMs: {
            type: 'number',
          },
        },
        required: [
          'id',
          'title',
          'status',
          'message',
          'evidence',
          'durationMs',
        ],
      },
      DiagnosisResponse: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          checkedAt: {
            type: 'string',
          },
          firstFailure: {
            type: 'string',
          },
          checks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DiagnosisCheck',
            },
          },
        },
        required: ['entityRef', 'cluster', 'checkedAt', 'checks'],
      },
      UpstreamHealth: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: [
              'prometheus',
              'alertmanager',
              'loki',
              'tempo',
              'jaeger',
              'grafana',
              'kubernetes',
            ],
          },
          url: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['up', 'down'],
          },
          latencyMs: {
            type: 'number',
          },
          error: {
            type: 'string',
          },
          engine: {
            $ref: '#/components/schemas/PromEngineInfo',
          },
        },
        required: ['kind', 'url', 'status', 'latencyMs'],
      },
      PromEngineCapability: {
        type: 'object',
        properties: {
          available: {
            type: 'boolean',
          },
          reason: {
            type: 'string',
          },
        },
        required: ['available'],
      },
      PromEngineInfo: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: [
              'prometheus',
              'thanos',
              'mimir',
              'victoriametrics',
              'unknown',
            ],
          },
          version: {
            type: 'string',
          },
          capabilities: {
            type: 'object',
            properties: {
              rules: {
                $ref: '#/components/schemas/PromEngineCapability',
              },
              exemplars: {
                $ref: '#/components/schemas/PromEngineCapability',
              },
              targets: {
                $ref: '#/components/schemas/PromEngineCapability',
              },
            },
            required: ['rules', 'exemplars', 'targets'],
          },
        },
        required: ['kind', 'capabilities'],
      },
      ClusterHealth: {
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          upstreams: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/UpstreamHealth',
            },
          },
        },
        required: ['cluster', 'upstreams'],
      },
      RedSummary: {
        type: 'object',
        properties: {
          requestRate: {
            type: 'number',
          },
          errorRatio: {
            type: 'number',
          },
          latencyP50: {
            type: 'number',
          },
          latencyP95: {
            type: 'number',
          },
          latencyP99: {
            type: 'number',
          },
        },
      },
      EntitySilence: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          matchers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/LabelMatcher',
            },
          },
          startsAt: {
            type: 'string',
          },
          endsAt: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdFrom: {
            type: 'string',
            description:
              'The entity whose page created it; absent when created outside Backstage.',
          },
          comment: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['active', 'pending', 'expired'],
          },
          url: {
            type: 'string',
            description:
              "The silence in Alertmanager's UI (at its externalUrl).",
          },
        },
        required: [
          'id',
          'matchers',
          'startsAt',
          'endsAt',
          'createdBy',
          'comment',
          'state',
        ],
      },
      SloNotificationMute: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          muted: {
            type: 'boolean',
            description:
              "True when the caller gets no notifications of this entity's SLOs.",
          },
          notificationsEnabled: {
            type: 'boolean',
            description:
              'False when observability.slo.notifications.enabled is false (nothing is sent to anyone).',
          },
        },
        required: ['entityRef', 'muted', 'notificationsEnabled'],
      },
      DependencyNode: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          external: {
            type: 'boolean',
          },
          health: {
            type: 'string',
            enum: ['healthy', 'degraded', 'failing', 'unknown'],
          },
          errorRatio: {
            type: 'number',
          },
          requestRate: {
            type: 'number',
          },
        },
        required: ['id', 'title', 'external', 'health'],
      },
      DependencyEdge: {
        type: 'object',
        properties: {
          client: {
            type: 'string',
          },
          server: {
            type: 'string',
          },
          requestRate: {
            type: 'number',
          },
          errorRatio: {
            type: 'number',
          },
          latencyP95: {
            type: 'number',
          },
          connectionType: {
            type: 'string',
          },
        },
        required: ['client', 'server', 'requestRate', 'errorRatio'],
      },
      DependencyDrift: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: ['undeclared', 'unobserved'],
          },
          clientRef: {
            type: 'string',
          },
          serverRef: {
            type: 'string',
          },
          declaredAs: {
            type: 'string',
          },
          yaml: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
        required: ['kind', 'clientRef', 'serverRef', 'message'],
      },
      DependenciesResponse: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['tempo-servicegraph', 'istio'],
          },
          focus: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          nodes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DependencyNode',
            },
          },
          edges: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DependencyEdge',
            },
          },
          drift: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DependencyDrift',
            },
          },
          missing: {
            type: 'object',
            properties: {
              message: {
                type: 'string',
              },
              howToEnable: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
            required: ['message', 'howToEnable'],
          },
          failures: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                entityRef: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
              required: ['entityRef', 'message'],
            },
          },
        },
        required: [
          'entityRef',
          'from',
          'to',
          'focus',
          'nodes',
          'edges',
          'drift',
          'failures',
        ],
      },
      SloAdjustmentRequest: {
        type: 'object',
        description:
          "A period to exclude from the entity's SLO error budgets: start with end (one-off) or duration (one-off, or each occurrence of rrule). The meaning (an instant with a time zone, end after start, a valid RRULE, SLO ids of the entity) is checked by the handler, naming the field.\n",
        properties: {
          reason: {
            type: 'string',
            minLength: 1,
            maxLength: 500,
          },
          start: {
            type: 'string',
            maxLength: 40,
          },
          end: {
            type: 'string',
            maxLength: 40,
          },
          duration: {
            type: 'string',
            maxLength: 20,
          },
          rrule: {
            type: 'string',
            maxLength: 300,
          },
          slos: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 253,
            },
          },
        },
        required: ['reason', 'start'],
        additionalProperties: false,
      },
      ReadinessFacts: {
        type: 'object',
        description:
          "What a production-readiness scorecard asks of the entity's observability (the Tech Insights facts of observabilityFactRetriever), with the reason behind each fact that is false.\n",
        properties: {
          entityRef: {
            type: 'string',
          },
          hasMonitoring: {
            type: 'boolean',
          },
          hasSlo: {
            type: 'boolean',
          },
          sloStatus: {
            type: 'string',
            enum: ['met', 'at-risk', 'violated', 'no-data', 'none'],
          },
          sloBudgetRemaining: {
            type: 'number',
            nullable: true,
          },
          alertsRoutedWithRunbooks: {
            type: 'boolean',
          },
          dashboardPresent: {
            type: 'boolean',
          },
          doctorPassing: {
            type: 'boolean',
          },
          reasons: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
        },
        required: [
          'entityRef',
          'hasMonitoring',
          'hasSlo',
          'sloStatus',
          'sloBudgetRemaining',
          'alertsRoutedWithRunbooks',
          'dashboardPresent',
          'doctorPassing',
          'reasons',
        ],
      },
    },
  },
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description:
          'Reachability and latency of every upstream of every configured cluster.',
        responses: {
          '200': {
            description: 'Per-cluster health.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    defaultCluster: {
                      type: 'string',
                    },
                    clusters: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ClusterHealth',
                      },
                    },
                  },
                  required: ['defaultCluster', 'clusters'],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/dialects': {
      get: {
        operationId: 'GetDialects',
        description:
          'The metric dialects this backend knows, for sightline.dev/metrics-dialect.',
        responses: {
          '200': {
            description: 'Dialects in auto-detection order.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    defaultDialect: {
                      type: 'string',
                    },
                    dialects: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: {
                            type: 'string',
                          },
                          title: {
                            type: 'string',
                          },
                        },
                        required: ['id', 'title'],
                      },
                    },
                  },
                  required: ['defaultDialect', 'dialects'],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/health': {
      get: {
        operationId: 'GetEntityHealth',
        description:
          "The entity's cluster and the reachability of its upstreams.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: "The entity's cluster health.",
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    entityRef: {
                      type: 'string',
                    },
                    cluster: {
                      $ref: '#/components/schemas/ClusterHealth',
                    },
                  },
                  required: ['entityRef', 'cluster'],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/target': {
      get: {
        operationId: 'GetTarget',
        description:
          'The resolved telemetry identity: cluster, PromQL matchers, detected metric dialect, log selector, trace service, alert matchers, dashboards and the problems of malformed annotations.\n',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The TelemetryTarget (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/red': {
      get: {
        operationId: 'GetRed',
        description:
          'Request rate by status class, error ratio and latency p50/p95/p99, as series and summaries (this period and the one before), with exemplars and the PromQL built.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
        ],
        responses: {
          '200': {
            description: 'The RedResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    entityRef: {
                      type: 'string',
                    },
                    rateWindow: {
                      type: 'string',
                    },
                    requestRate: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/TimeSeries',
                      },
                    },
                    errorRatio: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/TimeSeries',
                      },
                    },
                    summary: {
                      $ref: '#/components/schemas/RedSummary',
                    },
                    previous: {
                      $ref: '#/components/schemas/RedSummary',
                    },
                  },
                  required: [
                    'entityRef',
                    'requestRate',
                    'errorRatio',
                    'summary',
                    'previous',
                  ],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/red/breakdown': {
      get: {
        operationId: 'GetRedBreakdown',
        description:
          'The top routes or status codes by request rate over the range.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            name: 'by',
            in: 'query',
            description:
              'Left out, the first of the breakdowns the metrics support.',
            schema: {
              type: 'string',
              enum: ['route', 'status'],
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 50,
              default: 10,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Rows sorted by request rate.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    entityRef: {
                      type: 'string',
                    },
                    by: {
                      type: 'string',
                    },
                    label: {
                      type: 'string',
                    },
                    rows: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          key: {
                            type: 'string',
                          },
                          requestRate: {
                            type: 'number',
                          },
                          errorRatio: {
                            type: 'number',
                          },
                          latencyP95: {
                            type: 'number',
                          },
                        },
                        required: ['key', 'requestRate'],
                      },
                    },
                    breakdowns: {
                      description:
                        'The breakdowns the metrics have a label for.',
                      type: 'array',
                      items: {
                        type: 'string',
                        enum: ['route', 'status'],
                      },
                    },
                  },
                  required: ['entityRef', 'by', 'label', 'rows', 'breakdowns'],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/alerts': {
      get: {
        operationId: 'GetAlerts',
        description:
          "Firing alerts from Alertmanager, pending ones from Prometheus, and the entity's alerting rules; a failing source is reported in `errors`.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The AlertsResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    entityRef: {
                      type: 'string',
                    },
                    alerts: {
                      type: 'array',
                      items: {
                        type: 'object',
                      },
                    },
                    rules: {
                      type: 'array',
                      items: {
                        type: 'object',
                      },
                    },
                    errors: {
                      type: 'array',
                      items: {
                        type: 'object',
                      },
                    },
                  },
                  required: ['entityRef', 'alerts', 'rules', 'errors'],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/silences': {
      get: {
        operationId: 'GetSilences',
        description:
          "Active and pending silences that carry all of the entity's matchers.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: "The entity's silences.",
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    entityRef: {
                      type: 'string',
                    },
                    silences: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/EntitySilence',
                      },
                    },
                  },
                  required: ['entityRef', 'silences'],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'CreateSilence',
        description:
          "Silences the entity's alerts. The entity's matchers are always added; extra matchers can only narrow the silence. Needs observability.silence.create.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  comment: {
                    type: 'string',
                    maxLength: 1000,
                  },
                  durationMinutes: {
                    type: 'integer',
                    minimum: 1,
                    maximum: 10080,
                  },
                  matchers: {
                    type: 'array',
                    maxItems: 10,
                    items: {
                      $ref: '#/components/schemas/LabelMatcher',
                    },
                  },
                },
                required: ['comment', 'durationMinutes'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The silence as Alertmanager stored it.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntitySilence',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/silences/{id}': {
      delete: {
        operationId: 'ExpireSilence',
        description:
          "Expires one of the entity's silences. Needs observability.silence.create.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              pattern: '^[0-9a-fA-F-]{1,64}$',
            },
          },
        ],
        responses: {
          '204': {
            description: 'Expired.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/logs': {
      get: {
        operationId: 'GetLogs',
        description:
          'Log lines from Loki with stream labels, parsed JSON/logfmt fields, level and detected trace ids, plus a volume histogram by level and the LogQL sent.\n',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            name: 'level',
            in: 'query',
            description:
              'Levels to keep, repeated or comma-separated (error, warn, info, debug, …).',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                maxLength: 40,
              },
              maxItems: 10,
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'contains',
            in: 'query',
            description: 'Text the line must contain (a line filter, escaped).',
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'traceId',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 5000,
              default: 200,
            },
          },
          {
            name: 'direction',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['forward', 'backward'],
              default: 'backward',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The LogsResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/traces': {
      get: {
        operationId: 'SearchTraces',
        description:
          "Trace summaries for the entity's service from the cluster's Tempo or Jaeger.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            name: 'status',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['ok', 'error'],
            },
          },
          {
            name: 'minDuration',
            in: 'query',
            description: 'A duration such as 250ms or 2s.',
            schema: {
              type: 'string',
              maxLength: 20,
            },
          },
          {
            name: 'operation',
            in: 'query',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
            },
          },
          {
            name: 'limit',
            in: 'query',
            description:
              'Traces sampled across the range, enough to draw their durations over time.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 20,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The TracesResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/traces/{traceId}': {
      get: {
        operationId: 'GetTrace',
        description:
          'One trace as normalised spans in tree order, with the time window for "logs for this trace". A trace without a span of the entity\'s service is 404.\n',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'traceId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The TraceResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/dashboards': {
      get: {
        operationId: 'GetDashboards',
        description:
          "The entity's Grafana dashboards (by uid or tag) and Explore links prefilled with its queries.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
        ],
        responses: {
          '200': {
            description: 'The DashboardsResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/deployments': {
      get: {
        operationId: 'GetDeployments',
        description:
          "The rollouts of the entity's Deployment in the range, from kube-state-metrics, the Kubernetes API (ReplicaSets, Argo CD and Flux status) and a version label, each with its version, controller, the request rate, error ratio and p95 of the 30 minutes before and after, a verdict and its source commit; and which sources were read, found nothing, are not configured or failed.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
        ],
        responses: {
          '200': {
            description: 'The DeploymentsResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/slos': {
      get: {
        operationId: 'GetEntitySlos',
        description:
          "The entity's SLOs (shorthand annotations and sightline.dev/slo-file) at an instant: status, error budget, burn rates per window, alert conditions, burn-down, explanations and per-SLO problems; each SLO says whether it was read from Sloth recording rules or the raw series.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/sloAt',
          },
        ],
        responses: {
          '200': {
            description: 'The EntitySlosResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/slos/snapshot': {
      get: {
        operationId: 'GetEntitySloSnapshot',
        description:
          "The entity's SLOs as the fleet evaluation (a scheduled task) last stored them, without burn-down; evaluated live when it has no snapshot yet. evaluatedFrom says which (snapshot or live). What search indexes.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The EntitySloSnapshotResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/slos/report': {
      get: {
        operationId: 'GetEntitySloReport',
        description:
          'One row per SLO over its window (target, actual, status, budget used and remaining, worst day), as JSON or Markdown.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/sloAt',
          },
          {
            $ref: '#/components/parameters/sloReportFormat',
          },
        ],
        responses: {
          '200': {
            description:
              'The SloReportResponse (see -common), or its Markdown table.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
              'text/markdown': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/slos/notifications': {
      get: {
        operationId: 'GetSloNotificationMute',
        description:
          "Whether the calling user muted the entity's SLO notifications (sent to its owner group when an SLO changes status or a burn-rate condition starts or stops holding), and whether the backend sends them at all.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: "The caller's mute for the entity.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SloNotificationMute',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      put: {
        operationId: 'SetSloNotificationMute',
        description:
          "Mutes or unmutes the entity's SLO notifications for the calling user (a user, not a service).",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  muted: {
                    type: 'boolean',
                  },
                },
                required: ['muted'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '200': {
            description: "The caller's mute for the entity, as stored.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SloNotificationMute',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/slo-adjustments': {
      get: {
        operationId: 'GetSloAdjustments',
        description:
          "The entity's SLO budget adjustments (periods excluded from its error budgets) from every source: declared by the entity (sightline.dev/slo-adjustments, BudgetAdjustment documents of its SLO file), by app-config for its system or cluster (observability.sloAdjustments), and stored by its owners; with their periods that overlap the range and the problems of refused declarations.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
        ],
        responses: {
          '200': {
            description: 'The SloAdjustmentsResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'CreateSloAdjustment',
        description:
          "Excludes a period, one-off (start with end or duration) or recurring (rrule, each occurrence lasting duration), from the entity's SLO error budgets, stored with who created it and why. Needs observability.slo.adjust.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/SloAdjustmentRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The stored SloAdjustment (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/slo-adjustments/{id}': {
      delete: {
        operationId: 'DeleteSloAdjustment',
        description:
          "Deletes one of the entity's stored budget adjustments; the record keeps who deleted it and when. Needs observability.slo.adjust.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
        ],
        responses: {
          '204': {
            description: 'Deleted.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/groups/{namespace}/{name}/slos': {
      get: {
        operationId: 'GetGroupSlos',
        description:
          "Every SLO of the Components the group owns, most urgent first (a page burn-rate condition holding, then a ticket one, then the sooner the budget runs out, then the less budget left; unmeasured last); entities that fail are listed in failures. Without at, each Component's SLOs come from the fleet snapshot where it has one (evaluatedFrom snapshot, evaluatedAt its instant), the others are evaluated live (evaluatedFrom live).",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/sloAt',
          },
        ],
        responses: {
          '200': {
            description: 'The SloRollupResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/groups/{namespace}/{name}/slos/report': {
      get: {
        operationId: 'GetGroupSloReport',
        description: 'The SLO report of every Component the group owns.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/sloAt',
          },
          {
            $ref: '#/components/parameters/sloReportFormat',
          },
        ],
        responses: {
          '200': {
            description:
              'The SloReportResponse (see -common), or its Markdown table.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
              'text/markdown': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/systems/{namespace}/{name}/slos': {
      get: {
        operationId: 'GetSystemSlos',
        description:
          "Every SLO of the Components the system contains, most urgent first (a page burn-rate condition holding, then a ticket one, then the sooner the budget runs out, then the less budget left; unmeasured last); entities that fail are listed in failures. Without at, each Component's SLOs come from the fleet snapshot where it has one (evaluatedFrom snapshot, evaluatedAt its instant), the others are evaluated live (evaluatedFrom live).",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/sloAt',
          },
        ],
        responses: {
          '200': {
            description: 'The SloRollupResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/systems/{namespace}/{name}/slos/report': {
      get: {
        operationId: 'GetSystemSloReport',
        description: 'The SLO report of every Component the system contains.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/sloAt',
          },
          {
            $ref: '#/components/parameters/sloReportFormat',
          },
        ],
        responses: {
          '200': {
            description:
              'The SloReportResponse (see -common), or its Markdown table.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
              'text/markdown': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/slos/composite': {
      get: {
        operationId: 'GetCompositeSlos',
        description:
          "The composite SLOs the entity (a System, or one standing for a user journey) declares in sightline.dev/slo-composites, at an instant: status, budget and burn rates from the components' weighted event counts (sum of weight x good over sum of weight x total, never an average of percentages), and each component's contribution (its weighted good and bad events, its share of the bad events and of the composite's budget). Every component entity is read with the caller's credentials; one the caller cannot read is reported as hidden, without figures, and left out. Bad declarations are listed in problems, naming the field.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/sloAt',
          },
        ],
        responses: {
          '200': {
            description: 'The CompositeSlosResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/dependencies': {
      get: {
        operationId: 'GetDependencies',
        description:
          "The entity's callers and callees from the service-graph series of its cluster's Prometheus (Tempo metrics-generator / OTel servicegraph connector, or Istio; detected), each edge with request rate, error ratio and p95 over the range, each node matched to the catalog entity whose trace service name (Istio: Kubernetes id) it is, and the drift from the catalog's dependsOn/consumesApis relations. Without service-graph metrics, `missing` says how to enable them.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
        ],
        responses: {
          '200': {
            description: 'The DependenciesResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DependenciesResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/systems/{namespace}/{name}/dependencies': {
      get: {
        operationId: 'GetSystemDependencies',
        description:
          'The service graph of every Component the system contains and their peers outside it, with its drift from the catalog; components that cannot be read are listed in failures.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
        ],
        responses: {
          '200': {
            description: 'The DependenciesResponse (see -common).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DependenciesResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/monitoring/preview': {
      post: {
        operationId: 'PreviewMonitoring',
        description:
          "The entity's generated monitoring (ServiceMonitor or PodMonitor, PrometheusRule, dashboard, OpenSLO) and, when its cluster has a Kubernetes API, what applying it would change (a dryRun=All server-side apply per object).\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  port: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 63,
                  },
                  options: {
                    $ref: '#/components/schemas/MonitoringOptions',
                  },
                  dryRun: {
                    type: 'boolean',
                  },
                  force: {
                    type: 'boolean',
                  },
                },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The MonitoringPreviewResponse (see the frontend ObservabilityApi).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/monitoring/apply': {
      post: {
        operationId: 'ApplyMonitoring',
        description:
          "Server-side-applies the entity's generated monitoring to its cluster (field manager sightline-observability; only to the cluster's kubernetes.allowedNamespaces; never deletes). Needs observability.monitoring.apply. Every apply is logged.\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  port: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 63,
                  },
                  options: {
                    $ref: '#/components/schemas/MonitoringOptions',
                  },
                  dryRun: {
                    type: 'boolean',
                  },
                  force: {
                    type: 'boolean',
                  },
                },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The MonitoringApplyResponse (see the frontend ObservabilityApi).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/diagnosis': {
      get: {
        operationId: 'GetDiagnosis',
        description:
          'The monitoring doctor: why the entity has no data. Ordered checks (annotations and upstreams; Kubernetes Service, ServiceMonitor or PodMonitor and the Prometheus resource that loads it, when the cluster has a Kubernetes API; scrape target; series; log streams; spans; alert and SLO rules; SLO objectives that can be measured, e.g. a latency threshold on a bucket boundary), each pass, warn, fail or skipped with its evidence and a concrete fix. A dead upstream fails its checks, naming it; the answer comes within the upstream query timeout.\n',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'Every check, in order.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DiagnosisResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/readiness': {
      get: {
        operationId: 'GetReadinessFacts',
        description:
          "The entity's production-readiness facts: monitoring found (the doctor's ServiceMonitor/PodMonitor check), SLOs declared, the most urgent SLO's status and the least error budget left, alert rules with runbooks routed by Alertmanager to a receiver that notifies someone, a Grafana dashboard, and the doctor passing. Read by the Tech Insights fact retriever (observabilityFactRetriever).\n",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The facts, each false one with its reason.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReadinessFacts',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
