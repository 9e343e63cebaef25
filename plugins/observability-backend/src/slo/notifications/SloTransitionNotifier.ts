import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { sloSignalChannel } from '@sightline/plugin-observability-common';
import { SloSnapshot, SloSnapshotStore } from '../fleet/SloSnapshotStore';
import { SloNotificationStore } from './SloNotificationStore';
import {
  describeTransitions,
  sloTransitions,
  transitionsKey,
} from './sloTransitions';

/** The notifications' topic: users can turn it off in their notification settings. */
const SLO_NOTIFICATION_TOPIC = 'observability-slo';

/** How long a claim is kept: far longer than any fleet schedule. */
const CLAIM_RETENTION_MS = 30 * 86_400_000;

/** `observability.slo.notifications.enabled`, true unless set to false. */
export function readNotificationsEnabled(config: RootConfigService): boolean {
  return (
    config.getOptionalBoolean('observability.slo.notifications.enabled') ?? true
  );
}

/**
 * The entity's SLO section in the frontend: its Observability tab at
 * `?section=slos`, under the catalog's entity route (kind, namespace and
 * name lower-cased as the catalog's links are).
 */
function sloSectionLink(entity: Entity): string {
  const path = [
    entity.metadata.namespace ?? 'default',
    entity.kind,
    entity.metadata.name,
  ].map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')));
  return `/catalog/${path.join('/')}/observability?section=slos`;
}

/** The owner's entity ref (`spec.owner` is a group by default, in the entity's namespace). */
function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

/**
 * Tells owners when their SLOs change, from the fleet evaluation's
 * snapshots: before a run's snapshots replace the stored ones, each SLO's
 * new snapshot is compared with its previous one (`sloTransitions`). A
 * transition is claimed in the database first (`SloNotificationStore.claim`),
 * so that it is sent once however many replicas evaluate and however often;
 * then the owner group is notified through Backstage's notifications
 * (without the users who muted the entity) and a signal tells open SLO
 * sections to refresh. A notification that cannot be sent is logged, not
 * retried: its transition stays claimed.
 */
export class SloTransitionNotifier {
  constructor(
    private readonly deps: {
      store: SloNotificationStore;
      snapshots: SloSnapshotStore;
      /** Absent when `observability.slo.notifications.enabled` is false: signals only. */
      notifications?: NotificationService;
      signals: SignalsService;
      logger: LoggerService;
    },
  ) {}

  /**
   * Notifies the transitions from the stored snapshots to these new ones of
   * a fleet run. Never throws: the run stores its snapshots regardless.
   */
  async notify(run: {
    entities: Entity[];
    snapshots: SloSnapshot[];
  }): Promise<void> {
    const { logger } = this.deps;
    try {
      const byRef = new Map(run.entities.map(e => [stringifyEntityRef(e), e]));
      const previous = await this.deps.snapshots.forEntities([
        ...new Set(run.snapshots.map(s => s.entityRef)),
      ]);
      const changed = new Set<string>();
      for (const snapshot of run.snapshots) {
        const before = previous
          .get(snapshot.entityRef)
          ?.find(
            p =>
              p.evaluation.definition.id === snapshot.evaluation.definition.id,
          );
        const entity = byRef.get(snapshot.entityRef);
        if (!before || !entity) continue;
        const sent = await this.notifyTransition(
          entity,
          before,
          snapshot,
        ).catch((error: unknown) => {
          logger.warn('Could not notify an SLO transition', {
            entityRef: snapshot.entityRef,
            sloId: snapshot.evaluation.definition.id,
            error: error instanceof Error ? error.message : String(error),
          });
          return true;
        });
        if (sent) changed.add(snapshot.entityRef);
      }
      for (const entityRef of changed) {
        await this.deps.signals.publish({
          recipients: { type: 'broadcast' },
          channel: sloSignalChannel(entityRef),
          message: { entityRef },
        });
      }
      await this.deps.store.deleteClaimsBefore(Date.now() - CLAIM_RETENTION_MS);
    } catch (error) {
      logger.warn('Could not notify SLO transitions', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** True when this replica claimed a transition (and so signals it). */
  private async notifyTransition(
    entity: Entity,
    before: SloSnapshot,
    after: SloSnapshot,
  ): Promise<boolean> {
    const transitions = sloTransitions(before.evaluation, after.evaluation);
    if (transitions.length === 0) return false;
    const { entityRef } = after;
    const sloId = after.evaluation.definition.id;
    const claimed = await this.deps.store.claim({
      entityRef,
      sloId,
      fromEvaluatedAtMs: before.evaluatedAtMs,
      toEvaluatedAtMs: after.evaluatedAtMs,
      transitions: transitionsKey(transitions),
    });
    if (!claimed) return false;
    const { notifications, logger } = this.deps;
    const owner = ownerRef(entity);
    if (!notifications || !owner) {
      if (notifications) {
        logger.info('SLO transition without an owner to notify', {
          entityRef,
          sloId,
        });
      }
      return true;
    }
    const muted = await this.deps.store.mutedUsers(entityRef);
    const words = describeTransitions({
      entityTitle: entity.metadata.title ?? entity.metadata.name,
      evaluation: after.evaluation,
      transitions,
    });
    await notifications.send({
      recipients: {
        type: 'entity',
        entityRef: owner,
        ...(muted.length > 0 ? { excludeEntityRef: muted } : {}),
      },
      payload: {
        ...words,
        link: sloSectionLink(entity),
        topic: SLO_NOTIFICATION_TOPIC,
        // One entry per SLO in the owners' list: a newer transition
        // replaces the older one and marks it unread again.
        scope: `observability:slo:${entityRef}:${sloId}`,
      },
    });
    logger.info('Notified an SLO transition', {
      entityRef,
      sloId,
      owner,
      transitions: transitionsKey(transitions),
      muted: muted.length,
    });
    return true;
  }
}
