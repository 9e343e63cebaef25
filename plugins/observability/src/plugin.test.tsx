import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  observabilityEntityContent,
  observabilityFiringAlertsCard,
  observabilityRedSummaryCard,
  observabilitySloBudgetCard,
} from './plugin';
import {
  observabilityGroupSloRollupCard,
  observabilitySystemSloRollupCard,
} from './components/SloRollupCard/extensions';

const ofKind = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', namespace: 'default' },
});

// Backstage warns "DEPRECATION WARNING: Using a string as the default filter
// for 'entity-content:observability'…" on every app start when an extension
// keeps the old string filters; the warning names our extension in each
// adopter's console.
describe('the entity extensions', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  it('filters by kind with entity predicates, without deprecation warnings', () => {
    const filters = [
      createExtensionTester(observabilityEntityContent).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(observabilityGroupSloRollupCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(observabilitySystemSloRollupCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
    ];
    const kinds = ['Component', 'Group', 'System'];

    kinds.forEach((kind, i) => {
      expect(filters[i]?.(ofKind(kind))).toBe(true);
      expect(filters[i]?.(ofKind(kind.toLowerCase()))).toBe(true);
      expect(filters[i]?.(ofKind('API'))).toBe(false);
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('creates the overview cards without deprecation warnings', () => {
    createExtensionTester(observabilityRedSummaryCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    createExtensionTester(observabilityFiringAlertsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    createExtensionTester(observabilitySloBudgetCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(warn).not.toHaveBeenCalled();
  });
});
