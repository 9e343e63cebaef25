import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * Service page card: the production-readiness checks over Sightline's
 * Tech Insights facts, each passed or failed with how to fix it. Needs the
 * tech-insights backend with `techInsightsModuleObservabilityFacts` and
 * JSON rules engine checks.
 *
 * @public
 */
export const observabilityProductionReadinessCard = EntityCardBlueprint.make({
  name: 'production-readiness',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('./ProductionReadinessCard').then(m => (
        <m.ProductionReadinessCard />
      )),
  },
});
