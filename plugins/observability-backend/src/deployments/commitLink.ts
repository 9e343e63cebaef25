import { Entity } from '@backstage/catalog-model';

const SOURCE_LOCATION = 'backstage.io/source-location';

/**
 * The GitHub repository of an entity's `backstage.io/source-location`
 * (`url:https://github.com/org/repo/tree/main/` → `https://github.com/org/repo`),
 * or undefined for any other host: only GitHub's `/tree/` and `/commit/`
 * paths are known to be right.
 */
export function githubRepository(entity: Entity): string | undefined {
  const location = entity.metadata.annotations?.[SOURCE_LOCATION];
  const url = location?.replace(/^url:/, '');
  const match = url?.match(
    /^https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?(?:\/.*)?$/,
  );
  return match ? `https://github.com/${match[1]}/${match[2]}` : undefined;
}

/**
 * The page of a version in the repository: a commit sha (`0a1b2c3`, also
 * as `sha-0a1b2c3`, as image tags often carry it) → `/commit/<sha>`; a
 * release tag (`v1.8.2`, `1.8.2`) → `/tree/<tag>`. Anything else (`latest`,
 * branch-like names) maps to no commit.
 */
export function commitUrl(
  repository: string | undefined,
  revision: string | undefined,
): string | undefined {
  if (!repository || !revision) return undefined;
  const sha = revision.match(/^(?:sha-)?([0-9a-f]{7,40})$/)?.[1];
  if (sha) return `${repository}/commit/${sha}`;
  if (/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(revision)) {
    return `${repository}/tree/${encodeURIComponent(revision)}`;
  }
  return undefined;
}
