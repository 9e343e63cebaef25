import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { oneLineFailure } from './__testUtils__/oneLineFailure';
import { createAnnotateCatalogAction } from './annotateCatalog';

const CATALOG = `# Owned by the shop team
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout # the public name
  annotations:
    backstage.io/kubernetes-id: checkout
spec:
  type: service
  owner: team-shop
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: checkout-api
spec:
  type: openapi
`;

describe('observability:catalog:annotate', () => {
  const workspace = createMockDirectory();
  const action = createAnnotateCatalogAction();

  beforeEach(() => workspace.setContent({ 'catalog-info.yaml': CATALOG }));

  it('adds annotations and keeps comments and the other documents', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        filePath: 'catalog-info.yaml',
        annotations: {
          'sightline.dev/slo-availability': '99.9',
          'backstage.io/kubernetes-id': 'checkout',
        },
      },
    });
    await action.handler(ctx);

    const text = workspace.content()?.['catalog-info.yaml'] as string;
    expect(text).toContain('# Owned by the shop team');
    expect(text).toContain('name: checkout # the public name');
    expect(text).toContain('sightline.dev/slo-availability: "99.9"');
    expect(text).toContain('name: checkout-api');
    expect(ctx.output).toHaveBeenCalledWith('changed', [
      'sightline.dev/slo-availability',
    ]);
  });

  it('refuses an unknown annotation before writing anything', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        filePath: 'catalog-info.yaml',
        annotations: { 'sightline.dev/slo': '99' },
      },
    });
    expect(await oneLineFailure(action.handler(ctx))).toMatch(
      /^Unknown annotation sightline.dev\/slo; expected one of/,
    );
    expect(workspace.content()).toEqual({ 'catalog-info.yaml': CATALOG });
  });

  it('does not write in a dry run', async () => {
    // createMockActionContext does not pass isDryRun through.
    const ctx = {
      ...createMockActionContext({
        workspacePath: workspace.path,
        input: {
          filePath: 'catalog-info.yaml',
          annotations: { 'sightline.dev/slo-window': '28d' },
        },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('changed', [
      'sightline.dev/slo-window',
    ]);
    expect(workspace.content()).toEqual({ 'catalog-info.yaml': CATALOG });
  });

  it('asks for entityName when the file has no single Component', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        filePath: 'catalog-info.yaml',
        entityName: 'nope',
        annotations: {},
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "has 0 entities named 'nope'",
    );
  });
});
