import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  BURN_RATE_WINDOWS,
  CompositeComponentCounts,
  CompositeSloComponent,
  CompositeSloContribution,
  CompositeSloDefinition,
  CompositeSloEvaluation,
  CompositeSlosResponse,
  OBSERVABILITY_ANNOTATIONS,
  SloDefinition,
  evaluateCompositeCounts,
  parseCompositeSlos,
  sloPeriod,
} from '@sightline/plugin-observability-common';
import { parse } from 'yaml';
import { EntityCatalog } from '../../entities/EntityCatalog';
import { TargetService } from '../../entities/TargetService';
import { boundedFanOut } from '../../upstreams/boundedFanOut';
import { UpstreamClients } from '../../upstreams/UpstreamClients';
import { instantParts } from '../measurement/SloMeasurement';
import { SloService, detectionLookbackMs, periodRange } from '../SloService';

/** Component SLOs evaluated at once for one request (each a few Prometheus queries). */
const COMPONENT_CONCURRENCY = 4;

/** The part of the event-count query that counts the composite's whole window. */
const WINDOW_PART = 'window';

/** One component SLO as measured over one composite's window. */
type Measured =
  | { state: 'hidden' }
  | { state: 'missing'; message: string; sloName?: string; objective?: number }
  | {
      state: 'measured';
      sloName: string;
      objective: number;
      counts: Omit<CompositeComponentCounts, 'weight'>;
    };

/**
 * Composite SLOs: an entity (a System, or one standing for a user journey)
 * declares in `sightline.dev/slo-composites` an objective over weighted
 * SLOs of other entities. Each component's SLO is evaluated by SloService,
 * exactly as its own SLO section evaluates it but over the composite's
 * window, and the composite is computed from their event counts (see
 * `evaluateCompositeCounts`). Every component entity is read with the
 * caller's credentials: one the caller cannot read is `hidden` and left out.
 */
export class CompositeSloService {
  constructor(
    private readonly deps: {
      entities: EntityCatalog;
      targets: TargetService;
      clients: UpstreamClients;
      slos: SloService;
    },
  ) {}

  async evaluate(options: {
    entity: Entity;
    credentials: BackstageCredentials;
    atMs: number;
  }): Promise<CompositeSlosResponse> {
    const { entity, credentials, atMs } = options;
    const { definitions, problems } = readComposites(entity);
    // A component shared by composites with the same window is measured once.
    const tasks = new Map<
      string,
      { component: CompositeSloComponent; composite: CompositeSloDefinition }
    >();
    for (const composite of definitions) {
      for (const component of composite.components) {
        tasks.set(taskKey(component, composite), { component, composite });
      }
    }
    const keys = [...tasks.keys()];
    const settled = await boundedFanOut(
      keys.map(key => tasks.get(key)!),
      COMPONENT_CONCURRENCY,
      ({ component, composite }) =>
        this.measure(component, composite, credentials, atMs),
    );
    const measured = new Map<string, Measured>(
      keys.map((key, i) => {
        const result = settled[i];
        return [
          key,
          result.status === 'fulfilled'
            ? result.value
            : {
                state: 'missing',
                message: `could not be evaluated: ${
                  result.reason instanceof Error
                    ? result.reason.message
                    : String(result.reason)
                }`,
              },
        ];
      }),
    );
    return {
      entityRef: stringifyEntityRef(entity),
      at: new Date(atMs).toISOString(),
      composites: definitions.map(composite =>
        combine(
          composite,
          composite.components.map(component => ({
            component,
            measured: measured.get(taskKey(component, composite))!,
          })),
          atMs,
        ),
      ),
      problems,
    };
  }

  private async measure(
    component: CompositeSloComponent,
    composite: CompositeSloDefinition,
    credentials: BackstageCredentials,
    atMs: number,
  ): Promise<Measured> {
    const { entities, targets, clients, slos } = this.deps;
    let entity: Entity;
    try {
      entity = await entities.getEntity(
        parseEntityRef(component.entityRef),
        credentials,
      );
    } catch (error) {
      // Absent and unreadable look the same to the caller, by design.
      if (error instanceof NotFoundError) return { state: 'hidden' };
      throw error;
    }
    const declared = await slos.definitions.read(entity);
    const found =
      declared.definitions.find(d => d.id === component.slo) ??
      declared.definitions.find(d => d.name === component.slo);
    if (!found) {
      const ids = declared.definitions.map(d => d.id);
      return {
        state: 'missing',
        message: `${component.entityRef} declares no SLO "${component.slo}"; ${
          ids.length ? `its SLOs are ${ids.join(', ')}` : 'it has none'
        }`,
      };
    }
    const definition = overTheCompositeWindow(found, composite);
    const target = await targets.resolve(entity, {
      atMs,
      lookbackMs: detectionLookbackMs([definition], atMs),
    });
    const prometheus = clients.forCluster(target.cluster).prometheus();
    const { response } = await slos.evaluateWithDays({
      entity,
      target,
      prometheus,
      atMs,
      declared: { definitions: [definition], problems: [] },
    });
    const [evaluation] = response.slos;
    const described = { sloName: found.name, objective: found.objective };
    if (!evaluation?.status) {
      return {
        state: 'missing',
        ...described,
        message: `its SLO "${found.id}" could not be measured: ${
          evaluation?.problems[0]?.message ?? 'no figures'
        }`,
      };
    }
    // Each burn-rate window's events (the evaluation gives their error
    // ratios only), and the window's when the evaluation's counts are
    // normalised (read from recording rules, which keep ratios only).
    const built = await slos.rawExpressions(
      prometheus,
      definition,
      target,
      atMs,
    );
    const range = periodRange(sloPeriod(definition, atMs), atMs);
    const totals =
      'problem' in built
        ? {}
        : await instantParts(
            prometheus,
            Object.fromEntries([
              ...BURN_RATE_WINDOWS.map(w => [w, built.expressions.total(w)]),
              ...(range ? [[WINDOW_PART, built.expressions.total(range)]] : []),
            ]),
            atMs,
          );
    const { status } = evaluation;
    let { good, total } = status;
    if (evaluation.countsNormalised) {
      const events = totals[WINDOW_PART];
      if (events === undefined) {
        return {
          state: 'missing',
          ...described,
          message: `its SLO "${found.id}" is read from recording rules, which keep ratios only, and its raw series give no event count to weigh it by`,
        };
      }
      total = events;
      good = (status.sli ?? 0) * events;
    }
    return {
      state: 'measured',
      sloName: found.name,
      objective: found.objective,
      counts: {
        good,
        total,
        errorRatios: Object.fromEntries(
          status.burnRates.map(r => [r.window, r.errorRatio]),
        ),
        windowTotals: Object.fromEntries(
          BURN_RATE_WINDOWS.map(w => [w, totals[w]]),
        ),
      },
    };
  }
}

function taskKey(
  component: CompositeSloComponent,
  composite: CompositeSloDefinition,
) {
  return JSON.stringify([component.entityRef, component.slo, composite.window]);
}

/** The component's SLO measured over the composite's window, so that all counts cover the same time. */
function overTheCompositeWindow(
  definition: SloDefinition,
  composite: CompositeSloDefinition,
): SloDefinition {
  const { calendar: _ownCalendar, ...rest } = definition;
  return {
    ...rest,
    window: composite.window,
    windowMs: composite.windowMs,
    ...(composite.calendar ? { calendar: composite.calendar } : {}),
  };
}

/** The composites an entity declares, and a problem per bad field. */
function readComposites(entity: Entity) {
  const annotation = OBSERVABILITY_ANNOTATIONS.sloComposites;
  const text = entity.metadata.annotations?.[annotation];
  if (!text?.trim()) return { definitions: [], problems: [] };
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return {
      definitions: [],
      problems: [
        {
          field: annotation,
          message: `is not valid YAML: ${
            error instanceof Error ? error.message.split('\n')[0] : error
          }`,
        },
      ],
    };
  }
  const parsed = parseCompositeSlos(value, {
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
  return {
    definitions: parsed.definitions,
    problems: parsed.problems.map(p => ({
      ...p,
      field: `${annotation} ${p.field}`,
    })),
  };
}

function combine(
  definition: CompositeSloDefinition,
  parts: Array<{ component: CompositeSloComponent; measured: Measured }>,
  atMs: number,
): CompositeSloEvaluation {
  const counted = parts.filter(
    (
      p,
    ): p is {
      component: CompositeSloComponent;
      measured: Extract<Measured, { state: 'measured' }>;
    } => p.measured.state === 'measured',
  );
  const period = sloPeriod(definition, atMs);
  const result =
    counted.length > 0
      ? evaluateCompositeCounts(
          definition,
          counted.map(p => ({
            weight: p.component.weight,
            ...p.measured.counts,
          })),
          period.calendar
            ? { period: { startMs: period.startMs, endMs: period.endMs } }
            : {},
        )
      : undefined;
  let countedIndex = 0;
  const contributions = parts.map(
    ({ component, measured }): CompositeSloContribution => {
      if (measured.state === 'hidden') {
        return {
          ...component,
          state: 'hidden',
          message:
            'you cannot read this entity in the catalog, or it does not exist; the composite leaves it out',
        };
      }
      if (measured.state === 'missing') {
        const { state, ...rest } = measured;
        return { ...component, state, ...rest };
      }
      // Shares are in the order of the counted parts, which keep the parts' order.
      const share = result!.shares[countedIndex++];
      const { good, total } = measured.counts;
      return {
        ...component,
        state: 'measured',
        sloName: measured.sloName,
        objective: measured.objective,
        ...(total > 0 ? { sli: good / total } : {}),
        good,
        total,
        ...share,
      };
    },
  );
  return {
    definition,
    ...(result ? { status: result.status } : {}),
    contributions,
    complete: counted.length === parts.length,
    ...(result?.partialBurnRateWindows.length
      ? { partialBurnRateWindows: result.partialBurnRateWindows }
      : {}),
  };
}
