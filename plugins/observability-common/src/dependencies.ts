// Type aliases rather than interfaces: the backend's router, typed from
// openapi.yaml, accepts them as the JSON objects they are.

/**
 * Where a cluster's service graph comes from: Tempo's metrics-generator and
 * the OpenTelemetry Collector's servicegraph connector write the same
 * `traces_service_graph_*` series; Istio's proxies write `istio_requests_total`.
 *
 * @public
 */
export type ServiceGraphSourceId = 'tempo-servicegraph' | 'istio';

/**
 * A node's health from the requests it served over the range: `healthy`
 * under 1% errors, `degraded` under 5%, `failing` from 5%; `unknown` when
 * the graph shows no requests served by it (only its calls out).
 *
 * @public
 */
export type DependencyHealth = 'healthy' | 'degraded' | 'failing' | 'unknown';

/**
 * A service in the graph, by the name the source gives it (trace
 * `service.name`, Istio workload).
 *
 * @public
 */
export type DependencyNode = {
  /** The source's name for the service: the node's identity in `edges`. */
  id: string;
  /** The catalog entity it is, by trace service annotation or name; absent for a service the catalog does not know (or the caller may not read). */
  entityRef?: string;
  /** The entity's title or name, else `id`. */
  title: string;
  /** True when no catalog entity matched, e.g. an external API or a database. */
  external: boolean;
  health: DependencyHealth;
  /** Errors per request over everything it served, when it served any. */
  errorRatio?: number;
  /** Requests per second it served. */
  requestRate?: number;
};

/**
 * Calls from `client` to `server` over the range.
 *
 * @public
 */
export type DependencyEdge = {
  client: string;
  server: string;
  /** Requests per second over the range. */
  requestRate: number;
  /** Failed requests per request; 0 without failures. */
  errorRatio: number;
  /** 95th percentile latency in seconds; absent without a histogram. */
  latencyP95?: number;
  /** Tempo's `connection_type` (e.g. `virtual_node`, `database`, `messaging_system`) where it is not plain. */
  connectionType?: string;
};

/**
 * A relation the catalog and the traffic disagree on. `undeclared`:
 * traffic from `client` to `server` that no `dependsOn` or consumed API of
 * the client declares (`yaml` is what to add to the client's spec).
 * `unobserved`: a dependency the client declares that had no traffic over
 * the range.
 *
 * @public
 */
export type DependencyDrift = {
  kind: 'undeclared' | 'unobserved';
  /** The client's entity ref. */
  clientRef: string;
  /** The server's entity ref. */
  serverRef: string;
  /** How the catalog declares it (`dependsOn`, or `consumesApis` with the API), for `unobserved`. */
  declaredAs?: string;
  /** For `undeclared`: the lines to add under the client entity's `spec`. */
  yaml?: string;
  /** One sentence for people. */
  message: string;
};

/**
 * How to turn on a service graph when the cluster has none.
 *
 * @public
 */
export type ServiceGraphHelp = {
  message: string;
  /** One line per way to enable it (Tempo, the OTel Collector, Istio). */
  howToEnable: string[];
};

/**
 * The service graph around an entity (`GET …/dependencies`) or of a system
 * (`GET /systems/…/dependencies`), with its drift from the catalog.
 *
 * @public
 */
export type DependenciesResponse = {
  entityRef: string;
  from: string;
  to: string;
  /** The source read; absent when the cluster has none (see `missing`). */
  source?: ServiceGraphSourceId;
  /** The graph's names of the entity (entity route) or of the system's components (system route). */
  focus: string[];
  nodes: DependencyNode[];
  edges: DependencyEdge[];
  drift: DependencyDrift[];
  /** Set when no service-graph metrics exist: why, and how to enable them. */
  missing?: ServiceGraphHelp;
  /** Components that could not be read (system route), each with why. */
  failures: Array<{ entityRef: string; message: string }>;
};
