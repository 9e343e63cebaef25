import { UpstreamConfig } from '../config/ObservabilityConfig';

/**
 * Links the backend gives users into an upstream's own UI. Browsers open the
 * upstream's `externalUrl`, never the address the backend reaches it at
 * (in a cluster, e.g. `http://alertmanager.monitoring.svc:9093`, which no
 * browser can open).
 */

/** Where users open the upstream: its `externalUrl`, else its `url`. */
function externalBase(upstream: UpstreamConfig): string {
  return upstream.externalUrl ?? upstream.baseUrl;
}

/** A page of the upstream's UI; `path` starts with `/`. */
export function uiLink(upstream: UpstreamConfig, path: string): string {
  return `${externalBase(upstream)}${path}`;
}

/** A Kubernetes Service answers to `name.ns`, `name.ns.svc` and `name.ns.svc.cluster.local`. */
function serviceHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/\.svc(\.cluster\.local)?$/, '');
}

/**
 * A link an upstream made to itself (an alert's `generatorURL`, from
 * Prometheus's `--web.external-url`), made fit for a browser: only http(s),
 * no credentials, and, when it points at the address the backend reaches
 * `upstream` at (kube-prometheus-stack's default external URL is the
 * in-cluster Service), moved onto `upstream`'s `externalUrl`. Links
 * elsewhere are left as they are: that upstream set them.
 */
export function browserLink(
  link: string | undefined,
  upstream?: UpstreamConfig,
): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  if (upstream?.externalUrl && upstream.externalUrl !== upstream.baseUrl) {
    const base = new URL(upstream.baseUrl);
    const prefix = base.pathname.replace(/\/+$/, '');
    if (
      url.protocol === base.protocol &&
      url.port === base.port &&
      serviceHost(url.hostname) === serviceHost(base.hostname) &&
      (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
    ) {
      return `${upstream.externalUrl}${url.pathname.slice(prefix.length)}${
        url.search
      }${url.hash}`;
    }
  }
  return url.toString();
}
