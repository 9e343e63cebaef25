import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /**
       * Sightline's observability collator: one search document per
       * Component with its SLOs, alert rules and dashboards, read from the
       * observability backend plugin.
       */
      observability?: {
        /**
         * How often to re-index, e.g.
         * `{ frequency: { minutes: 10 }, timeout: { minutes: 15 }, initialDelay: { seconds: 5 } }`
         * (the default).
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Catalog page size while collating; default 500. */
        batchSize?: number;
        /** Entities read from the observability backend at once; default 4. */
        concurrency?: number;
        /** How long one read of an entity's SLOs, alerts or dashboards may take; default 60. */
        requestTimeoutSeconds?: number;
      };
    };
  };
}
