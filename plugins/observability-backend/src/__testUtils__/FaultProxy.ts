import { createServer, request, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/**
 * How the proxy treats the next requests:
 * - `pass`: forwards them untouched;
 * - `slow`: forwards them after `delayMs`;
 * - `error500`: answers HTTP 500 with a JSON error, as an overloaded upstream does;
 * - `garbage`: answers 200 with an HTML page where JSON was expected;
 * - `truncated`: forwards, but ends the answer after half of its bytes.
 */
export type FaultMode = 'pass' | 'slow' | 'error500' | 'garbage' | 'truncated';

/**
 * A reverse proxy in front of a real upstream (or a stand-in) that counts
 * what it forwards and can be stopped, restarted on the same port, slowed or
 * made to answer badly: the upstream faults a backend must survive, without
 * touching the shared upstream itself.
 */
export class FaultProxy {
  mode: FaultMode = 'pass';
  delayMs = 0;
  /** Requests received, by path (`/api/v1/query_range`), since the last reset. */
  readonly counts = new Map<string, number>();
  private server?: Server;
  private port = 0;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every request received since the last reset. */
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  reset(): void {
    this.counts.clear();
  }

  /** Starts listening (again on the same port after a stop). */
  async start(): Promise<this> {
    const target = new URL(this.target);
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://proxy').pathname;
      this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
      const mode = this.mode;
      if (mode === 'error500') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"status":"error","error":"injected failure"}');
        return;
      }
      if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html><body>502 Bad Gateway</body></html>');
        return;
      }
      const forward = () => {
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
          },
          upstreamRes => {
            if (mode !== 'truncated') {
              res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
              upstreamRes.pipe(res);
              return;
            }
            const chunks: Buffer[] = [];
            upstreamRes.on('data', c => chunks.push(c));
            upstreamRes.on('end', () => {
              const body = Buffer.concat(chunks);
              const { 'content-length': _, ...headers } = upstreamRes.headers;
              res.writeHead(upstreamRes.statusCode ?? 502, headers);
              res.end(body.subarray(0, Math.floor(body.length / 2)));
            });
          },
        );
        upstream.on('error', () => {
          res.statusCode = 502;
          res.end();
        });
        req.pipe(upstream);
      };
      if (mode === 'slow') setTimeout(forward, this.delayMs);
      else forward();
    });
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops listening and cuts open connections, as a crashed upstream does. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise(resolve => server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
