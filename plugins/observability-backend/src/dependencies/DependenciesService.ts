import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DependenciesResponse,
  DependencyEdge,
  DependencyNode,
  formatDuration,
  ServiceGraphHelp,
  TelemetryTarget,
} from '@sightline/plugin-observability-common';
import { TargetService } from '../entities/TargetService';
import { TimeRange } from '../http/TimeRange';
import { boundedFanOut } from '../upstreams/boundedFanOut';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { catalogDrift } from './drift';
import { edgesFromSamples, healthOf, servedBy } from './serviceGraph';
import {
  DetectedSource,
  detectionMetrics,
  graphName,
  missingServiceGraph,
  namingAnnotation,
  pickSource,
  queryableNames,
  ServiceGraphQueries,
  ServiceGraphSource,
} from './serviceGraphSources';

/** Clusters (of a system's components) read at once; queries of one cluster at once. */
const CLUSTER_CONCURRENCY = 2;
const QUERY_CONCURRENCY = 3;
/** Names per catalog query: each is sent once per naming field, in the URL. */
const NAMES_PER_QUERY = 20;
/** Components of one system drawn at most. */
const MAX_SYSTEM_COMPONENTS = 200;
/** The catalog fields a node's match and the drift need. */
const ENTITY_FIELDS = ['kind', 'metadata', 'relations'];

/** An entity whose calls the graph is drawn around. */
export interface FocusEntity {
  entity: Entity;
  target: TelemetryTarget;
}

/** One cluster's graph, or why it has none. */
type ClusterGraph =
  | { detected: DetectedSource; edges: DependencyEdge[]; focus: FocusEntity[] }
  | { missing: ServiceGraphHelp; focus: FocusEntity[] };

/**
 * The service graph around entities, from the service-graph series their
 * clusters' Prometheus holds (see serviceGraphSources), with the graph's
 * nodes matched to catalog entities and compared with the catalog's
 * declared relations. Every catalog read is made with the caller's
 * credentials: a service the caller may not read is drawn as external.
 */
export class DependenciesService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      targets: TargetService;
      clients: UpstreamClients;
    },
  ) {}

  /** Callers and callees of one entity. */
  forEntity(
    focus: FocusEntity,
    range: TimeRange,
    credentials: BackstageCredentials,
  ): Promise<DependenciesResponse> {
    return this.graph(stringifyEntityRef(focus.entity), [focus], range, {
      credentials,
      failures: [],
      // One entity: its cluster's error is the answer (a 503 naming the upstream).
      rethrow: true,
    });
  }

  /** The graph of a system's components and their peers outside it. */
  async forSystem(
    system: Entity,
    range: TimeRange,
    credentials: BackstageCredentials,
  ): Promise<DependenciesResponse> {
    const systemRef = stringifyEntityRef(system);
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Component', 'relations.partOf': systemRef },
        fields: ENTITY_FIELDS,
        limit: MAX_SYSTEM_COMPONENTS,
      },
      { credentials },
    );
    const focus: FocusEntity[] = [];
    const failures: DependenciesResponse['failures'] = [];
    for (const entity of items) {
      try {
        focus.push({
          entity,
          target: this.deps.targets.resolveWithoutDetection(entity),
        });
      } catch (error) {
        failures.push({
          entityRef: stringifyEntityRef(entity),
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return this.graph(systemRef, focus, range, {
      credentials,
      failures,
      rethrow: false,
    });
  }

  private async graph(
    entityRef: string,
    focus: FocusEntity[],
    range: TimeRange,
    context: {
      credentials: BackstageCredentials;
      /** Components that could not be read, to which clusters that fail add theirs. */
      failures: DependenciesResponse['failures'];
      /** Whether a cluster that fails fails the answer, rather than being listed in `failures`. */
      rethrow: boolean;
    },
  ): Promise<DependenciesResponse> {
    const { credentials, failures } = context;
    const byCluster = new Map<string, FocusEntity[]>();
    for (const item of focus) {
      const list = byCluster.get(item.target.cluster) ?? [];
      list.push(item);
      byCluster.set(item.target.cluster, list);
    }
    const clusters = [...byCluster];
    const settled = await boundedFanOut(
      clusters,
      CLUSTER_CONCURRENCY,
      ([cluster, items]) => this.clusterGraph(cluster, items, range),
    );
    const graphs: ClusterGraph[] = [];
    for (const [index, result] of settled.entries()) {
      if (result.status === 'fulfilled') {
        graphs.push(result.value);
        continue;
      }
      if (context.rethrow) throw result.reason;
      for (const item of clusters[index][1]) {
        failures.push({
          entityRef: stringifyEntityRef(item.entity),
          message:
            result.reason instanceof Error
              ? result.reason.message
              : String(result.reason),
        });
      }
    }

    // Both clusters may read one Prometheus: an edge is drawn once.
    const edges = new Map<string, DependencyEdge>();
    const focusNames = new Map<string, Entity>();
    let detected: DetectedSource | undefined;
    let missing: ServiceGraphHelp | undefined;
    for (const graph of graphs) {
      if ('missing' in graph) {
        missing ??= graph.missing;
        continue;
      }
      detected ??= graph.detected;
      for (const item of graph.focus) {
        focusNames.set(
          graphName(item.entity, graph.detected.source),
          item.entity,
        );
      }
      for (const edge of graph.edges) {
        const key = JSON.stringify([edge.client, edge.server]);
        if (!edges.has(key)) edges.set(key, edge);
      }
    }
    const edgeList = [...edges.values()];
    const ids = [
      ...new Set([
        ...focusNames.keys(),
        ...edgeList.flatMap(e => [e.client, e.server]),
      ]),
    ];
    const matched = detected
      ? await this.match(ids, focusNames, detected.source, credentials)
      : new Map<string, Entity>();
    const served = servedBy(edgeList);
    const nodes: DependencyNode[] = ids.map(id => {
      const entity = matched.get(id);
      const load = served.get(id);
      return {
        id,
        ...(entity ? { entityRef: stringifyEntityRef(entity) } : {}),
        title: entity?.metadata.title ?? entity?.metadata.name ?? id,
        external: !entity,
        health: healthOf(load?.errorRatio),
        ...(load
          ? { requestRate: load.requestRate, errorRatio: load.errorRatio }
          : {}),
      };
    });
    const drift = await this.drift(edgeList, matched, focus, credentials);
    return {
      entityRef,
      from: new Date(range.start).toISOString(),
      to: new Date(range.end).toISOString(),
      ...(detected ? { source: detected.source.id } : {}),
      focus: [...focusNames.keys()],
      nodes,
      edges: edgeList,
      drift,
      // Said only when no cluster of the entities has a service graph at all.
      ...(missing && !detected ? { missing } : {}),
      failures,
    };
  }

  private async clusterGraph(
    cluster: string,
    focus: FocusEntity[],
    range: TimeRange,
  ): Promise<ClusterGraph> {
    const prometheus = this.deps.clients.forCluster(cluster).prometheus();
    const window = formatDuration(Math.max(range.end - range.start, 60_000));
    // Whether the cluster writes a service graph at all, whoever's edges:
    // the answer differs from "no calls of this service over the range".
    // (`__name__!=""` only because the probe takes a selector; it narrows nothing.)
    const existing = await prometheus.existingMetrics(
      detectionMetrics(),
      '__name__!=""',
      window,
      range.end,
    );
    const detected = pickSource(existing);
    if (!detected) return { missing: missingServiceGraph(cluster), focus };
    const names = queryableNames([
      ...new Set(focus.map(f => graphName(f.entity, detected.source))),
    ]);
    if (!names.length) return { detected, edges: [], focus };
    const queries = new ServiceGraphQueries(detected, names, window);
    const promql = [
      queries.requestRate(),
      queries.failureRate(),
      queries.latencyP95(),
    ];
    const [requests, failures, latencyP95] = await boundedFanOut(
      promql,
      QUERY_CONCURRENCY,
      async query => (query ? prometheus.instant(query, range.end) : []),
    );
    if (requests.status === 'rejected') throw requests.reason;
    if (failures.status === 'rejected') throw failures.reason;
    // Edges without latency are still edges.
    const edges = edgesFromSamples(detected.source, {
      requests: requests.value,
      failures: failures.value,
      latencyP95: latencyP95.status === 'fulfilled' ? latencyP95.value : [],
    });
    return { detected, edges, focus };
  }

  /**
   * The catalog entity each graph name is, read as the caller: the focus
   * entities themselves, then entities whose naming annotation (or, without
   * one, whose name) equals it. Where several do, a Component before a
   * Resource, then the one in the default namespace.
   */
  private async match(
    ids: string[],
    focus: Map<string, Entity>,
    source: ServiceGraphSource,
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    const matched = new Map(focus);
    const unknown = ids.filter(id => !matched.has(id));
    const annotation = `metadata.annotations.${namingAnnotation(source)}`;
    const batches: string[][] = [];
    for (let i = 0; i < unknown.length; i += NAMES_PER_QUERY) {
      batches.push(unknown.slice(i, i + NAMES_PER_QUERY));
    }
    const answers = await Promise.all(
      batches.map(batch =>
        this.deps.catalog.getEntities(
          {
            filter: [
              { kind: ['Component', 'Resource'], [annotation]: batch },
              { kind: ['Component', 'Resource'], 'metadata.name': batch },
            ],
            fields: ENTITY_FIELDS,
          },
          { credentials },
        ),
      ),
    );
    const rank = (e: Entity) =>
      (e.kind.toLocaleLowerCase('en-US') === 'component' ? 0 : 2) +
      ((e.metadata.namespace ?? 'default') === 'default' ? 0 : 1);
    const candidates = answers
      .flatMap(a => a.items)
      .sort((a, b) => rank(a) - rank(b));
    for (const entity of candidates) {
      // The catalog matches case-insensitively; graph names are exact.
      const name = graphName(entity, source);
      if (unknown.includes(name) && !matched.has(name)) {
        matched.set(name, entity);
      }
    }
    return matched;
  }

  /** The catalog's declared relations against the edges between matched entities. */
  private async drift(
    edges: DependencyEdge[],
    matched: Map<string, Entity>,
    focus: FocusEntity[],
    credentials: BackstageCredentials,
  ) {
    const observed = edges.flatMap(edge => {
      const client = matched.get(edge.client);
      const server = matched.get(edge.server);
      return client && server
        ? [
            {
              clientRef: stringifyEntityRef(client),
              serverRef: stringifyEntityRef(server),
            },
          ]
        : [];
    });
    const clients = new Map<string, Entity>();
    for (const entity of [
      ...focus.map(f => f.entity),
      ...edges.flatMap(e => matched.get(e.client) ?? []),
    ]) {
      clients.set(stringifyEntityRef(entity), entity);
    }
    const apiRefs = [
      ...new Set(
        [...clients.values()].flatMap(e =>
          (e.relations ?? [])
            .filter(r => r.type === 'consumesApi')
            .map(r => r.targetRef),
        ),
      ),
    ];
    const providers = new Map<string, string[]>();
    if (apiRefs.length) {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs: apiRefs, fields: ['kind', 'metadata', 'relations'] },
        { credentials },
      );
      items.forEach((api, index) => {
        providers.set(
          apiRefs[index],
          (api?.relations ?? [])
            .filter(r => r.type === 'apiProvidedBy')
            .map(r => r.targetRef),
        );
      });
    }
    return catalogDrift({
      observed,
      clients,
      audited: focus.map(f => stringifyEntityRef(f.entity)),
      providersOfApi: ref => providers.get(ref) ?? [],
    });
  }
}
