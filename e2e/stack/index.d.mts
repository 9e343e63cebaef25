// Types of index.mjs (programmatic access to the local telemetry stack).

export type StackUrls = {
  prometheus: string;
  /** Prometheus under /prometheus behind prefixProxy.mjs, and as Mimir answers. */
  prometheusPrefixed: string;
  prometheusStrictPrefixed: string;
  /** Only with SIGHTLINE_STACK_ENGINES=victoriametrics. */
  victoriametrics?: string;
  vmalert?: string;
  alertmanager: string;
  services: Record<'checkout' | 'payments' | 'kbot', string>;
  /**
   * kube-state-metrics and Tempo's service graph (../workload/exporters.mjs);
   * absent in a stack started before they existed.
   */
  exporters?: Record<'kube-state-metrics' | 'tempo-metrics-generator', string>;
  /** HTTP stand-ins (../standins/), fed by the workload's logs and spans. */
  loki: string;
  tempo: string;
  jaeger: string;
  grafana: string;
};

/** Contents of <stateDir>/stack.json. */
export type StackInfo = {
  startedAt: string;
  anchorMs: number;
  stateDir: string;
  urls: StackUrls;
  ports: Record<string, number>;
  history: {
    startMs: number;
    endMs: number;
    fullResolutionDays: number;
    series: number;
    samples: number;
  };
  incidents: Record<
    string,
    { startMs: number; endMs: number | null; errorRatio: number }
  >;
  pods: Record<string, string>;
  /** The demo ReplicaSets and Argo CD Application (kubernetes.mjs --objects). */
  kubernetesObjectsFile?: string;
  /** checkout's rollouts (model.mjs rollouts(anchorMs) has the details). */
  rollouts?: {
    service: string;
    atMs: number;
    from: string;
    to: string;
    replicaSet: string;
  }[];
  /** Only with VictoriaMetrics: when it began scraping (it has no live data before). */
  victoriametrics?: { liveFromMs: number; importedSamples: number };
  startup: {
    totalMs: number;
    backfillMs: number;
    /** Starting VictoriaMetrics and importing the history into it. */
    victoriaMetricsMs?: number;
  };
};

type Options = {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  stdio?: 'pipe' | 'inherit';
};

export declare function ensureStack(
  opts?: Options,
): Promise<StackInfo & { started: boolean }>;
export declare function stopStack(opts?: Options): Promise<void>;
export declare function stackUrls(env?: NodeJS.ProcessEnv): StackUrls;
export type StackStatus = {
  state: 'absent' | 'healthy' | 'broken' | 'incomplete';
  reason?: string;
  info?: StackInfo;
};
export declare function getStackStatus(
  env?: NodeJS.ProcessEnv,
): Promise<StackStatus>;
export declare function stackConfig(env?: NodeJS.ProcessEnv): {
  stateDir: string;
  prometheusPort: number;
  alertmanagerPort: number;
  portBase: number;
  servicePorts: Record<string, number>;
  exporterPorts: Record<
    'kube-state-metrics' | 'tempo-metrics-generator',
    number
  >;
  fullResolutionDays: number;
  engines: string[];
  victoriaMetricsPort: number;
  vmalertPort: number;
  prefixProxyPort: number;
  strictPrefixProxyPort: number;
  standinPorts: Record<'loki' | 'tempo' | 'jaeger' | 'grafana', number>;
};
export declare function stackPaths(
  cfg: ReturnType<typeof stackConfig>,
): Record<string, string>;
