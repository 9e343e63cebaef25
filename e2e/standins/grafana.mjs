// STAND-IN for Grafana — not Grafana. Grafana cannot run on the machines this
// project is developed on, so this serves the part of the documented Grafana
// HTTP API that the Sightline backend sends:
//
//   GET /api/search?type=dash-db&tag=<t>&tag=...&dashboardUIDs=<uid>&query=&limit=
//       (https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/)
//       → [{id, uid, title, uri, url, slug, type, tags, isStarred, folderUid, folderTitle, folderUrl, ...}]
//   GET /api/dashboards/uid/<uid>
//       (https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/)
//       → {"dashboard":{...},"meta":{type, slug, url, folderUid, folderTitle, provisioned, ...}}
//       404 {"message":"Dashboard not found"}
//   GET /api/health → {"commit":...,"database":"ok","version":...}
//
// It serves a few fixed dashboards tagged with the demo services' names, like
// the ones kube-prometheus-stack and a team would provision. With --token
// (or SIGHTLINE_GRAFANA_TOKEN) every /api call but /api/health needs
// `Authorization: Bearer <token>` and otherwise gets Grafana's 401.
// The dashboard (/d/<uid>/<slug>) and Explore (/explore) URLs answer a small
// HTML page naming what real Grafana would show, so links can be followed.
//
//   node e2e/standins/grafana.mjs --port 3030

import {
  escapeHtml,
  isMain,
  json,
  standinArgs,
  startStandin,
  uiPage,
} from './lib.mjs';

const FOLDERS = {
  shop: { id: 11, uid: 'shop', title: 'Shop' },
  kubernetes: { id: 12, uid: 'kubernetes', title: 'Kubernetes' },
};

const panel = (id, title, expr, y) => ({
  id,
  title,
  type: 'timeseries',
  datasource: { type: 'prometheus', uid: 'prometheus' },
  gridPos: { h: 8, w: 12, x: (id % 2) * 12, y },
  targets: [
    { refId: 'A', expr, datasource: { type: 'prometheus', uid: 'prometheus' } },
  ],
});

export const DASHBOARDS = [
  {
    id: 101,
    uid: 'checkout-red',
    title: 'Checkout / RED',
    tags: ['checkout', 'shop', 'red'],
    folder: 'shop',
    panels: [
      panel(
        1,
        'Requests per second',
        'sum by (status) (rate(http_requests_total{namespace="shop", service="checkout"}[5m]))',
        0,
      ),
      panel(
        2,
        'Error ratio',
        'sum(rate(http_requests_total{namespace="shop", service="checkout", status=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="shop", service="checkout"}[5m]))',
        0,
      ),
      panel(
        3,
        'p99 latency',
        'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop", service="checkout"}[5m])))',
        8,
      ),
    ],
  },
  {
    id: 102,
    uid: 'payments-overview',
    title: 'Payments / Overview',
    tags: ['payments', 'shop'],
    folder: 'shop',
    panels: [
      panel(
        1,
        'Requests per second',
        'sum(rate(http_server_request_duration_count{namespace="shop", service="payments"}[5m]))',
        0,
      ),
    ],
  },
  {
    id: 103,
    uid: 'shop-overview',
    title: 'Shop / Overview',
    tags: ['shop'],
    folder: 'shop',
    panels: [
      panel(
        1,
        'Requests per second by service',
        'sum by (service) (rate(http_requests_total{namespace="shop"}[5m]))',
        0,
      ),
    ],
  },
  {
    id: 104,
    uid: 'kbot-bot',
    title: 'kbot / Messages',
    tags: ['kbot', 'telegram'],
    folder: 'shop',
    panels: [
      panel(
        1,
        'Messages per second',
        'sum by (status) (rate(kbot_messages_total{namespace="shop", service="kbot"}[5m]))',
        0,
      ),
    ],
  },
  {
    // Seed 004's "No Data" step 6 mistake: no namespace filter, so the
    // panel shows every app's requests (the monitoring doctor flags it).
    id: 106,
    uid: 'inventory-requests',
    title: 'Inventory / Requests',
    tags: ['inventory'],
    folder: 'shop',
    panels: [panel(1, 'Targets up', 'sum(up)', 0)],
  },
  {
    id: 105,
    uid: '85a562078cdf77779eaa1add43ccec1e',
    title: 'Kubernetes / Compute Resources / Namespace (Pods)',
    tags: ['kubernetes-mixin'],
    folder: 'kubernetes',
    panels: [
      panel(
        1,
        'CPU usage',
        'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="shop"}[5m]))',
        0,
      ),
    ],
  },
];

const slugOf = title =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function hit(d) {
  const slug = slugOf(d.title);
  const folder = FOLDERS[d.folder];
  return {
    id: d.id,
    uid: d.uid,
    title: d.title,
    uri: `db/${slug}`,
    url: `/d/${d.uid}/${slug}`,
    slug: '',
    type: 'dash-db',
    tags: d.tags,
    isStarred: false,
    folderId: folder.id,
    folderUid: folder.uid,
    folderTitle: folder.title,
    folderUrl: `/dashboards/f/${folder.uid}/${slugOf(folder.title)}`,
    sortMeta: 0,
  };
}

function search(params) {
  const all = name => params.filter(([k]) => k === name).map(([, v]) => v);
  const one = name => all(name)[0];
  const type = one('type');
  const tags = all('tag');
  const uids = all('dashboardUIDs')
    .flatMap(v => v.split(','))
    .filter(Boolean);
  const folderUids = all('folderUIDs')
    .flatMap(v => v.split(','))
    .filter(Boolean);
  const query = (one('query') ?? '').toLowerCase();
  const limit = Math.min(Number(one('limit') ?? 1000) || 1000, 5000);
  if (type && type !== 'dash-db' && type !== 'dash-folder') {
    return json(400, { message: `invalid type: ${type}` });
  }
  const hits =
    type === 'dash-folder'
      ? []
      : DASHBOARDS.filter(
          d =>
            tags.every(t => d.tags.includes(t)) &&
            (!uids.length || uids.includes(d.uid)) &&
            (!folderUids.length || folderUids.includes(d.folder)) &&
            (!query || d.title.toLowerCase().includes(query)),
        ).map(hit);
  return json(200, hits.slice(0, limit));
}

function dashboardByUid(uid) {
  const d = DASHBOARDS.find(x => x.uid === uid);
  if (!d) return json(404, { message: 'Dashboard not found' });
  const h = hit(d);
  return json(200, {
    dashboard: {
      id: d.id,
      uid: d.uid,
      title: d.title,
      tags: d.tags,
      timezone: 'browser',
      schemaVersion: 39,
      version: 3,
      time: { from: 'now-6h', to: 'now' },
      panels: d.panels,
    },
    meta: {
      type: 'db',
      canSave: false,
      canEdit: false,
      canAdmin: false,
      canStar: true,
      canDelete: false,
      slug: slugOf(d.title),
      url: h.url,
      expires: '0001-01-01T00:00:00Z',
      created: '2026-01-05T09:00:00Z',
      updated: '2026-02-11T14:30:00Z',
      updatedBy: 'Anonymous',
      createdBy: 'Anonymous',
      version: 3,
      hasAcl: false,
      isFolder: false,
      folderId: h.folderId,
      folderUid: h.folderUid,
      folderTitle: h.folderTitle,
      folderUrl: h.folderUrl,
      provisioned: true,
      provisionedExternalId: `${d.uid}.json`,
    },
  });
}

const page = (title, body) => uiPage('Grafana', title, body);

export function startGrafana({ port, host, token }) {
  return startStandin({
    name: 'grafana',
    host,
    port,
    handle: ({ req, url, params }) => {
      if (req.method !== 'GET') return undefined;
      if (url.pathname === '/api/health') {
        return json(200, {
          commit: 'sightline-standin',
          database: 'ok',
          version: '11.3.0',
        });
      }
      if (
        url.pathname.startsWith('/api/') &&
        token &&
        req.headers.authorization !== `Bearer ${token}`
      ) {
        return json(401, {
          message: 'Invalid API key',
          messageId: 'api-key.invalid',
          statusCode: 401,
          traceID: '',
        });
      }
      if (url.pathname === '/api/search') return search(params);
      const m = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(url.pathname);
      if (m) return dashboardByUid(decodeURIComponent(m[1]));
      const d = /^\/d\/([^/]+)/.exec(url.pathname);
      if (d) {
        const dash = DASHBOARDS.find(x => x.uid === decodeURIComponent(d[1]));
        if (dash)
          return page(
            dash.title,
            `<p>Dashboard <code>${escapeHtml(dash.uid)}</code>, ${
              dash.panels.length
            } panels.</p>`,
          );
      }
      if (url.pathname === '/explore') {
        return page(
          'Explore',
          `<pre data-testid="explore-panes">${escapeHtml(
            url.searchParams.get('panes') ?? '',
          )}</pre>`,
        );
      }
      return undefined;
    },
  });
}

if (isMain(import.meta.url)) {
  const args = standinArgs({
    defaultPort: 3030,
    envName: 'SIGHTLINE_GRAFANA_PORT',
    options: { token: { type: 'string' } },
  });
  startGrafana({
    ...args,
    token: args.token ?? process.env.SIGHTLINE_GRAFANA_TOKEN,
  });
}
