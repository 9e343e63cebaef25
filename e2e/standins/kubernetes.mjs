// STAND-IN for a Kubernetes API server — not Kubernetes. An API server cannot
// run on the machines this project is developed on, so this serves the part of
// the documented Kubernetes API that Sightline's apply-to-cluster sends, and
// checks what a real API server checks for server-side apply:
//
//   Server-Side Apply:  https://kubernetes.io/docs/reference/using-api/server-side-apply/
//   API concepts (dry run, PATCH content types, Status errors):
//                       https://kubernetes.io/docs/reference/using-api/api-concepts/
//
//   GET   /readyz, /livez                       "ok" (unauthenticated, as on a real server)
//   GET   /api/v1, /apis/<group>/<version>      APIResourceList (discovery, which
//                                               @kubernetes/client-node reads first)
//   GET   <collection>/<name>                   the stored object, or 404 Status NotFound
//   GET   <collection>[?labelSelector=<s>]      a List (ServiceList, …) of the stored
//         objects, one namespace's or, without /namespaces/<ns>, every one's;
//         labelSelector in the API's syntax (a=b, a!=b, a in (x,y), a notin (x),
//         a, !a — https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/)
//   PATCH <collection>/<name>?fieldManager=<m>[&dryRun=All][&force=true]
//         Content-Type: application/apply-patch+yaml
//         → 201 (created) or 200 (updated) with the resulting object
//
// Checks, each answered with a `Status` object and the status a real API
// server uses:
//   - content type: only `application/apply-patch+yaml` (the SSA patch type)
//     is served; other patch types get 415 UnsupportedMediaType;
//   - `fieldManager` is required for an apply patch (422 Invalid);
//   - `dryRun` may only be `All` (400 BadRequest); with it nothing is stored;
//   - `force` may only be `true`/`false`;
//   - object shape: apiVersion and kind must match the resource of the URL,
//     metadata.name must match the URL's name, metadata.namespace (if set)
//     the URL's namespace (400 BadRequest);
//   - known resources only: monitoring.coreos.com/v1 servicemonitors,
//     podmonitors, prometheusrules, prometheuses; v1 configmaps, services,
//     endpoints, pods, namespaces (cluster-scoped);
//     grafana.integreatly.org/v1beta1 grafanadashboards; apps/v1 replicasets,
//     argoproj.io/v1alpha1 applications, helm.toolkit.fluxcd.io/v2
//     helmreleases, kustomize.toolkit.fluxcd.io/v1 kustomizations (404 otherwise);
//   - field ownership: a field set by another field manager to a different
//     value is a 409 Conflict (reason Conflict, causes FieldManagerConflict)
//     unless `force=true`, which takes the field over;
//   - fields the manager applied before and leaves out now are removed
//     (unless another manager owns them), as SSA does.
// A test loads the cluster's state (Services, Pods, monitors, Prometheus
// resources; what kubectl would have created) with
//   PUT /__standin/objects   a JSON array of objects, replacing every stored one
// or at start-up with --objects <file.json>.
// With --token (or SIGHTLINE_KUBERNETES_TOKEN) every request needs
// `Authorization: Bearer <token>` and otherwise gets 401 Unauthorized.
//
// Simplifications (it is a stand-in): lists are atomic fields (no
// listType=map merge keys), the request body must be JSON (JSON is YAML, and
// it is what @kubernetes/client-node sends), and namespaces need not exist
// unless --namespaces names the ones that do.
//
//   node e2e/standins/kubernetes.mjs --port 6443 [--token t] [--namespaces a,b] [--objects f.json]

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { isMain, json, standinArgs, startStandin, text } from './lib.mjs';

export const APPLY_PATCH = 'application/apply-patch+yaml';

/** group/version → resources served (name = plural). */
export const RESOURCES = {
  v1: [
    { name: 'configmaps', singularName: 'configmap', kind: 'ConfigMap' },
    { name: 'services', singularName: 'service', kind: 'Service' },
    { name: 'endpoints', singularName: 'endpoints', kind: 'Endpoints' },
    { name: 'pods', singularName: 'pod', kind: 'Pod' },
    {
      name: 'namespaces',
      singularName: 'namespace',
      kind: 'Namespace',
      namespaced: false,
    },
  ],
  'monitoring.coreos.com/v1': [
    {
      name: 'servicemonitors',
      singularName: 'servicemonitor',
      kind: 'ServiceMonitor',
    },
    { name: 'podmonitors', singularName: 'podmonitor', kind: 'PodMonitor' },
    {
      name: 'prometheusrules',
      singularName: 'prometheusrule',
      kind: 'PrometheusRule',
    },
    { name: 'prometheuses', singularName: 'prometheus', kind: 'Prometheus' },
  ],
  // Rollout history (read only): Deployments' ReplicaSets, Argo CD
  // Applications and Flux HelmReleases/Kustomizations.
  'apps/v1': [
    { name: 'replicasets', singularName: 'replicaset', kind: 'ReplicaSet' },
  ],
  'argoproj.io/v1alpha1': [
    { name: 'applications', singularName: 'application', kind: 'Application' },
  ],
  'helm.toolkit.fluxcd.io/v2': [
    { name: 'helmreleases', singularName: 'helmrelease', kind: 'HelmRelease' },
  ],
  'kustomize.toolkit.fluxcd.io/v1': [
    {
      name: 'kustomizations',
      singularName: 'kustomization',
      kind: 'Kustomization',
    },
  ],
  'grafana.integreatly.org/v1beta1': [
    {
      name: 'grafanadashboards',
      singularName: 'grafanadashboard',
      kind: 'GrafanaDashboard',
    },
  ],
};

function status(code, reason, message, details) {
  return json(code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

const isObject = v => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaf fields of an object as `.a.b` paths; lists are atomic. */
function leaves(value, prefix = '', out = new Map()) {
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    if (isObject(child) && Object.keys(child).length > 0)
      leaves(child, path, out);
    else out.set(path, child);
  }
  return out;
}

/** The fields a manager owns: everything but server-set metadata. */
function appliedFields(object) {
  const { metadata = {}, ...rest } = object;
  const { name, namespace, labels, annotations } = metadata;
  const fields = leaves({
    ...rest,
    metadata: { name, namespace, labels, annotations },
  });
  for (const key of ['.apiVersion', '.kind', '.metadata.name'])
    fields.delete(key);
  for (const key of [...fields.keys()])
    if (fields.get(key) === undefined) fields.delete(key);
  return fields;
}

function getPath(object, path) {
  return path
    .slice(1)
    .split('.')
    .reduce((o, k) => (isObject(o) ? o[k] : undefined), object);
}

function setPath(object, path, value) {
  const keys = path.slice(1).split('.');
  let o = object;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(o[k])) o[k] = {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = structuredClone(value);
}

function deletePath(object, path) {
  const keys = path.slice(1).split('.');
  const parents = [object];
  for (const k of keys.slice(0, -1)) {
    const next = parents[parents.length - 1]?.[k];
    if (!isObject(next)) return;
    parents.push(next);
  }
  delete parents[parents.length - 1][keys[keys.length - 1]];
  // Drop maps the removal left empty.
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]).length === 0)
      delete parents[i - 1][keys[i - 1]];
  }
}

/** `fieldsV1` in the API's `f:<name>` notation. */
function fieldsV1(paths) {
  const out = {};
  for (const path of paths) {
    let o = out;
    for (const k of path.slice(1).split('.')) {
      o[`f:${k}`] ??= {};
      o = o[`f:${k}`];
    }
  }
  return out;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A label selector in the API's string form as a predicate over labels;
 * throws on syntax the API server refuses.
 */
export function parseLabelSelector(text) {
  const requirements = [];
  // Split on commas outside parentheses.
  const parts = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const key = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
  for (const raw of parts.map(p => p.trim()).filter(Boolean)) {
    let m;
    if (
      (m = new RegExp(`^${key}\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`).exec(raw))
    ) {
      const [, k, op, v] = m;
      requirements.push(l => (op === '!=' ? l[k] !== v : l[k] === v));
    } else if (
      (m = new RegExp(`^${key}\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(raw))
    ) {
      const [, k, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      requirements.push(l =>
        op === 'in' ? k in l && values.includes(l[k]) : !values.includes(l[k]),
      );
    } else if ((m = new RegExp(`^(!?)${key}$`).exec(raw))) {
      const [, not, k] = m;
      requirements.push(l => (not ? !(k in l) : k in l));
    } else {
      throw new Error(`unable to parse requirement: "${raw}"`);
    }
  }
  return labels => requirements.every(r => r(labels ?? {}));
}

/** The URL path of an object: `/api/v1/namespaces/shop/services/checkout`. */
export function objectPath(object) {
  const groupVersion = object.apiVersion;
  const resource = RESOURCES[groupVersion]?.find(r => r.kind === object.kind);
  if (!resource) {
    throw new Error(`unknown resource ${groupVersion} ${object.kind}`);
  }
  const prefix = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
  const namespace =
    resource.namespaced === false
      ? ''
      : `/namespaces/${object.metadata?.namespace ?? 'default'}`;
  return `${prefix}${namespace}/${resource.name}/${object.metadata.name}`;
}

/** Starts the stand-in; `objects` is keyed by URL path of the object. */
export function startKubernetes({
  port,
  host,
  token,
  namespaces,
  objects: initial = [],
  log = true,
}) {
  const objects = new Map(); // path → { object, managers: Map<manager, Set<path>> }
  let resourceVersion = 1000;

  /** Replaces every stored object, as if kubectl had created them. */
  const load = list => {
    objects.clear();
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    for (const raw of list) {
      const path = objectPath(raw);
      resourceVersion += 1;
      const resource = RESOURCES[raw.apiVersion].find(r => r.kind === raw.kind);
      const object = structuredClone(raw);
      object.metadata = {
        ...object.metadata,
        ...(resource.namespaced === false
          ? {}
          : { namespace: object.metadata.namespace ?? 'default' }),
        uid: randomUUID(),
        // Loaded objects may say when they were created (a ReplicaSet's
        // creation is its rollout's instant); others are created now.
        creationTimestamp: object.metadata.creationTimestamp ?? now,
        resourceVersion: String(resourceVersion),
      };
      objects.set(path, { object, managers: new Map(), time: now });
    }
  };
  load(initial);

  // <prefix>[/namespaces/<ns>]/<plural>[/<name>]; a cluster-scoped resource
  // (namespaces) has no /namespaces/<ns> part.
  const resolve = pathname => {
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
        pathname,
      );
    if (!m) return undefined;
    const groupVersion = m[1] ?? m[2];
    const resource = RESOURCES[groupVersion]?.find(r => r.name === m[4]);
    if (resource && (resource.namespaced === false) !== (m[3] === undefined)) {
      // A namespaced resource named without a namespace is a list across
      // all namespaces; anything else does not exist.
      if (m[3] !== undefined || m[5] !== undefined) return undefined;
    }
    return {
      groupVersion,
      resource,
      namespace: m[3],
      name: m[5],
      plural: m[4],
    };
  };

  const list = (target, selector) => {
    const { groupVersion, resource, namespace } = target;
    const items = [...objects.values()]
      .map(entry => render(entry))
      .filter(
        o =>
          o.apiVersion === groupVersion &&
          o.kind === resource.kind &&
          (namespace === undefined || o.metadata.namespace === namespace) &&
          selector(o.metadata.labels),
      )
      .sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace}/${b.metadata.name}`,
        ),
      );
    return json(200, {
      kind: `${resource.kind}List`,
      apiVersion: groupVersion,
      metadata: { resourceVersion: String(resourceVersion) },
      items,
    });
  };

  const render = entry => ({
    ...entry.object,
    metadata: {
      ...entry.object.metadata,
      managedFields: [...entry.managers.entries()].map(([manager, paths]) => ({
        manager,
        operation: 'Apply',
        apiVersion: entry.object.apiVersion,
        time: entry.time,
        fieldsType: 'FieldsV1',
        fieldsV1: fieldsV1([...paths].sort()),
      })),
    },
  });

  return startStandin({
    name: 'kubernetes',
    host,
    port,
    log,
    handle: ({ req, url, body }) => {
      // Health endpoints answer anyone, as the system:public-info-viewer
      // role lets them on a real API server.
      if (['/readyz', '/livez'].includes(url.pathname) && req.method === 'GET')
        return text(200, 'ok');
      if (token && req.headers.authorization !== `Bearer ${token}`) {
        return status(401, 'Unauthorized', 'Unauthorized');
      }
      if (url.pathname === '/__standin/objects' && req.method === 'PUT') {
        let list;
        try {
          list = JSON.parse(body);
          if (!Array.isArray(list)) throw new Error('not a JSON array');
          load(list);
        } catch (e) {
          return status(400, 'BadRequest', `objects: ${e.message}`);
        }
        return json(200, { loaded: objects.size });
      }
      const discovery = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(
        url.pathname,
      );
      if (discovery && req.method === 'GET') {
        const groupVersion = discovery[1] ?? discovery[2];
        const resources = RESOURCES[groupVersion];
        if (!resources)
          return status(
            404,
            'NotFound',
            'the server could not find the requested resource',
          );
        return json(200, {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion,
          resources: resources.map(r => ({
            ...r,
            namespaced: r.namespaced ?? true,
            verbs: ['get', 'list', 'patch', 'create', 'update'],
          })),
        });
      }

      const target = resolve(url.pathname);
      if (!target || !target.resource) {
        return status(
          404,
          'NotFound',
          'the server could not find the requested resource',
        );
      }
      const { groupVersion, resource, namespace, name, plural } = target;
      const notFound = () =>
        status(
          404,
          'NotFound',
          `${plural}.${groupVersion.split('/')[0]} "${name}" not found`,
          {
            name,
            group: groupVersion.includes('/') ? groupVersion.split('/')[0] : '',
            kind: plural,
          },
        );
      if (namespace && namespaces && !namespaces.includes(namespace)) {
        return status(404, 'NotFound', `namespaces "${namespace}" not found`, {
          name: namespace,
          kind: 'namespaces',
        });
      }

      if (req.method === 'GET' && name === undefined) {
        let selector;
        try {
          selector = parseLabelSelector(
            url.searchParams.get('labelSelector') ?? '',
          );
        } catch (e) {
          return status(400, 'BadRequest', e.message);
        }
        return list(target, selector);
      }
      if (name === undefined || resource.namespaced === false) {
        if (req.method === 'GET') {
          const entry = objects.get(url.pathname);
          return entry ? json(200, render(entry)) : notFound();
        }
        return status(
          405,
          'MethodNotAllowed',
          `the stand-in serves only GET of ${plural}${
            name ? '' : ' collections'
          }, not ${req.method}`,
        );
      }

      if (req.method === 'GET') {
        const entry = objects.get(url.pathname);
        return entry ? json(200, render(entry)) : notFound();
      }
      if (req.method !== 'PATCH') {
        return status(
          405,
          'MethodNotAllowed',
          `the stand-in serves only GET and server-side apply PATCH, not ${req.method}`,
        );
      }

      const contentType = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      if (contentType !== APPLY_PATCH) {
        return status(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: ${APPLY_PATCH} (this stand-in serves server-side apply only)`,
        );
      }
      const fieldManager = url.searchParams.get('fieldManager');
      if (!fieldManager) {
        return status(
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          { causes: [{ type: 'FieldValueRequired', field: 'fieldManager' }] },
        );
      }
      const dryRun = url.searchParams.getAll('dryRun');
      if (dryRun.some(v => v !== 'All')) {
        return status(
          400,
          'BadRequest',
          `dryRun: Unsupported value: "${dryRun.find(
            v => v !== 'All',
          )}": supported values: "All"`,
        );
      }
      const forceParam = url.searchParams.get('force');
      if (forceParam !== null && !['true', 'false'].includes(forceParam)) {
        return status(
          400,
          'BadRequest',
          `force: Invalid value: "${forceParam}"`,
        );
      }
      const force = forceParam === 'true';

      let applied;
      try {
        applied = JSON.parse(body);
      } catch (e) {
        return status(
          400,
          'BadRequest',
          `error decoding YAML: ${e.message} (the stand-in reads JSON-syntax YAML only)`,
        );
      }
      if (!isObject(applied)) {
        return status(400, 'BadRequest', 'the body must be an object');
      }
      if (
        applied.apiVersion !== groupVersion ||
        applied.kind !== resource.kind
      ) {
        return status(
          400,
          'BadRequest',
          `the API version in the data (${applied.apiVersion}) and kind (${applied.kind}) do not match the expected ${groupVersion} ${resource.kind}`,
        );
      }
      if (applied.metadata?.name !== name) {
        return status(
          400,
          'BadRequest',
          `the name of the object (${applied.metadata?.name}) does not match the name on the URL (${name})`,
        );
      }
      if (
        applied.metadata.namespace !== undefined &&
        applied.metadata.namespace !== namespace
      ) {
        return status(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }

      const existing = objects.get(url.pathname);
      const fields = appliedFields({
        ...applied,
        metadata: { ...applied.metadata, namespace },
      });
      const managers = new Map(
        [...(existing?.managers ?? new Map())].map(([m, p]) => [m, new Set(p)]),
      );
      const conflicts = [];
      for (const [manager, paths] of managers) {
        if (manager === fieldManager) continue;
        for (const [path, value] of fields) {
          if (paths.has(path) && !same(getPath(existing.object, path), value)) {
            if (force) paths.delete(path);
            else conflicts.push({ manager, path });
          }
        }
      }
      if (conflicts.length > 0) {
        return status(
          409,
          'Conflict',
          `Apply failed with ${conflicts.length} conflict${
            conflicts.length > 1 ? 's' : ''
          }: ${conflicts
            .map(c => `conflict with "${c.manager}": ${c.path}`)
            .join(', ')}`,
          {
            name,
            group: groupVersion.includes('/') ? groupVersion.split('/')[0] : '',
            kind: plural,
            causes: conflicts.map(c => ({
              type: 'FieldManagerConflict',
              message: `conflict with "${c.manager}"`,
              field: c.path,
            })),
          },
        );
      }

      const object = structuredClone(
        existing?.object ?? {
          apiVersion: groupVersion,
          kind: resource.kind,
          metadata: { name, namespace },
        },
      );
      const ownedByOthers = path =>
        [...managers].some(([m, p]) => m !== fieldManager && p.has(path));
      for (const path of managers.get(fieldManager) ?? []) {
        if (!fields.has(path) && !ownedByOthers(path)) deletePath(object, path);
      }
      for (const [path, value] of fields) setPath(object, path, value);
      managers.set(fieldManager, new Set(fields.keys()));
      for (const [m, p] of managers) if (p.size === 0) managers.delete(m);

      const changed = !existing || !same(existing.object, object);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      if (!existing) {
        Object.assign(object.metadata, {
          uid: randomUUID(),
          creationTimestamp: now,
          generation: 1,
        });
      }
      if (changed) {
        if (existing && !same(existing.object.spec, object.spec))
          object.metadata.generation += 1;
        resourceVersion += 1;
        object.metadata.resourceVersion = String(resourceVersion);
      }
      const entry = {
        object,
        managers,
        time: changed ? now : existing.time,
      };
      if (dryRun.length === 0) objects.set(url.pathname, entry);
      return json(existing ? 200 : 201, render(entry));
    },
  });
}

if (isMain(import.meta.url)) {
  const args = standinArgs({
    defaultPort: 6443,
    envName: 'SIGHTLINE_KUBERNETES_PORT',
    options: {
      token: { type: 'string' },
      namespaces: { type: 'string' },
      objects: { type: 'string' },
    },
  });
  startKubernetes({
    ...args,
    token: args.token ?? process.env.SIGHTLINE_KUBERNETES_TOKEN,
    namespaces: args.namespaces?.split(',').map(s => s.trim()),
    objects: args.objects
      ? JSON.parse(fs.readFileSync(args.objects, 'utf8'))
      : [],
  });
}
