import { LabelMatcher } from './target';

/**
 * An alert about the entity, from Alertmanager (firing, maybe silenced) or
 * from Prometheus's rule evaluation (pending).
 *
 * @public
 */
export type EntityAlert = {
  name: string;
  state: 'firing' | 'pending' | 'silenced' | 'inhibited';
  severity?: string;
  summary?: string;
  description?: string;
  runbookUrl?: string;
  labels: Record<string, string>;
  startsAt: string;
  /** Silences that mute it. */
  silencedBy: string[];
  source: 'alertmanager' | 'prometheus';
  /**
   * Opens the alert's expression in Prometheus (the `generatorURL` it set;
   * at the cluster's `prometheus.externalUrl` when it pointed at the
   * backend's `prometheus.url`).
   */
  generatorUrl?: string;
};

/**
 * A Prometheus alerting rule that concerns the entity.
 *
 * @public
 */
export type EntityAlertRule = {
  name: string;
  group: string;
  query: string;
  state: 'firing' | 'pending' | 'inactive';
  /** Seconds the condition must hold before the alert fires. */
  forSeconds?: number;
  severity?: string;
  /**
   * The rule's own labels, which its alerts carry besides those of the
   * expression: what Alertmanager routes them by (e.g. `team`).
   */
  labels?: Record<string, string>;
  summary?: string;
  description?: string;
  runbookUrl?: string;
  health: string;
  lastError?: string;
};

/**
 * `GET .../alerts`. A failing source is reported in `errors` and the other's
 * results are still returned.
 *
 * @public
 */
export type AlertsResponse = {
  entityRef: string;
  matchers: LabelMatcher[];
  alerts: EntityAlert[];
  rules: EntityAlertRule[];
  /** Deep link into Alertmanager's UI (its `externalUrl`) filtered to the entity. */
  alertmanagerUrl?: string;
  errors: { source: 'alertmanager' | 'prometheus'; message: string }[];
};

/**
 * An Alertmanager silence that mutes the entity's alerts, or was created for
 * the entity. Only the entity's own (`createdFrom` is its ref) can be expired
 * from its page.
 *
 * @public
 */
export type EntitySilence = {
  id: string;
  /** The silence in Alertmanager's UI (its `externalUrl`). */
  url?: string;
  matchers: LabelMatcher[];
  startsAt: string;
  endsAt: string;
  /** Who created it: a user ref when created in Backstage. */
  createdBy: string;
  /**
   * The entity whose page created it (recorded in the stored comment);
   * absent when it was created outside Backstage.
   */
  createdFrom?: string;
  /** As the user wrote it, without the entity tag Sightline stores with it. */
  comment: string;
  state: 'active' | 'pending' | 'expired';
};

/**
 * The longest silence a user can create: 7 days, so that a forgotten silence
 * cannot hide an entity's alerts for good.
 *
 * @public
 */
export const MAX_SILENCE_MINUTES = 7 * 24 * 60;

/**
 * `POST .../silences`. The entity's own matchers are always added: a user can
 * narrow a silence (e.g. to one `alertname`) but never widen it past the entity.
 *
 * @public
 */
export type CreateSilenceRequest = {
  comment: string;
  /** From 1 minute to `MAX_SILENCE_MINUTES` (7 days). */
  durationMinutes: number;
  /** Extra matchers, e.g. `[{ name: 'alertname', op: '=', value: 'HighErrorRate' }]`. */
  matchers?: LabelMatcher[];
};

/** @public */
export type SilencesResponse = {
  entityRef: string;
  silences: EntitySilence[];
};
