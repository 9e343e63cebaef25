import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';

/**
 * A module of `pluginId` that hands a test the plugin's own scheduler (a
 * module sees its plugin's), so that the test can run a task now with
 * `triggerTask` instead of waiting for its schedule. Add `module` to the
 * backend's features; read `scheduler` once the backend has started.
 */
export function schedulerProbe(pluginId: string) {
  let scheduler: SchedulerService | undefined;
  const module = createBackendModule({
    pluginId,
    moduleId: 'test-scheduler-probe',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init(deps) {
          scheduler = deps.scheduler;
        },
      });
    },
  });
  return {
    module,
    get scheduler(): SchedulerService {
      if (!scheduler) {
        throw new Error(`the ${pluginId} plugin's backend has not started`);
      }
      return scheduler;
    },
  };
}
