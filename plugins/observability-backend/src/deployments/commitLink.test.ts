import { Entity } from '@backstage/catalog-model';
import { commitUrl, githubRepository } from './commitLink';

const entity = (location?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    annotations: location ? { 'backstage.io/source-location': location } : {},
  },
});

describe('commit links', () => {
  it('reads the GitHub repository of the source location', () => {
    expect(
      githubRepository(
        entity('url:https://github.com/acme/shop/tree/main/checkout/'),
      ),
    ).toBe('https://github.com/acme/shop');
    expect(
      githubRepository(entity('url:https://github.com/acme/shop.git')),
    ).toBe('https://github.com/acme/shop');
    expect(
      githubRepository(entity('url:https://gitlab.com/acme/shop/-/tree/main')),
    ).toBeUndefined();
    expect(githubRepository(entity())).toBeUndefined();
  });

  it('links a sha to its commit and a release tag to its tree', () => {
    const repo = 'https://github.com/acme/shop';
    expect(commitUrl(repo, '0a1b2c3')).toBe(`${repo}/commit/0a1b2c3`);
    expect(commitUrl(repo, 'sha-0a1b2c3')).toBe(`${repo}/commit/0a1b2c3`);
    expect(commitUrl(repo, 'v1.8.2')).toBe(`${repo}/tree/v1.8.2`);
    expect(commitUrl(repo, '2.4.1-rc.1')).toBe(`${repo}/tree/2.4.1-rc.1`);
    expect(commitUrl(repo, 'latest')).toBeUndefined();
    expect(commitUrl(undefined, 'v1.8.2')).toBeUndefined();
  });
});
