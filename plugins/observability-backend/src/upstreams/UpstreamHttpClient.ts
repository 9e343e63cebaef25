import { Agent, fetch, Response } from 'undici';
import { ServiceUnavailableError } from '@backstage/errors';
import { UpstreamConfig } from '../config/ObservabilityConfig';

const UPSTREAM_TITLES: Record<UpstreamConfig['kind'], string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  tempo: 'Tempo',
  jaeger: 'Jaeger',
  grafana: 'Grafana',
  kubernetes: 'Kubernetes API',
};

/** The human name of an upstream, for error messages: "Prometheus of cluster local". */
export function describeUpstream(
  upstream: UpstreamConfig,
  cluster: string,
): string {
  return `${UPSTREAM_TITLES[upstream.kind]} of cluster '${cluster}'`;
}

export interface UpstreamRequestOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * HTTP access to one configured upstream: base URL with its path prefix,
 * auth and tenant headers, a CA of its own and a timeout on every request.
 * Errors name the upstream but never its credentials.
 */
export class UpstreamHttpClient {
  private readonly dispatcher?: Agent;

  constructor(
    readonly upstream: UpstreamConfig,
    readonly cluster: string,
    private readonly defaultTimeoutMs: number,
  ) {
    if (upstream.caData) {
      this.dispatcher = new Agent({ connect: { ca: upstream.caData } });
    }
  }

  get name(): string {
    return describeUpstream(this.upstream, this.cluster);
  }

  url(path: string, query?: UpstreamRequestOptions['query']): string {
    const url = new URL(`${this.upstream.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** Sends a request; throws ServiceUnavailableError when the upstream cannot be reached in time. */
  async request(
    path: string,
    options: UpstreamRequestOptions = {},
  ): Promise<Response> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    try {
      return await fetch(this.url(path, options.query), {
        method: options.method ?? 'GET',
        body: options.body,
        headers: { ...this.upstream.headers, ...options.headers },
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `${this.name} ${describeFetchFailure(error, timeoutMs)}`,
      );
    }
  }
}

/** Turns undici's nested errors into the sentence an operator needs. */
export function describeFetchFailure(
  error: unknown,
  timeoutMs: number,
): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return `did not answer within ${timeoutMs} ms`;
  }
  const code = err?.cause?.code;
  if (code === 'ECONNREFUSED') return 'refused the connection (is it running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'has a host name that does not resolve';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) {
    return `failed the TLS handshake (${code}); check caData`;
  }
  return `could not be reached (${
    code ?? err?.cause?.message ?? err?.message ?? 'unknown error'
  })`;
}
