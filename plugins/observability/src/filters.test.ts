import { Entity } from '@backstage/catalog-model';
import { hasDeclaredSlos, isObservabilityAvailable } from './filters';

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'checkout', annotations },
  };
}

describe('entity filters', () => {
  it('shows the cards for Components Sightline can find telemetry for', () => {
    expect(
      isObservabilityAvailable(
        entity('Component', { 'backstage.io/kubernetes-id': 'checkout' }),
      ),
    ).toBe(true);
    expect(
      isObservabilityAvailable(
        entity('Component', { 'sightline.dev/cluster': 'local' }),
      ),
    ).toBe(true);
    expect(
      isObservabilityAvailable(
        entity('Component', { 'backstage.io/techdocs-ref': 'dir:.' }),
      ),
    ).toBe(false);
    expect(
      isObservabilityAvailable(
        entity('System', { 'backstage.io/kubernetes-id': 'shop' }),
      ),
    ).toBe(false);
  });

  it('shows the SLO card only where an SLO is declared', () => {
    expect(
      hasDeclaredSlos(
        entity('Component', { 'sightline.dev/slo-availability': '99.9' }),
      ),
    ).toBe(true);
    expect(
      hasDeclaredSlos(
        entity('Component', { 'sightline.dev/slo-file': './slos.yaml' }),
      ),
    ).toBe(true);
    expect(
      hasDeclaredSlos(
        entity('Component', { 'backstage.io/kubernetes-id': 'checkout' }),
      ),
    ).toBe(false);
  });
});
