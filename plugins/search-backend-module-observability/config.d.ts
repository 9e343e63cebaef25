import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** Sightline's observability collator. */
      observability?: {
        /** How often to re-index; default every 10 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Catalog page size while collating; default 500. */
        batchSize?: number;
      };
    };
  };
}
