import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * System page card: the composite SLOs the system declares, each with the
 * share of its budget every component burned.
 *
 * @public
 */
export const observabilityCompositeSloCard = EntityCardBlueprint.make({
  name: 'composite-slos',
  params: {
    filter: { kind: 'system' },
    loader: () =>
      import('./CompositeSloCard').then(m => <m.CompositeSloCard />),
  },
});
