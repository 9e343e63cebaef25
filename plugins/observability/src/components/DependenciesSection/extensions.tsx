import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * System page card: the service graph of the system's services and their
 * peers, with its drift from the catalog.
 *
 * @public
 */
export const observabilitySystemDependenciesCard = EntityCardBlueprint.make({
  name: 'system-dependencies',
  params: {
    filter: { kind: 'system' },
    loader: () =>
      import('./SystemDependenciesCard').then(m => (
        <m.SystemDependenciesCard />
      )),
  },
});
