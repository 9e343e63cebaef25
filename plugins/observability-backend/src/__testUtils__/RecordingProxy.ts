import {
  createServer,
  request,
  IncomingHttpHeaders,
  IncomingMessage,
  Server,
} from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Form fields and query parameters merged (`query`, `filter`, …); repeated keys kept. */
  params: [string, string][];
  body: string;
  /** As received, names lower-cased: which tenant and credentials asked. */
  headers: IncomingHttpHeaders;
}

/**
 * A reverse proxy in front of a real upstream that records every request,
 * so tests can check what the upstream actually received.
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.record(req, body.toString('utf8'));
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
          },
          upstreamRes => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.pipe(res);
          },
        );
        upstream.on('error', () => {
          res.statusCode = 502;
          res.end();
        });
        upstream.end(body);
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return this;
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server?.close(resolve));
  }

  private record(req: IncomingMessage, body: string) {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const params: [string, string][] = [...url.searchParams.entries()];
    if (
      (req.headers['content-type'] ?? '').includes(
        'application/x-www-form-urlencoded',
      )
    ) {
      params.push(...new URLSearchParams(body).entries());
    }
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      params,
      body,
      headers: req.headers,
    });
  }
}
