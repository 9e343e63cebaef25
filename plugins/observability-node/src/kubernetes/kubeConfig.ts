import { KubeConfig } from '@kubernetes/client-node';
import type { MonitoringCluster } from '../apply/clusters';

/**
 * The `KubeConfig` of a configured cluster (`observability.clusters[].kubernetes`):
 * in-cluster service account, the default kubeconfig, or URL + token + CA.
 */
export function kubeConfigFor(cluster: MonitoringCluster): KubeConfig {
  const kubernetes = cluster.kubernetes;
  if (!kubernetes) {
    throw new Error(
      `Cluster '${cluster.name}' has no Kubernetes API configured (observability.clusters[].kubernetes)`,
    );
  }
  const kc = new KubeConfig();
  if (kubernetes.authProvider === 'inCluster') {
    kc.loadFromCluster();
  } else if (kubernetes.authProvider === 'kubeconfig') {
    kc.loadFromDefault();
  } else {
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: kubernetes.url,
          caData: kubernetes.caData,
          // client-node refuses plain http unless TLS checks are off; an
          // http:// URL (a local stand-in or proxy) has no TLS to check.
          // https:// URLs are always verified.
          skipTLSVerify: kubernetes.url.startsWith('http://'),
        },
      ],
      users: [{ name: 'sightline', token: kubernetes.token }],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: 'sightline' },
      ],
      currentContext: cluster.name,
    });
  }
  return kc;
}

/** The API server's own message of a failed call (`403 servicemonitors is forbidden…`). */
export function describeKubernetesError(error: unknown): string {
  const e = error as { code?: number; body?: unknown; message?: string };
  let body = e?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // keep the text
    }
  }
  const message =
    (body as { message?: string } | undefined)?.message ??
    (typeof body === 'string' ? body : undefined) ??
    e?.message ??
    String(error);
  return e?.code ? `${e.code} ${message}` : message;
}
