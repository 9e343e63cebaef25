/**
 * The signal channel on which the backend announces that one of an
 * entity's SLOs changed status (the fleet evaluation found a transition),
 * and to which an open SLO section of the entity listens:
 * `observability:slo:<entityRef>`.
 *
 * @public
 */
export function sloSignalChannel(entityRef: string): string {
  return `observability:slo:${entityRef}`;
}
