/*
 * The configuration this module reads. The observability backend plugin
 * declares the same `observability.clusters` keys (and more); the two
 * declarations merge, so each package validates what it reads whether or not
 * the other is installed.
 */
export interface Config {
  observability?: {
    /**
     * The cluster the actions use when neither their `cluster` input nor the
     * entity's `sightline.dev/cluster` annotation names one. Optional when
     * exactly one cluster is configured.
     */
    defaultCluster?: string;

    /** The clusters the actions generate monitoring for and apply it to. */
    clusters?: Array<{
      /** Referenced by the `sightline.dev/cluster` annotation and the actions' `cluster` input. */
      name: string;
      /** The Kubernetes API, for `observability:monitoring:apply`. */
      kubernetes?: {
        /** API server URL (http or https). */
        url: string;
        /** How the backend authenticates: a bearer `token`, the pod's own service account, or the local kubeconfig. */
        authProvider?: 'serviceAccount' | 'inCluster' | 'kubeconfig';
        /**
         * Bearer token.
         * @visibility secret
         */
        token?: string;
        /** PEM-encoded CA certificate(s) to trust for the API server's TLS. */
        caData?: string;
        /**
         * Namespaces that `observability:monitoring:apply` may server-side
         * apply to. Without it nothing is applied to this cluster.
         */
        allowedNamespaces?: string[];
      };
      /** Labels the cluster's Prometheus Operator selects monitors and rules by. */
      prometheusOperator?: {
        /** Added to generated PrometheusRules, e.g. `{ release: kube-prometheus-stack }`. */
        ruleLabels?: { [name: string]: string };
        /** Added to generated ServiceMonitors and PodMonitors. */
        monitorLabels?: { [name: string]: string };
        /** Generated alerts get `runbook_url: <runbookBaseUrl>/<AlertName>`. */
        runbookBaseUrl?: string;
      };
      /** How generated dashboards reach Grafana; see the backend plugin's config.d.ts. */
      grafanaDashboards?: {
        delivery?: 'configmap' | 'grafana-operator' | 'none';
        namespace?: string;
        folder?: string;
        configMapLabels?: { [name: string]: string };
        instanceSelector?: { [name: string]: string };
        allowCrossNamespaceImport?: boolean;
      };
    }>;

    /** Sightline's software-template actions. */
    scaffolder?: {
      /**
       * Directory on the backend host that `observability:workspace:publish`
       * copies template output into (a local stand-in for a GitOps
       * repository). Default `<os tmpdir>/sightline-published`.
       */
      publishDirectory?: string;
    };
  };
}
