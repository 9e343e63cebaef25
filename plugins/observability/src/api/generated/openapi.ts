// Generated from plugins/observability-backend/src/schema/openapi.yaml by
// scripts/generate-openapi.mjs; do not edit. Run `yarn openapi:generate`.

export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Reachability and latency of every upstream of every configured cluster. */
    get: operations['GetHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dialects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The metric dialects this backend knows, for sightline.dev/metrics-dialect. */
    get: operations['GetDialects'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's cluster and the reachability of its upstreams. */
    get: operations['GetEntityHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/target': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The resolved telemetry identity: cluster, PromQL matchers, detected metric dialect, log selector, trace service, alert matchers, dashboards and the problems of malformed annotations. */
    get: operations['GetTarget'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/red': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Request rate by status class, error ratio and latency p50/p95/p99, as series and summaries (this period and the one before), with exemplars and the PromQL built. */
    get: operations['GetRed'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/red/breakdown': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The top routes or status codes by request rate over the range. */
    get: operations['GetRedBreakdown'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Firing alerts from Alertmanager, pending ones from Prometheus, and the entity's alerting rules; a failing source is reported in `errors`. */
    get: operations['GetAlerts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/silences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Active and pending silences that carry all of the entity's matchers. */
    get: operations['GetSilences'];
    put?: never;
    /** @description Silences the entity's alerts. The entity's matchers are always added; extra matchers can only narrow the silence. Needs observability.silence.create. */
    post: operations['CreateSilence'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/silences/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** @description Expires one of the entity's silences. Needs observability.silence.create. */
    delete: operations['ExpireSilence'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Log lines from Loki with stream labels, parsed JSON/logfmt fields, level and detected trace ids, plus a volume histogram by level and the LogQL sent. */
    get: operations['GetLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/traces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Trace summaries for the entity's service from the cluster's Tempo or Jaeger. */
    get: operations['SearchTraces'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/traces/{traceId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One trace as normalised spans in tree order, with the time window for "logs for this trace". A trace without a span of the entity's service is 404. */
    get: operations['GetTrace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/dashboards': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's Grafana dashboards (by uid or tag) and Explore links prefilled with its queries. */
    get: operations['GetDashboards'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/deployments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The rollouts of the entity's Deployment in the range, from kube-state-metrics, the Kubernetes API (ReplicaSets, Argo CD and Flux status) and a version label, each with its version, controller, the request rate, error ratio and p95 of the 30 minutes before and after, a verdict and its source commit; and which sources were read, found nothing, are not configured or failed. */
    get: operations['GetDeployments'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/slos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's SLOs (shorthand annotations and sightline.dev/slo-file) at an instant: status, error budget, burn rates per window, alert conditions, burn-down, explanations and per-SLO problems; each SLO says whether it was read from Sloth recording rules or the raw series. */
    get: operations['GetEntitySlos'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/slos/snapshot': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's SLOs as the fleet evaluation (a scheduled task) last stored them, without burn-down; evaluated live when it has no snapshot yet. evaluatedFrom says which (snapshot or live). What search indexes. */
    get: operations['GetEntitySloSnapshot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/slos/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One row per SLO over its window (target, actual, status, budget used and remaining, worst day), as JSON or Markdown. */
    get: operations['GetEntitySloReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/slos/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Whether the calling user muted the entity's SLO notifications (sent to its owner group when an SLO changes status or a burn-rate condition starts or stops holding), and whether the backend sends them at all. */
    get: operations['GetSloNotificationMute'];
    /** @description Mutes or unmutes the entity's SLO notifications for the calling user (a user, not a service). */
    put: operations['SetSloNotificationMute'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/slo-adjustments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's SLO budget adjustments (periods excluded from its error budgets) from every source: declared by the entity (sightline.dev/slo-adjustments, BudgetAdjustment documents of its SLO file), by app-config for its system or cluster (observability.sloAdjustments), and stored by its owners; with their periods that overlap the range and the problems of refused declarations. */
    get: operations['GetSloAdjustments'];
    put?: never;
    /** @description Excludes a period, one-off (start with end or duration) or recurring (rrule, each occurrence lasting duration), from the entity's SLO error budgets, stored with who created it and why. Needs observability.slo.adjust. */
    post: operations['CreateSloAdjustment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/slo-adjustments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** @description Deletes one of the entity's stored budget adjustments; the record keeps who deleted it and when. Needs observability.slo.adjust. */
    delete: operations['DeleteSloAdjustment'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/groups/{namespace}/{name}/slos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every SLO of the Components the group owns, most urgent first (a page burn-rate condition holding, then a ticket one, then the sooner the budget runs out, then the less budget left; unmeasured last); entities that fail are listed in failures. Without at, each Component's SLOs come from the fleet snapshot where it has one (evaluatedFrom snapshot, evaluatedAt its instant), the others are evaluated live (evaluatedFrom live). */
    get: operations['GetGroupSlos'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/groups/{namespace}/{name}/slos/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The SLO report of every Component the group owns. */
    get: operations['GetGroupSloReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/systems/{namespace}/{name}/slos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every SLO of the Components the system contains, most urgent first (a page burn-rate condition holding, then a ticket one, then the sooner the budget runs out, then the less budget left; unmeasured last); entities that fail are listed in failures. Without at, each Component's SLOs come from the fleet snapshot where it has one (evaluatedFrom snapshot, evaluatedAt its instant), the others are evaluated live (evaluatedFrom live). */
    get: operations['GetSystemSlos'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/systems/{namespace}/{name}/slos/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The SLO report of every Component the system contains. */
    get: operations['GetSystemSloReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/slos/composite': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The composite SLOs the entity (a System, or one standing for a user journey) declares in sightline.dev/slo-composites, at an instant: status, budget and burn rates from the components' weighted event counts (sum of weight x good over sum of weight x total, never an average of percentages), and each component's contribution (its weighted good and bad events, its share of the bad events and of the composite's budget). Every component entity is read with the caller's credentials; one the caller cannot read is reported as hidden, without figures, and left out. Bad declarations are listed in problems, naming the field. */
    get: operations['GetCompositeSlos'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/dependencies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's callers and callees from the service-graph series of its cluster's Prometheus (Tempo metrics-generator / OTel servicegraph connector, or Istio; detected), each edge with request rate, error ratio and p95 over the range, each node matched to the catalog entity whose trace service name (Istio: Kubernetes id) it is, and the drift from the catalog's dependsOn/consumesApis relations. Without service-graph metrics, `missing` says how to enable them. */
    get: operations['GetDependencies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/systems/{namespace}/{name}/dependencies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The service graph of every Component the system contains and their peers outside it, with its drift from the catalog; components that cannot be read are listed in failures. */
    get: operations['GetSystemDependencies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/monitoring/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description The entity's generated monitoring (ServiceMonitor or PodMonitor, PrometheusRule, dashboard, OpenSLO) and, when its cluster has a Kubernetes API, what applying it would change (a dryRun=All server-side apply per object). */
    post: operations['PreviewMonitoring'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/monitoring/apply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Server-side-applies the entity's generated monitoring to its cluster (field manager sightline-observability; only to the cluster's kubernetes.allowedNamespaces; never deletes). Needs observability.monitoring.apply. Every apply is logged. */
    post: operations['ApplyMonitoring'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/diagnosis': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The monitoring doctor: why the entity has no data. Ordered checks (annotations and upstreams; Kubernetes Service, ServiceMonitor or PodMonitor and the Prometheus resource that loads it, when the cluster has a Kubernetes API; scrape target; series; log streams; spans; alert and SLO rules; SLO objectives that can be measured, e.g. a latency threshold on a bucket boundary), each pass, warn, fail or skipped with its evidence and a concrete fix. A dead upstream fails its checks, naming it; the answer comes within the upstream query timeout. */
    get: operations['GetDiagnosis'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/readiness': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's production-readiness facts: monitoring found (the doctor's ServiceMonitor/PodMonitor check), SLOs declared, the most urgent SLO's status and the least error budget left, alert rules with runbooks routed by Alertmanager to a receiver that notifies someone, a Grafana dashboard, and the doctor passing. Read by the Tech Insights fact retriever (observabilityFactRetriever). */
    get: operations['GetReadinessFacts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
        /**
         * @description Why there is nothing to show (MetricsProblemReason in -common), where the backend knows it.
         * @enum {string}
         */
        reason?:
          | 'invalid-annotation'
          | 'no-series'
          | 'target-down'
          | 'upstream-unreachable';
      };
      response?: {
        statusCode?: number;
      };
    };
    LabelMatcher: {
      name: string;
      /** @enum {string} */
      op: '=' | '!=' | '=~' | '!~';
      value: string;
    };
    /** @description Generator options (prometheusOperator, monitor, rules, dashboard, directory). Checked by the handler, field by field, with monitoringOptionsSchema of @sightline/plugin-observability-node, the one schema the scaffolder actions use too: a field of the wrong type, an unknown field, or one that would set the entity's identity (rules.slothService, monitor.selectorLabel) is a 400 naming it. */
    MonitoringOptions: Record<string, unknown>;
    TimeSeries: {
      labels: {
        [key: string]: string;
      };
      points: number[][];
    };
    DiagnosisCheck: {
      /** @enum {string} */
      id:
        | 'config'
        | 'kubernetes-service'
        | 'monitor'
        | 'prometheus-selects-monitor'
        | 'scrape-target'
        | 'series'
        | 'logs'
        | 'traces'
        | 'rules'
        | 'slo-objectives'
        | 'service-graph';
      title: string;
      /** @enum {string} */
      status: 'pass' | 'warn' | 'fail' | 'skipped';
      message: string;
      skippedReason?: string;
      evidence: {
        label: string;
        detail: string;
      }[];
      fix?: {
        summary: string;
        yaml?: string;
        fixAction?: {
          /** @enum {string} */
          type: 'generate-monitoring';
          request: Record<string, unknown>;
        };
      };
      durationMs: number;
    };
    DiagnosisResponse: {
      entityRef: string;
      cluster: string;
      checkedAt: string;
      firstFailure?: string;
      checks: components['schemas']['DiagnosisCheck'][];
    };
    UpstreamHealth: {
      /** @enum {string} */
      kind:
        | 'prometheus'
        | 'alertmanager'
        | 'loki'
        | 'tempo'
        | 'jaeger'
        | 'grafana'
        | 'kubernetes';
      url: string;
      /** @enum {string} */
      status: 'up' | 'down';
      latencyMs: number;
      error?: string;
      engine?: components['schemas']['PromEngineInfo'];
    };
    PromEngineCapability: {
      available: boolean;
      reason?: string;
    };
    PromEngineInfo: {
      /** @enum {string} */
      kind: 'prometheus' | 'thanos' | 'mimir' | 'victoriametrics' | 'unknown';
      version?: string;
      capabilities: {
        rules: components['schemas']['PromEngineCapability'];
        exemplars: components['schemas']['PromEngineCapability'];
        targets: components['schemas']['PromEngineCapability'];
      };
    };
    ClusterHealth: {
      cluster: string;
      upstreams: components['schemas']['UpstreamHealth'][];
    };
    RedSummary: {
      requestRate?: number;
      errorRatio?: number;
      latencyP50?: number;
      latencyP95?: number;
      latencyP99?: number;
    };
    EntitySilence: {
      id: string;
      matchers: components['schemas']['LabelMatcher'][];
      startsAt: string;
      endsAt: string;
      createdBy: string;
      /** @description The entity whose page created it; absent when created outside Backstage. */
      createdFrom?: string;
      comment: string;
      /** @enum {string} */
      state: 'active' | 'pending' | 'expired';
      /** @description The silence in Alertmanager's UI (at its externalUrl). */
      url?: string;
    };
    SloNotificationMute: {
      entityRef: string;
      /** @description True when the caller gets no notifications of this entity's SLOs. */
      muted: boolean;
      /** @description False when observability.slo.notifications.enabled is false (nothing is sent to anyone). */
      notificationsEnabled: boolean;
    };
    DependencyNode: {
      id: string;
      entityRef?: string;
      title: string;
      external: boolean;
      /** @enum {string} */
      health: 'healthy' | 'degraded' | 'failing' | 'unknown';
      errorRatio?: number;
      requestRate?: number;
    };
    DependencyEdge: {
      client: string;
      server: string;
      requestRate: number;
      errorRatio: number;
      latencyP95?: number;
      connectionType?: string;
    };
    DependencyDrift: {
      /** @enum {string} */
      kind: 'undeclared' | 'unobserved';
      clientRef: string;
      serverRef: string;
      declaredAs?: string;
      yaml?: string;
      message: string;
    };
    DependenciesResponse: {
      entityRef: string;
      from: string;
      to: string;
      /** @enum {string} */
      source?: 'tempo-servicegraph' | 'istio';
      focus: string[];
      nodes: components['schemas']['DependencyNode'][];
      edges: components['schemas']['DependencyEdge'][];
      drift: components['schemas']['DependencyDrift'][];
      missing?: {
        message: string;
        howToEnable: string[];
      };
      failures: {
        entityRef: string;
        message: string;
      }[];
    };
    /** @description A period to exclude from the entity's SLO error budgets: start with end (one-off) or duration (one-off, or each occurrence of rrule). The meaning (an instant with a time zone, end after start, a valid RRULE, SLO ids of the entity) is checked by the handler, naming the field. */
    SloAdjustmentRequest: {
      reason: string;
      start: string;
      end?: string;
      duration?: string;
      rrule?: string;
      slos?: string[];
    };
    /** @description What a production-readiness scorecard asks of the entity's observability (the Tech Insights facts of observabilityFactRetriever), with the reason behind each fact that is false. */
    ReadinessFacts: {
      entityRef: string;
      hasMonitoring: boolean;
      hasSlo: boolean;
      /** @enum {string} */
      sloStatus: 'met' | 'at-risk' | 'violated' | 'no-data' | 'none';
      sloBudgetRemaining: number | null;
      alertsRoutedWithRunbooks: boolean;
      dashboardPresent: boolean;
      doctorPassing: boolean;
      reasons: {
        [key: string]: string;
      };
    };
  };
  responses: {
    /** @description A Backstage error body naming what went wrong (the failing upstream, the malformed annotation, the bad parameter). */
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    kind: string;
    namespace: string;
    name: string;
    /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
    from: string;
    /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
    to: string;
    /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
    sloAt: string;
    sloReportFormat: 'markdown' | 'json';
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export interface operations {
  GetHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Per-cluster health. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            defaultCluster: string;
            clusters: components['schemas']['ClusterHealth'][];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetDialects: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Dialects in auto-detection order. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            defaultDialect: string;
            dialects: {
              id: string;
              title: string;
            }[];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetEntityHealth: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entity's cluster health. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entityRef: string;
            cluster: components['schemas']['ClusterHealth'];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetTarget: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The TelemetryTarget (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetRed: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The RedResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entityRef: string;
            rateWindow?: string;
            requestRate: components['schemas']['TimeSeries'][];
            errorRatio: components['schemas']['TimeSeries'][];
            summary: components['schemas']['RedSummary'];
            previous: components['schemas']['RedSummary'];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetRedBreakdown: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
        /** @description Left out, the first of the breakdowns the metrics support. */
        by?: 'route' | 'status';
        limit?: number;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Rows sorted by request rate. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entityRef: string;
            by: string;
            label: string;
            rows: {
              key: string;
              requestRate: number;
              errorRatio?: number;
              latencyP95?: number;
            }[];
            /** @description The breakdowns the metrics have a label for. */
            breakdowns: ('route' | 'status')[];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetAlerts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The AlertsResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entityRef: string;
            alerts: Record<string, unknown>[];
            rules: Record<string, unknown>[];
            errors: Record<string, unknown>[];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetSilences: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entity's silences. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entityRef: string;
            silences: components['schemas']['EntitySilence'][];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  CreateSilence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          comment: string;
          durationMinutes: number;
          matchers?: components['schemas']['LabelMatcher'][];
        };
      };
    };
    responses: {
      /** @description The silence as Alertmanager stored it. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntitySilence'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  ExpireSilence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Expired. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  GetLogs: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
        /** @description Levels to keep, repeated or comma-separated (error, warn, info, debug, …). */
        level?: string[];
        /** @description Text the line must contain (a line filter, escaped). */
        contains?: string;
        traceId?: string;
        limit?: number;
        direction?: 'forward' | 'backward';
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The LogsResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  SearchTraces: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
        status?: 'ok' | 'error';
        /** @description A duration such as 250ms or 2s. */
        minDuration?: string;
        operation?: string;
        /** @description Traces sampled across the range, enough to draw their durations over time. */
        limit?: number;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The TracesResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetTrace: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
        traceId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The TraceResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetDashboards: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The DashboardsResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetDeployments: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The DeploymentsResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetEntitySlos: {
    parameters: {
      query?: {
        /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        at?: components['parameters']['sloAt'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The EntitySlosResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetEntitySloSnapshot: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The EntitySloSnapshotResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetEntitySloReport: {
    parameters: {
      query?: {
        /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        at?: components['parameters']['sloAt'];
        format?: components['parameters']['sloReportFormat'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The SloReportResponse (see -common), or its Markdown table. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
          'text/markdown': string;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetSloNotificationMute: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller's mute for the entity. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SloNotificationMute'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  SetSloNotificationMute: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          muted: boolean;
        };
      };
    };
    responses: {
      /** @description The caller's mute for the entity, as stored. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SloNotificationMute'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetSloAdjustments: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The SloAdjustmentsResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  CreateSloAdjustment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SloAdjustmentRequest'];
      };
    };
    responses: {
      /** @description The stored SloAdjustment (see -common). */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  DeleteSloAdjustment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  GetGroupSlos: {
    parameters: {
      query?: {
        /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        at?: components['parameters']['sloAt'];
      };
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The SloRollupResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetGroupSloReport: {
    parameters: {
      query?: {
        /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        at?: components['parameters']['sloAt'];
        format?: components['parameters']['sloReportFormat'];
      };
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The SloReportResponse (see -common), or its Markdown table. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
          'text/markdown': string;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetSystemSlos: {
    parameters: {
      query?: {
        /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        at?: components['parameters']['sloAt'];
      };
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The SloRollupResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetSystemSloReport: {
    parameters: {
      query?: {
        /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        at?: components['parameters']['sloAt'];
        format?: components['parameters']['sloReportFormat'];
      };
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The SloReportResponse (see -common), or its Markdown table. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
          'text/markdown': string;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetCompositeSlos: {
    parameters: {
      query?: {
        /** @description The instant to evaluate SLOs at, as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        at?: components['parameters']['sloAt'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The CompositeSlosResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetDependencies: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The DependenciesResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DependenciesResponse'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetSystemDependencies: {
    parameters: {
      query?: {
        /** @description Start of the range as epoch seconds, epoch milliseconds or an RFC 3339 time such as 2026-11-21T10:00:00Z. Default one hour before `to`. */
        from?: components['parameters']['from'];
        /** @description End of the range as epoch seconds, epoch milliseconds or an RFC 3339 time. Default now. */
        to?: components['parameters']['to'];
      };
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The DependenciesResponse (see -common). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DependenciesResponse'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  PreviewMonitoring: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          port?: string;
          options?: components['schemas']['MonitoringOptions'];
          dryRun?: boolean;
          force?: boolean;
        };
      };
    };
    responses: {
      /** @description The MonitoringPreviewResponse (see the frontend ObservabilityApi). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  ApplyMonitoring: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          port?: string;
          options?: components['schemas']['MonitoringOptions'];
          dryRun?: boolean;
          force?: boolean;
        };
      };
    };
    responses: {
      /** @description The MonitoringApplyResponse (see the frontend ObservabilityApi). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetDiagnosis: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every check, in order. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DiagnosisResponse'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetReadinessFacts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The facts, each false one with its reason. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReadinessFacts'];
        };
      };
      default: components['responses']['Error'];
    };
  };
}
