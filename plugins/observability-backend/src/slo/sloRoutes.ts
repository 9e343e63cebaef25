import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  compareSloUrgency,
  SloReportResponse,
  SloRollupItem,
  SloRollupResponse,
  SloDailyCount,
  EntitySloSnapshotResponse,
  sloPeriod,
  sloReportMarkdown,
  sloReportRow,
} from '@sightline/plugin-observability-common';
import express from 'express';
import { EntityCatalog } from '../entities/EntityCatalog';
import { TargetService } from '../entities/TargetService';
import {
  ENTITY_PATH,
  EntityRequests,
  ObservabilityRouter,
} from '../http/EntityRequests';
import { parseTime } from '../http/TimeRange';
import { UpstreamClients } from '../upstreams/UpstreamClients';
import { SloService, detectionLookbackMs } from './SloService';
import { SloSnapshot, SloSnapshotStore } from './fleet/SloSnapshotStore';

export interface SloRouteDeps {
  requests: EntityRequests;
  /** Entities read as the caller. */
  entities: EntityCatalog;
  /** Lists a group's or system's Components (with the caller's credentials). */
  catalog: CatalogService;
  targets: TargetService;
  clients: UpstreamClients;
  service: SloService;
  /** The fleet evaluation's snapshots, read by roll-ups and search. */
  snapshots?: SloSnapshotStore;
}

/**
 * Components of one group or system evaluated live at most; from the
 * fleet snapshot a roll-up reads up to MAX_SNAPSHOT_ROLLUP_ENTITIES.
 */
const MAX_ROLLUP_ENTITIES = 200;
const MAX_SNAPSHOT_ROLLUP_ENTITIES = 2000;
const ROLLUP_CONCURRENCY = 4;

/** `at` as epoch ms, read by the parser of every time parameter; now when absent. */
export function parseAt(at: string | undefined, nowMs = Date.now()): number {
  if (at === undefined || at === '') return nowMs;
  const ms = parseTime(at, 'at');
  if (ms > nowMs + 60_000) {
    throw new InputError(`'at' is in the future: "${at}"`);
  }
  return ms;
}

async function evaluateRef(
  deps: SloRouteDeps,
  ref: { kind: string; namespace: string; name: string },
  credentials: BackstageCredentials,
  atMs: number,
) {
  const entity = await deps.entities.getEntity(ref, credentials);
  const declared = await deps.service.definitions.read(entity);
  // Dialect detection looks where the evaluation looks: before the instant,
  // far enough back for the shortest window.
  const target = await deps.targets.resolve(entity, {
    atMs,
    lookbackMs: detectionLookbackMs(declared.definitions, atMs),
  });
  const prometheus = deps.clients.forCluster(target.cluster).prometheus();
  return deps.service.evaluateWithDays({
    entity,
    target,
    prometheus,
    atMs,
    declared,
  });
}

/**
 * An entity's SLOs as the fleet evaluation last stored them, or evaluated
 * live when it has no snapshot yet. `entity` must have been read with the
 * caller's credentials.
 */
export async function entitySlos(
  deps: SloRouteDeps,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<EntitySloSnapshotResponse> {
  const entityRef = stringifyEntityRef(entity);
  const stored = (await deps.snapshots?.forEntities([entityRef]))?.get(
    entityRef,
  );
  if (stored) {
    return {
      entityRef,
      at: new Date(stored[0].evaluatedAtMs).toISOString(),
      slos: stored.map(s => s.evaluation),
      problems: [],
      evaluatedFrom: 'snapshot',
    };
  }
  const ref = {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const result = await evaluateRef(deps, ref, credentials, Date.now());
  return { ...result.response, evaluatedFrom: 'live' };
}

/**
 * Most urgent first (see `compareSloUrgency`); equals by service and SLO, so
 * the order does not depend on which evaluation finished first.
 */
function byUrgency(a: SloRollupItem, b: SloRollupItem): number {
  return (
    compareSloUrgency(a.status, b.status) ||
    a.entityRef.localeCompare(b.entityRef) ||
    a.definition.id.localeCompare(b.definition.id)
  );
}

async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, () =>
    (async () => {
      while (next < items.length) {
        const index = next++;
        out[index] = await fn(items[index]);
      }
    })(),
  );
  await Promise.all(workers);
  return out;
}

/**
 * A group's or system's SLOs. With `snapshots` (the request asks for now),
 * each Component's come from the fleet snapshot where it has one, the others
 * are evaluated live; the report (which needs every day) is always live.
 */
export async function rollup(
  deps: SloRouteDeps,
  kind: 'group' | 'system',
  params: { namespace: string; name: string },
  credentials: BackstageCredentials,
  atMs: number,
  snapshots?: SloSnapshotStore,
): Promise<{
  response: SloRollupResponse;
  days: Map<string, Map<string, SloDailyCount[]>>;
}> {
  const parentRef = stringifyEntityRef({ kind, ...params });
  // The parent must exist and be readable by the caller.
  await deps.entities.getEntity({ kind, ...params }, credentials);
  const relation = kind === 'group' ? 'relations.ownedBy' : 'relations.partOf';
  const { items } = await deps.catalog.getEntities(
    {
      filter: { kind: 'Component', [relation]: parentRef },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
      limit: snapshots ? MAX_SNAPSHOT_ROLLUP_ENTITIES : MAX_ROLLUP_ENTITIES,
    },
    { credentials },
  );
  const stored = snapshots
    ? await snapshots.forEntities(items.map(e => stringifyEntityRef(e)))
    : new Map<string, SloSnapshot[]>();
  const response: SloRollupResponse = {
    entityRef: parentRef,
    at: new Date(atMs).toISOString(),
    slos: [],
    failures: [],
    problems: [],
  };
  const days = new Map<string, Map<string, SloDailyCount[]>>();
  for (const [entityRef, list] of stored) {
    response.slos.push(
      ...list.map(snapshot => ({
        ...snapshot.evaluation,
        entityRef,
        evaluatedAt: new Date(snapshot.evaluatedAtMs).toISOString(),
        evaluatedFrom: 'snapshot' as const,
      })),
    );
  }
  const live = items
    .filter(e => !stored.has(stringifyEntityRef(e)))
    .slice(0, MAX_ROLLUP_ENTITIES);
  await mapLimited(live, ROLLUP_CONCURRENCY, async (component: Entity) => {
    const ref = {
      kind: component.kind,
      namespace: component.metadata.namespace ?? 'default',
      name: component.metadata.name,
    };
    const entityRef = stringifyEntityRef(ref);
    try {
      const result = await evaluateRef(deps, ref, credentials, atMs);
      response.slos.push(
        ...result.response.slos.map(slo => ({
          ...slo,
          entityRef,
          ...(snapshots
            ? { evaluatedAt: response.at, evaluatedFrom: 'live' as const }
            : {}),
        })),
      );
      response.problems.push(
        ...result.response.problems.map(p => ({ ...p, entityRef })),
      );
      days.set(entityRef, result.days);
    } catch (error) {
      response.failures.push({
        entityRef,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  response.slos.sort(byUrgency);
  response.failures.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  return { response, days };
}

/**
 * One row per SLO over exactly what `GET …/slos` evaluates at the instant:
 * its window (or calendar period) up to the instant, today's part included,
 * with the evaluation's own figures and status.
 */
function report(
  entityRef: string,
  atMs: number,
  slos: Array<SloRollupItem>,
  days: (entityRef: string, sloId: string) => SloDailyCount[],
): SloReportResponse {
  const at = new Date(atMs).toISOString();
  const rows = slos.map(slo => ({
    entityRef: slo.entityRef,
    ...sloReportRow(slo, days(slo.entityRef, slo.definition.id), {
      from: new Date(sloPeriod(slo.definition, atMs).startMs).toISOString(),
      to: at,
    }),
  }));
  return {
    entityRef,
    at,
    from: rows.map(r => r.from).sort()[0] ?? at,
    to: at,
    rows,
  };
}

function sendReport(
  res: express.Response,
  format: 'markdown' | 'json',
  body: SloReportResponse,
) {
  if (format === 'markdown') {
    const markdown = [
      `# SLO report: ${body.entityRef}`,
      '',
      `Each SLO over its window up to ${body.at} (the earliest from ${body.from}), as GET …/slos evaluates it then.`,
      '',
      sloReportMarkdown(
        body.rows.map(r => ({ ...r, name: `${r.entityRef} ${r.name}` })),
      ),
    ].join('\n');
    res.type('text/markdown').send(markdown);
  } else {
    res.json(body);
  }
}

/** SLO status, budgets, burn rates, alerts, burn-down and reports. */
export function sloRoutes(router: ObservabilityRouter, deps: SloRouteDeps) {
  const { requests } = deps;
  router.get(`${ENTITY_PATH}/slos`, async (req, res) => {
    const { at } = req.query;
    const atMs = parseAt(at);
    const credentials = await requests.credentials(req);
    const result = await evaluateRef(deps, req.params, credentials, atMs);
    res.json(result.response);
  });

  router.get(`${ENTITY_PATH}/slos/snapshot`, async (req, res) => {
    const credentials = await requests.credentials(req);
    // Read access to the entity, as for its live SLOs.
    const entity = await deps.entities.getEntity(req.params, credentials);
    res.json(await entitySlos(deps, entity, credentials));
  });

  router.get(`${ENTITY_PATH}/slos/report`, async (req, res) => {
    const { at, format } = req.query;
    const atMs = parseAt(at);
    const credentials = await requests.credentials(req);
    const result = await evaluateRef(deps, req.params, credentials, atMs);
    const entityRef = result.response.entityRef;
    sendReport(
      res as express.Response,
      format,
      report(
        entityRef,
        atMs,
        result.response.slos.map(s => ({ ...s, entityRef })),
        (_ref, id) => result.days.get(id) ?? [],
      ),
    );
  });

  for (const kind of ['group', 'system'] as const) {
    const path = `/${kind}s/:namespace/:name/slos` as const;
    router.get(path as '/groups/:namespace/:name/slos', async (req, res) => {
      const { at } = req.query;
      const atMs = parseAt(at);
      const credentials = await requests.credentials(req);
      const { response } = await rollup(
        deps,
        kind,
        req.params,
        credentials,
        atMs,
        // A snapshot is of (about) now: another instant is evaluated live.
        at ? undefined : deps.snapshots,
      );
      res.json(response);
    });
    router.get(
      `${path}/report` as '/groups/:namespace/:name/slos/report',
      async (req, res) => {
        const { at, format } = req.query;
        const atMs = parseAt(at);
        const credentials = await requests.credentials(req);
        const { response, days } = await rollup(
          deps,
          kind,
          req.params,
          credentials,
          atMs,
        );
        sendReport(
          res as express.Response,
          format,
          report(
            response.entityRef,
            atMs,
            response.slos,
            (ref, id) => days.get(ref)?.get(id) ?? [],
          ),
        );
      },
    );
  }
}
