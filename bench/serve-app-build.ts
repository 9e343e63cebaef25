/**
 * Serves the example app's production build (packages/app/dist) on its own
 * port, beside the development server, for benchmarks of the frontend as
 * users get it: the development build runs React's checks and unminified
 * code, which several times inflate main-thread figures.
 *
 * The page's backend requests (`/api`, `/.backstage`) go on to the running
 * backend, so the page is same-origin and the backend's CORS setting (the
 * development server's origin) need not change. Build with this port as
 * both base URLs, then serve:
 *
 *   APP_CONFIG_app_baseUrl=http://localhost:3099 \
 *   APP_CONFIG_backend_baseUrl=http://localhost:3099 yarn workspace app build
 *   yarn tsx bench/serve-app-build.ts [--port=3099] [--backend=http://localhost:7007] [--dist=DIR]
 *   PLAYWRIGHT_URL=http://localhost:3099 yarn tsx bench/overview-render.ts
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { flag } from './lib';

/** `--dist=DIR` serves another build, e.g. a copy of one before a change. */
const DIST = path.resolve(
  process.argv.find(a => a.startsWith('--dist='))?.slice(7) ??
    path.join(__dirname, '../packages/app/dist'),
);
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const port = flag('port', 3099);
const backend = new URL(
  process.argv.find(a => a.startsWith('--backend='))?.slice(10) ??
    'http://localhost:7007',
);

http
  .createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/.backstage/')) {
      // The backend allows its development server's origin only; without
      // an origin the request is same-origin to it.
      const { origin: _origin, ...headers } = req.headers;
      const upstream = http.request(
        {
          host: backend.hostname,
          port: backend.port,
          path: url,
          method: req.method,
          headers: { ...headers, host: backend.host },
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', error => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`The backend at ${backend.origin} did not answer: ${error}`);
      });
      req.pipe(upstream);
      return;
    }
    // Any path that is not a file is a route of the single-page app.
    let file = path.join(DIST, decodeURIComponent(url.split('?')[0]));
    if (
      !file.startsWith(DIST) ||
      !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()
    ) {
      file = path.join(DIST, 'index.html');
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(res);
  })
  .listen(port, '127.0.0.1', () => {
    process.stdout.write(
      `Serving ${DIST} on http://localhost:${port}, the backend at ${backend.origin}\n`,
    );
  });
