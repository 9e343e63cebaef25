import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * Template form fields for SLO objectives, checked as they are typed with
 * the rules the monitoring actions apply:
 * `ui:field: ObservabilityAvailabilitySlo` (e.g. 99.9) and
 * `ui:field: ObservabilityLatencySlo` (e.g. p95 under 300ms). Install them in
 * the app with a module for the scaffolder plugin, as packages/app does:
 * `createFrontendModule({ pluginId: 'scaffolder', extensions: observabilityScaffolderFormFields })`.
 *
 * @public
 */
export const observabilityScaffolderFormFields = [
  FormFieldBlueprint.make({
    name: 'observability-availability-slo',
    params: {
      field: () => import('./fields').then(m => m.availabilitySloField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'observability-latency-slo',
    params: {
      field: () => import('./fields').then(m => m.latencySloField),
    },
  }),
];
