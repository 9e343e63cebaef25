import { mergeRollouts } from './mergeRollouts';
import { imageTag } from './RolloutSource';

const T = Date.parse('2026-03-01T06:00:00Z');
const deployment = {
  kind: 'Deployment' as const,
  name: 'shop/checkout',
  replicaSet: 'checkout-6b7c8d9f5',
};

describe('mergeRollouts', () => {
  it('joins one ReplicaSet seen by two sources, and the sync and version change near it', () => {
    const [rollout] = mergeRollouts([
      {
        source: 'version-label',
        at: T + 60_000,
        version: 'v1.8.2',
        images: [],
        controller: { kind: 'VersionLabel', name: 'service_version' },
      },
      {
        source: 'kubernetes',
        at: T,
        images: ['ghcr.io/acme/checkout:v1.8.2'],
        controller: { ...deployment, revision: '5' },
      },
      {
        source: 'argocd',
        at: T - 20_000,
        images: [],
        controller: {
          kind: 'ArgoCDApplication',
          name: 'checkout',
          revision: 'abc1234',
        },
      },
      {
        source: 'kube-state-metrics',
        at: T,
        version: 'v1.8.2',
        images: ['ghcr.io/acme/checkout:v1.8.2'],
        controller: deployment,
        status: 'complete',
      },
    ]);
    expect(rollout).toEqual({
      at: T,
      version: 'v1.8.2',
      images: ['ghcr.io/acme/checkout:v1.8.2'],
      controller: { ...deployment, revision: '5' },
      syncedBy: {
        kind: 'ArgoCDApplication',
        name: 'checkout',
        revision: 'abc1234',
      },
      sources: ['kube-state-metrics', 'kubernetes', 'argocd', 'version-label'],
      status: 'complete',
    });
  });

  it('keeps a version change far from any ReplicaSet as a rollout of its own', () => {
    const rollouts = mergeRollouts([
      {
        source: 'kube-state-metrics',
        at: T,
        images: [],
        controller: deployment,
      },
      {
        source: 'version-label',
        at: T + 3_600_000,
        version: 'v1.9.0',
        images: [],
        controller: { kind: 'VersionLabel', name: 'service_version' },
      },
    ]);
    expect(rollouts.map(r => [r.at, r.controller.kind])).toEqual([
      [T, 'Deployment'],
      [T + 3_600_000, 'VersionLabel'],
    ]);
  });
});

describe('imageTag', () => {
  it('reads the tag, not a registry port or a digest', () => {
    expect(imageTag('ghcr.io/acme/checkout:v1.8.2')).toBe('v1.8.2');
    expect(imageTag('registry:5000/checkout:2.4.1@sha256:abcd')).toBe('2.4.1');
    expect(imageTag('registry:5000/checkout')).toBeUndefined();
  });
});
