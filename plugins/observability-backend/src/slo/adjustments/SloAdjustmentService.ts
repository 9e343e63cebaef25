import { RootConfigService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  NamedSloAdjustmentDeclaration,
  SloAdjustment,
  SloAdjustmentDeclaration,
  SloAdjustmentProblem,
  parseSloAdjustmentList,
} from '@sightline/plugin-observability-common';
import { recurrence } from './excludedIntervals';
import { SloAdjustmentStore } from './SloAdjustmentStore';

/** The app-config key of system- and cluster-wide adjustments. */
const SLO_ADJUSTMENTS_CONFIG_KEY = 'observability.sloAdjustments';

/** A config adjustment and the systems or clusters it applies to. */
interface ConfigAdjustment extends NamedSloAdjustmentDeclaration {
  systems?: string[];
  clusters?: string[];
}

/**
 * The RRULE problem of declarations whose fields are well formed, as a
 * problem of the `rrule` field under `path`: the recurrence engine accepts
 * some malformed values silently, and refuses too frequent recurrences.
 */
export function recurrenceProblems(
  declaration: SloAdjustmentDeclaration,
  path: string,
): SloAdjustmentProblem[] {
  if (!declaration.rrule) return [];
  const parsed = recurrence(declaration.rrule, declaration.start);
  return 'problem' in parsed
    ? [
        {
          field: path ? `${path}.rrule` : 'rrule',
          message: parsed.problem,
          example: 'FREQ=WEEKLY;BYDAY=SU',
        },
      ]
    : [];
}

/**
 * Every budget adjustment that applies to an entity: those it declares
 * (annotation or SLO file, read with its SLOs), those app-config declares
 * for its system or cluster, and those its owners stored through the API.
 */
export class SloAdjustmentService {
  /**
   * Reads `observability.sloAdjustments`; a bad entry fails start-up with
   * its key and field named.
   */
  static fromConfig(config: RootConfigService, store: SloAdjustmentStore) {
    const raw = config.getOptional(SLO_ADJUSTMENTS_CONFIG_KEY);
    if (raw === undefined) return new SloAdjustmentService([], store);
    const parsed = parseSloAdjustmentList(raw, ['systems', 'clusters']);
    const problems = [...parsed.problems];
    const adjustments = parsed.adjustments.map(
      ({ index: i, fields, ...declaration }) => {
        problems.push(...recurrenceProblems(declaration, `[${i}]`));
        const scope: Pick<ConfigAdjustment, 'systems' | 'clusters'> = {};
        for (const key of ['systems', 'clusters'] as const) {
          const value = fields[key];
          if (value === undefined) continue;
          if (
            !Array.isArray(value) ||
            !value.every(v => typeof v === 'string' && v.trim() !== '')
          ) {
            problems.push({
              field: `[${i}].${key}`,
              message: 'must be a list of names',
            });
          } else {
            scope[key] = value.map(v => (v as string).trim());
          }
        }
        if (!scope.systems && !scope.clusters) {
          problems.push({
            field: `[${i}]`,
            message:
              'names neither systems nor clusters: say which entities it applies to',
          });
        }
        return { ...declaration, ...scope };
      },
    );
    if (problems.length > 0) {
      throw new InputError(
        `Invalid ${SLO_ADJUSTMENTS_CONFIG_KEY}: ${problems
          .map(p => `${SLO_ADJUSTMENTS_CONFIG_KEY}${p.field} ${p.message}`)
          .join('; ')}`,
      );
    }
    return new SloAdjustmentService(adjustments, store);
  }

  private constructor(
    private readonly configured: ConfigAdjustment[],
    private readonly store: SloAdjustmentStore,
  ) {}

  /** The entity's adjustments from every source, declared ones first. */
  async forEntity(
    entity: Entity,
    cluster: string,
    declared: NamedSloAdjustmentDeclaration[],
  ): Promise<SloAdjustment[]> {
    const system =
      typeof entity.spec?.system === 'string' ? entity.spec.system : undefined;
    const fromConfig = this.configured.filter(
      a =>
        (system !== undefined && a.systems?.includes(system)) ||
        a.clusters?.includes(cluster),
    );
    const stored = await this.store.list(stringifyEntityRef(entity));
    return [
      ...declared.map(({ name, ...d }) => ({
        ...d,
        id: `entity:${name}`,
        source: 'entity' as const,
      })),
      ...fromConfig.map(({ name, systems, clusters, ...d }) => ({
        ...d,
        id: `config:${name}`,
        source: 'config' as const,
      })),
      ...stored,
    ];
  }

  /** Stores an owner's adjustment of the entity. */
  async create(
    entityRef: string,
    declaration: SloAdjustmentDeclaration,
    createdBy: string,
  ): Promise<SloAdjustment> {
    return this.store.add(entityRef, declaration, createdBy);
  }

  /** Deletes a stored adjustment of the entity (declared ones live in their files). */
  async delete(entityRef: string, id: string, deletedBy: string) {
    if (!(await this.store.delete(entityRef, id, deletedBy))) {
      throw new NotFoundError(
        `${entityRef} has no stored budget adjustment ${id}; adjustments declared in the entity or app-config are removed there`,
      );
    }
  }
}
