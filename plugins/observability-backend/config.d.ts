import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Sightline: where each cluster's telemetry lives, and how queries are bounded. */
  observability?: {
    /**
     * The cluster used for entities without a `sightline.dev/cluster` annotation.
     * Optional when exactly one cluster is configured.
     */
    defaultCluster?: string;

    /** One entry per set of telemetry endpoints (usually one per Kubernetes cluster). */
    clusters: Array<{
      /** Referenced by the `sightline.dev/cluster` annotation. */
      name: string;
      /** Prometheus, Thanos Query, Mimir or VictoriaMetrics (the Prometheus HTTP API). */
      prometheus?: ObservabilityUpstreamConfig & {
        /**
         * The URL users open in their browser, when it differs from `url`
         * (e.g. `url` is the in-cluster Service). Alerts' "Expression in
         * Prometheus" links (their generatorURL) that point at `url` are
         * moved onto it. Default: `url`.
         */
        externalUrl?: string;
      };
      /** Alertmanager (API v2). */
      alertmanager?: ObservabilityUpstreamConfig & {
        /**
         * The URL users open in their browser, when it differs from `url`
         * (e.g. `url` is the in-cluster Service): links to the entity's
         * alerts and silences. Default: `url`.
         */
        externalUrl?: string;
      };
      /** Grafana Loki. No UI of its own: log links open Grafana Explore. */
      loki?: ObservabilityUpstreamConfig;
      /**
       * Grafana Tempo (use either tempo or jaeger). It has no UI of its own:
       * trace links open Grafana Explore (`grafana.externalUrl`).
       */
      tempo?: ObservabilityUpstreamConfig;
      /** Jaeger query service (use either tempo or jaeger). */
      jaeger?: ObservabilityUpstreamConfig & {
        /**
         * The URL users open in their browser, when it differs from `url`
         * (e.g. `url` is the in-cluster Service): links to traces in the
         * Jaeger UI. Default: `url`.
         */
        externalUrl?: string;
      };
      /** Grafana, for dashboards and Explore links. */
      grafana?: ObservabilityUpstreamConfig & {
        /** The URL users open in their browser, when it differs from `url`. */
        externalUrl?: string;
        /**
         * Uids of this Grafana's data sources for the cluster, so that Explore
         * links open the right one (Grafana: Connections → Data sources → the
         * uid in the URL). Without them links open the default data source.
         */
        datasources?: {
          prometheus?: string;
          loki?: string;
          tempo?: string;
          jaeger?: string;
        };
      };
      /** The Kubernetes API, for the monitoring doctor and apply-to-cluster. */
      kubernetes?: ObservabilityUpstreamConfig & {
        /** How the backend authenticates: a bearer `token`, the pod's own service account, or the local kubeconfig. */
        authProvider?: 'serviceAccount' | 'inCluster' | 'kubeconfig';
        /**
         * Namespaces that generated monitoring may be server-side applied to
         * (scaffolder action `observability:monitoring:apply` and the apply
         * route). Without it nothing is applied to this cluster.
         */
        allowedNamespaces?: string[];
      };
      /** Labels the cluster's Prometheus Operator selects monitors and rules by. */
      prometheusOperator?: {
        /** Added to generated PrometheusRules, e.g. `{ release: kube-prometheus-stack }`. */
        ruleLabels?: { [name: string]: string };
        /** Added to generated ServiceMonitors and PodMonitors. */
        monitorLabels?: { [name: string]: string };
        /**
         * Base URL of the runbooks: generated alerts get
         * `runbook_url: <runbookBaseUrl>/<AlertName>`. Without it they carry
         * no runbook_url.
         */
        runbookBaseUrl?: string;
      };
      /*
       * Label precedence for generated objects (preview, apply, scaffolder
       * actions): request options, then ruleLabels/monitorLabels above (when
       * not empty), then, with `kubernetes` configured, the matchLabels of the
       * cluster's `Prometheus` resource (`ruleSelector` for PrometheusRules,
       * `serviceMonitorSelector` / `podMonitorSelector` for monitors).
       */
      /** How generated Grafana dashboards reach this cluster's Grafana (unless a request's options say otherwise). */
      grafanaDashboards?: {
        /**
         * `configmap`: a ConfigMap labelled `grafana_dashboard: "1"` for
         * Grafana's dashboard sidecar (the default); `grafana-operator`: a
         * `GrafanaDashboard` (grafana.integreatly.org/v1beta1); `none`: no
         * dashboard object.
         */
        delivery?: 'configmap' | 'grafana-operator' | 'none';
        /** Namespace of the dashboard objects; default the workload's. The sidecar or operator must watch it. */
        namespace?: string;
        /** Grafana folder (`grafana_folder` annotation, or `spec.folder`). */
        folder?: string;
        /** configmap only: labels added to the ConfigMap (the sidecar's label, if not `grafana_dashboard: "1"`). */
        configMapLabels?: { [name: string]: string };
        /** grafana-operator only, required: labels of the Grafana instances that load the dashboards, e.g. `{ dashboards: grafana }`. */
        instanceSelector?: { [name: string]: string };
        /** grafana-operator only: set when the Grafana instance is in another namespace. */
        allowCrossNamespaceImport?: boolean;
      };
    }>;

    /** Defaults for entities without the corresponding annotations. */
    defaults?: {
      /**
       * Template for the PromQL matchers of an entity; `{{namespace}}`,
       * `{{kubernetesId}}` and `{{name}}` are substituted (escaped).
       */
      prometheusSelector?: string;
      /** Template for the LogQL stream selector, with the same placeholders. */
      logSelector?: string;
      /** Default metric dialect. */
      dialect?: string;
    };

    /** Bounds on what one request may ask of an upstream. */
    limits?: {
      /** Longest time range of a query, as a Prometheus duration. Default `31d`. */
      maxRange?: string;
      /** Most points per returned series; the step is chosen to fit. Default 1100. */
      maxPointsPerSeries?: number;
      /** Per-upstream request timeout, as a Prometheus duration. Default `15s`. */
      queryTimeout?: string;
      /** Most requests in flight to one upstream from this backend. Default 8. */
      maxConcurrencyPerUpstream?: number;
      /**
       * Most requests one caller (a user, a service) may have waiting for one
       * upstream; beyond it, its requests are answered 429 with Retry-After.
       * Waiting callers take the upstream's slots in turns. Default 256.
       */
      maxQueuedPerCaller?: number;
    };

    /** Traces (Tempo or Jaeger). */
    traces?: {
      /**
       * How far before a trace's start and after its end "logs for this
       * trace" looks, as a Prometheus duration (at most `1d`). Default `5m`:
       * services log a request's lines around it, and clocks drift.
       */
      logsMargin?: string;
    };
    /** Rollouts of each entity's Deployment, marked on every chart. */
    deployments?: {
      /**
       * The label naming a service's running version, read from
       * `target_info` and the entity's request metric to find rollouts
       * when neither kube-state-metrics nor the Kubernetes API tells of
       * them. Default `service_version` (OTel's `service.version` resource
       * attribute as Prometheus stores it); e.g. `version` or `app_version`
       * for services that label their metrics themselves.
       */
      versionLabel?: string;
    };
    /** Alerts and silences. */
    alerts?: {
      /**
       * Labels that scope alerts without naming one service. An entity's
       * alert matchers (`sightline.dev/alert-matchers`, or its Prometheus
       * selector) need an exact match (`label="value"`) on a label outside
       * this list: with only `namespace="shop"`, its silences would mute
       * every service in the namespace. Matchers that fail this are reported
       * as an annotation problem and the entity's alerts and silences are
       * refused. Setting the list replaces the default: `namespace`,
       * `cluster`, `environment`, `env`, `region`, `zone`, `team`,
       * `prometheus`, `severity`, `alertname`. `job` is not in it because
       * with the Prometheus Operator it names the Service; add it when your
       * scrape jobs span many services (e.g. `kubernetes-pods`).
       */
      scopeOnlyLabels?: string[];
    };
    /** SLOs and their history. */
    slo?: {
      /**
       * How long daily SLO counts are kept in the database: a number of days
       * or a duration such as `400d`. Default 400 days (a quarter report a
       * year back still works).
       */
      historyRetention?: number | string;
      /**
       * The fleet evaluation: a scheduled task (one replica at a time) that
       * evaluates every SLO of the catalog in batches (one grouped query
       * per window for entities sharing cluster, dialect and identity
       * labels) and stores the results, which search and the group and
       * system roll-ups read.
       */
      fleet?: {
        /**
         * How often it runs, as Backstage's SchedulerService reads a
         * schedule: e.g. `{ frequency: { minutes: 10 }, timeout: { minutes:
         * 15 }, initialDelay: { minutes: 1 } }` (the default).
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /**
       * Owner notifications: when the fleet evaluation finds that an SLO
       * changed status (met, at risk, violated) or that a page or ticket
       * burn-rate condition started or stopped holding, the entity's owner
       * (`spec.owner`) is notified through Backstage's notifications backend
       * (topic `observability-slo`), once per transition across replicas.
       * Users can mute an entity for themselves on its SLO section.
       */
      notifications?: {
        /**
         * Set to false to send no notifications (open SLO sections are still
         * refreshed through signals). Default true; without
         * `@backstage/plugin-notifications-backend` in the backend, each
         * transition logs a warning instead.
         */
        enabled?: boolean;
      };
    };
    /**
     * SLO budget adjustments for whole systems or clusters: periods (planned
     * maintenance, known-bad periods) excluded from the error budgets of
     * every SLO of the Components in them, from the window's good and total
     * events and from every burn-rate window they overlap. Entities declare
     * their own with the `sightline.dev/slo-adjustments` annotation or
     * `BudgetAdjustment` documents in their SLO file; owners create them in
     * the SLO section (permission `observability.slo.adjust`). A bad entry
     * fails start-up, naming it and the field.
     */
    sloAdjustments?: Array<{
      /** Unique among these: lower-case letters, digits and dashes; listed as `config:<name>`. */
      name: string;
      /** Why the period does not count; shown in the SLO card and report. */
      reason: string;
      /** The (first) excluded period's start, ISO 8601 with a time zone, e.g. `2026-11-01T02:00:00Z`. */
      start: string;
      /** Its end (one-off); or give `duration`. */
      end?: string;
      /** How long each excluded period lasts, e.g. `2h` (at most `31d`). */
      duration?: string;
      /**
       * An RFC 5545 RRULE without DTSTART (`start` is the first occurrence),
       * e.g. `FREQ=WEEKLY;BYDAY=SU`; at most hourly. At most 100 occurrences
       * are expanded per evaluation: later ones are not excluded, and the
       * SLO says so.
       */
      rrule?: string;
      /** SLO ids it applies to; every SLO when absent. */
      slos?: string[];
      /** Systems (`spec.system` of the Components) it applies to. */
      systems?: string[];
      /** Clusters (`observability.clusters[].name`) it applies to. */
      clusters?: string[];
    }>;
  };
}

/** How the backend reaches one upstream. Credentials never leave the backend. */
interface ObservabilityUpstreamConfig {
  /** Base URL, including any path prefix (e.g. `http://mimir/prometheus`). */
  url: string;
  /**
   * Extra request headers, e.g. `X-Scope-OrgID` for Mimir, Loki or Tempo tenants.
   * @visibility secret
   */
  headers?: { [name: string]: string };
  /**
   * Bearer token.
   * @visibility secret
   */
  token?: string;
  /** HTTP basic authentication. */
  basicAuth?: {
    username: string;
    /** @visibility secret */
    password: string;
  };
  /** PEM-encoded CA certificate(s) to trust for this upstream's TLS. */
  caData?: string;
  /**
   * Path probed by the health check; defaults per upstream kind (`/-/ready`
   * for Prometheus, or `/api/v1/query?query=vector(1)` when its URL has a
   * path such as Mimir's `/prometheus`, under which no readiness is served).
   */
  healthPath?: string;
}
