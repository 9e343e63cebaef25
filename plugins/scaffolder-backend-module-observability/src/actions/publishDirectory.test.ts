import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { oneLineFailure } from './__testUtils__/oneLineFailure';
import { createPublishDirectoryAction } from './publishDirectory';

describe('observability:workspace:publish', () => {
  const root = createMockDirectory();
  const action = createPublishDirectoryAction({
    publishDirectory: root.resolve('published'),
  });
  type Input = Parameters<typeof action.handler>[0]['input'];
  const input = (given: Partial<Input>): Input => ({
    targetName: 'checkout',
    sourcePath: '.',
    overwrite: false,
    ...given,
  });

  beforeEach(() =>
    root.setContent({
      workspace: {
        'catalog-info.yaml': 'kind: Component\n',
        monitoring: { 'kustomization.yaml': 'resources: []\n' },
      },
    }),
  );

  it('copies the workspace and refuses to overwrite unless told to', async () => {
    const ctx = createMockActionContext({
      workspacePath: root.resolve('workspace'),
      input: input({}),
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'catalog-info.yaml',
      'monitoring/kustomization.yaml',
    ]);
    expect((root.content() as any).published.checkout.monitoring).toEqual({
      'kustomization.yaml': 'resources: []\n',
    });

    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: root.resolve('workspace'),
          input: input({}),
        }),
      ),
    ).rejects.toThrow('set overwrite: true to replace them');
    await action.handler(
      createMockActionContext({
        workspacePath: root.resolve('workspace'),
        input: input({ overwrite: true }),
      }),
    );
  });

  it('refuses a target outside the publish directory', async () => {
    const message = await oneLineFailure(
      action.handler(
        createMockActionContext({
          workspacePath: root.resolve('workspace'),
          input: input({ targetName: '..' }),
        }),
      ),
    );
    expect(message).toMatch(/outside its parent/);
    expect(Object.keys(root.content() ?? {})).toEqual(['workspace']);
  });
});
