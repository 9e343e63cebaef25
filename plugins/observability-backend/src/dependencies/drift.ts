import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { DependencyDrift } from '@sightline/plugin-observability-common';

/** Refs compare case-insensitively, as the catalog does. */
const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/** A dependency an entity declares, and how. */
export interface DeclaredDependency {
  serverRef: string;
  declaredAs: string;
}

/**
 * What `entity` declares it calls: each `dependsOn` target, and the
 * providers of each API it consumes (`consumesApis` of the entity,
 * `providesApis` of the provider, which the catalog records on the API as
 * `apiProvidedBy`).
 */
export function declaredDependencies(
  entity: Entity,
  providersOfApi: (apiRef: string) => string[],
): DeclaredDependency[] {
  const declared: DeclaredDependency[] = [];
  for (const relation of entity.relations ?? []) {
    if (relation.type === 'dependsOn') {
      declared.push({ serverRef: relation.targetRef, declaredAs: 'dependsOn' });
    } else if (relation.type === 'consumesApi') {
      for (const provider of providersOfApi(relation.targetRef)) {
        declared.push({
          serverRef: provider,
          declaredAs: `consumesApis (${relation.targetRef})`,
        });
      }
    }
  }
  return declared;
}

/** The lines to add under an entity's `spec` to declare that it depends on `serverRef`. */
function dependsOnYaml(serverRef: string): string {
  return `spec:\n  dependsOn:\n    - ${serverRef}\n`;
}

/**
 * Where the catalog and the traffic disagree. `observed`: edges between
 * catalog entities (client ref → server ref). `clients`: the entities whose
 * declarations are known (every matched client), keyed by ref. `audited`:
 * the refs whose declared dependencies are all expected to show traffic
 * (the entity of the page, or the system's components): only for them is
 * a quiet declared dependency reported, since the graph read holds all of
 * their calls.
 */
export function catalogDrift(options: {
  observed: Array<{ clientRef: string; serverRef: string }>;
  clients: Map<string, Entity>;
  audited: string[];
  providersOfApi: (apiRef: string) => string[];
}): DependencyDrift[] {
  const { observed, clients, audited, providersOfApi } = options;
  const declaredBy = new Map<string, DeclaredDependency[]>();
  for (const entity of clients.values()) {
    declaredBy.set(
      norm(stringifyEntityRef(entity)),
      declaredDependencies(entity, providersOfApi),
    );
  }
  const seen = new Set(
    observed.map(e => JSON.stringify([norm(e.clientRef), norm(e.serverRef)])),
  );
  const drift: DependencyDrift[] = [];
  const reported = new Set<string>();
  for (const { clientRef, serverRef } of observed) {
    const key = JSON.stringify([norm(clientRef), norm(serverRef)]);
    if (norm(clientRef) === norm(serverRef) || reported.has(key)) continue;
    const declared = declaredBy.get(norm(clientRef));
    if (!declared) continue;
    if (declared.some(d => norm(d.serverRef) === norm(serverRef))) continue;
    reported.add(key);
    drift.push({
      kind: 'undeclared',
      clientRef,
      serverRef,
      yaml: dependsOnYaml(serverRef),
      message: `${clientRef} calls ${serverRef}, but the catalog declares no dependsOn or consumed API of it.`,
    });
  }
  for (const ref of audited) {
    for (const declared of declaredBy.get(norm(ref)) ?? []) {
      // Resources (databases, queues) appear in a service graph under the
      // names their clients give them, rarely their catalog names.
      if (!norm(declared.serverRef).startsWith('component:')) continue;
      const key = JSON.stringify([norm(ref), norm(declared.serverRef)]);
      if (seen.has(key) || reported.has(key)) continue;
      reported.add(key);
      drift.push({
        kind: 'unobserved',
        clientRef: ref,
        serverRef: declared.serverRef,
        declaredAs: declared.declaredAs,
        message: `${ref} declares ${declared.serverRef} (${declared.declaredAs}), but no calls from it to there were seen over the range.`,
      });
    }
  }
  return drift;
}
