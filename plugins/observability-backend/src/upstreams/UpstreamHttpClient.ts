import { CacheService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { createHash } from 'node:crypto';
import { Agent, fetch, Response } from 'undici';
import { UpstreamConfig } from '../config/ObservabilityConfig';
import { currentCaller } from './callerContext';
import { CircuitBreaker } from './CircuitBreaker';
import { RecentAnswers } from './RecentAnswers';
import { SecretRedactor } from './SecretRedactor';
import { Semaphore } from './Semaphore';

const UPSTREAM_TITLES: Record<UpstreamConfig['kind'], string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  tempo: 'Tempo',
  jaeger: 'Jaeger',
  grafana: 'Grafana',
  kubernetes: 'Kubernetes API',
};

/** Parsed answers each upstream keeps in process (see RecentAnswers). */
const RECENT_ANSWERS = 256;

/** Responses larger than this are refused rather than buffered. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Longest upstream error summary repeated in our messages. */
const MAX_SUMMARY_LENGTH = 200;

/**
 * Where each upstream's JSON error answers carry their message; the first
 * one present is the summary. Nothing else of an error body is repeated.
 */
const ERROR_FIELDS: Record<UpstreamConfig['kind'], (body: any) => unknown[]> = {
  prometheus: body => [body.error, body.errorType],
  alertmanager: body => [body.message, body.error],
  loki: body => [body.message, body.error],
  tempo: body => [body.message, body.error],
  grafana: body => [body.message, body.error],
  jaeger: body => [body.errors?.[0]?.msg],
  kubernetes: body => [body.message],
};

/** The human name of an upstream, for error messages: "Prometheus of cluster 'local'". */
function describeUpstream(upstream: UpstreamConfig, cluster: string): string {
  return `${UPSTREAM_TITLES[upstream.kind]} of cluster '${cluster}'`;
}

export interface UpstreamRequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  /** Form-encoded or JSON body. */
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface UpstreamJsonOptions extends UpstreamRequestOptions {
  /** Cache a successful answer this long. Only for reads whose time range is step-aligned. */
  cacheTtlMs?: number;
}

export interface UpstreamClientDeps {
  cache: CacheService;
  timeoutMs: number;
  maxConcurrency: number;
  /** Unbounded unless set; see Semaphore. */
  maxQueuedPerCaller?: number;
  breaker: { failureThreshold: number; coolDownMs: number };
}

/**
 * The one way the backend talks to an upstream: base URL with its path prefix,
 * auth and tenant headers, a CA of its own, a timeout on every request, a
 * circuit breaker, a concurrency limit shared fairly between callers,
 * coalescing of identical in-flight requests and a short-lived cache, both
 * keyed by the upstream's tenant identity. Errors name the upstream, never
 * its credentials.
 */
export class UpstreamHttpClient {
  private readonly dispatcher?: Agent;
  private readonly breaker: CircuitBreaker;
  private readonly semaphore: Semaphore;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly recent = new RecentAnswers(RECENT_ANSWERS);
  private readonly redactor: SecretRedactor;
  /** Who asks, as the upstream tells tenants apart: see upstreamIdentity. */
  private readonly identity: string;

  constructor(
    readonly upstream: UpstreamConfig,
    readonly cluster: string,
    private readonly deps: UpstreamClientDeps,
  ) {
    if (upstream.caData) {
      this.dispatcher = new Agent({ connect: { ca: upstream.caData } });
    }
    this.redactor = SecretRedactor.forHeaders(upstream.headers);
    this.identity = upstreamIdentity(upstream, cluster);
    this.breaker = new CircuitBreaker(deps.breaker);
    this.semaphore = new Semaphore(deps.maxConcurrency, {
      maxQueuedPerCaller: deps.maxQueuedPerCaller,
      name: this.name,
    });
  }

  get name(): string {
    return describeUpstream(this.upstream, this.cluster);
  }

  get circuitState() {
    return this.breaker.state;
  }

  url(path: string, query?: UpstreamRequestOptions['query']): string {
    const url = new URL(`${this.upstream.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * Sends one request as is: no breaker, cache or coalescing. For health
   * probes, which must report the upstream's real state.
   */
  async request(
    path: string,
    options: UpstreamRequestOptions = {},
  ): Promise<Response> {
    const timeoutMs = options.timeoutMs ?? this.deps.timeoutMs;
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

  /**
   * A JSON request through the whole fetch layer. Throws
   * ServiceUnavailableError (503) when the upstream is down, slow, failing or
   * answers something that is not JSON; InputError (400) when it refuses the
   * request as malformed; NotFoundError (404) when it has no such object.
   */
  async json<T>(path: string, options: UpstreamJsonOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    // The cache is the plugin's, shared by every cluster's clients (and by
    // replicas): without the identity, a tenant would get another's answer.
    const key = sha256([
      this.identity,
      options.method ?? 'GET',
      url,
      sortedHeaders(options.headers ?? {}),
      options.body ?? '',
    ]);

    if (options.cacheTtlMs) {
      const recent = this.recent.get(key);
      if (recent) return recent.value as T;
      const cached = await this.deps.cache.get<{
        value: JsonValue;
        expiresAt: number;
      }>(key);
      if (cached) {
        this.recent.set(key, cached.value, cached.expiresAt);
        return cached.value as T;
      }
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;

    const promise = this.fetchJson<T>(path, options).then(async value => {
      if (options.cacheTtlMs) {
        const expiresAt = Date.now() + options.cacheTtlMs;
        this.recent.set(key, value, expiresAt);
        await this.deps.cache.set(
          key,
          { value: value as JsonValue, expiresAt },
          { ttl: options.cacheTtlMs },
        );
      }
      return value;
    });
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async fetchJson<T>(
    path: string,
    options: UpstreamRequestOptions,
  ): Promise<T> {
    const permit = this.breaker.tryAcquire();
    if (!permit.allowed) {
      throw new ServiceUnavailableError(
        `${this.name} is failing (${permit.lastError}); requests are paused until ` +
          `${new Date(permit.retryAt).toISOString()}`,
      );
    }
    return this.semaphore.run(async () => {
      let response: Response;
      try {
        response = await this.request(path, options);
      } catch (error) {
        this.breaker.recordFailure(
          (error as Error).message.replace(`${this.name} `, ''),
        );
        throw error;
      }
      const text = await readLimited(response);
      if (response.status >= 500) {
        const problem = `answered HTTP ${response.status}${this.upstreamSummary(
          text,
        )}`;
        this.breaker.recordFailure(problem);
        throw new ServiceUnavailableError(`${this.name} ${problem}`);
      }
      // The upstream is alive; a refused request is not its failure.
      this.breaker.recordSuccess();
      if (response.status === 404) {
        throw new NotFoundError(
          `${this.name} has no ${path}${this.upstreamSummary(text)}`,
        );
      }
      if (response.status === 401 || response.status === 403) {
        throw new ServiceUnavailableError(
          `${this.name} refused the backend's credentials (HTTP ${response.status}); check its token or basicAuth`,
        );
      }
      if (response.status >= 400) {
        throw new InputError(
          `${this.name} refused the request (HTTP ${
            response.status
          })${this.upstreamSummary(text)}`,
        );
      }
      if (response.status >= 300) {
        throw new ServiceUnavailableError(
          `${this.name} redirected (HTTP ${response.status}); configure its final URL`,
        );
      }
      if (text.length === 0) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ServiceUnavailableError(
          `${this.name} answered something that is not JSON: ${JSON.stringify(
            this.redactor.redactedStart(text, 80),
          )}`,
        );
      }
    }, currentCaller());
  }

  /**
   * ": " and a short summary of an error answer for the operator, or
   * nothing. Only the upstream's own error fields are repeated, never the
   * rest of the body, which may quote the request back, headers included;
   * credentials are removed from it in any encoding before it is cut (a cut
   * first could leave the start of one).
   */
  private upstreamSummary(text: string): string {
    const message = errorMessageIn(this.upstream.kind, text);
    if (message === undefined) return '';
    // One line: control characters could forge log lines.
    const line = message.replace(/[\p{Cc}\s]+/gu, ' ').trim();
    const summary = this.redactor.redactedStart(line, MAX_SUMMARY_LENGTH);
    return summary ? `: ${summary}` : '';
  }
}

/**
 * The message of an error answer: a known field of a JSON answer (see
 * ERROR_FIELDS), or the first line of a plain-text one, which is how Loki,
 * Tempo and Alertmanager word errors. Not a proxy's HTML error page.
 */
function errorMessageIn(
  kind: UpstreamConfig['kind'],
  text: string,
): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.trimStart().startsWith('<') ? undefined : text.split('\n')[0];
  }
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return undefined;
  return ERROR_FIELDS[kind](body).find(
    (field): field is string => typeof field === 'string',
  );
}

/**
 * An upstream's identity as its tenants see it: cluster, kind and every
 * header it sends (credentials, tenant headers such as X-Scope-OrgID).
 * Two clusters sharing one Mimir URL with different X-Scope-OrgID are two
 * tenants. Hashed, so that cache keys carry no credentials.
 */
function upstreamIdentity(upstream: UpstreamConfig, cluster: string): string {
  return sha256([cluster, upstream.kind, sortedHeaders(upstream.headers)]);
}

/** Header names are case-insensitive; their order means nothing. */
function sortedHeaders(headers: Record<string, string>): [string, string][] {
  return Object.entries(headers)
    .map(([name, value]): [string, string] => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

function sha256(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new ServiceUnavailableError(
      `upstream answer of ${declared} bytes exceeds the limit`,
    );
  }
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) {
    throw new ServiceUnavailableError(
      `upstream answer of ${text.length} bytes exceeds the limit`,
    );
  }
  return text;
}

/** Turns undici's nested errors into the sentence an operator needs. */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
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
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')
    return 'closed the connection mid-answer';
  return `could not be reached (${
    code ?? err?.cause?.message ?? err?.message ?? 'unknown error'
  })`;
}
