import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * Group page card: every SLO of the services the group owns, most urgent
 * first, with why.
 *
 * @public
 */
export const observabilityGroupSloRollupCard = EntityCardBlueprint.make({
  name: 'group-slo-rollup',
  params: {
    filter: { kind: 'group' },
    loader: () => import('./SloRollupCard').then(m => <m.GroupSloRollupCard />),
  },
});

/**
 * System page card: every SLO of the services the system contains, most
 * urgent first, with why.
 *
 * @public
 */
export const observabilitySystemSloRollupCard = EntityCardBlueprint.make({
  name: 'system-slo-rollup',
  params: {
    filter: { kind: 'system' },
    loader: () =>
      import('./SloRollupCard').then(m => <m.SystemSloRollupCard />),
  },
});
