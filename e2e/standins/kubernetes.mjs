// STAND-IN for a Kubernetes API server — not Kubernetes. An API server cannot
// run on the machines this project is developed on, so this serves the part of
// the documented Kubernetes API that Sightline's apply-to-cluster sends, and
// checks what a real API server checks for server-side apply:
//
//   Server-Side Apply:  https://kubernetes.io/docs/reference/using-api/server-side-apply/
//   API concepts (dry run, PATCH content types, Status errors):
//                       https://kubernetes.io/docs/reference/using-api/api-concepts/
//
//   GET   /api/v1, /apis/<group>/<version>      APIResourceList (discovery, which
//                                               @kubernetes/client-node reads first)
//   GET   <collection>/<name>                   the stored object, or 404 Status NotFound
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
//     podmonitors, prometheusrules; v1 configmaps;
//     grafana.integreatly.org/v1beta1 grafanadashboards (404 otherwise);
//   - field ownership: a field set by another field manager to a different
//     value is a 409 Conflict (reason Conflict, causes FieldManagerConflict)
//     unless `force=true`, which takes the field over;
//   - fields the manager applied before and leaves out now are removed
//     (unless another manager owns them), as SSA does.
// With --token (or SIGHTLINE_KUBERNETES_TOKEN) every request needs
// `Authorization: Bearer <token>` and otherwise gets 401 Unauthorized.
//
// Simplifications (it is a stand-in): lists are atomic fields (no
// listType=map merge keys), the request body must be JSON (JSON is YAML, and
// it is what @kubernetes/client-node sends), and namespaces need not exist
// unless --namespaces names the ones that do.
//
//   node e2e/standins/kubernetes.mjs --port 6443 [--token t] [--namespaces a,b]

import { randomUUID } from 'node:crypto';
import { isMain, json, standinArgs, startStandin } from './lib.mjs';

export const APPLY_PATCH = 'application/apply-patch+yaml';

/** group/version → resources served (name = plural). */
export const RESOURCES = {
  v1: [{ name: 'configmaps', singularName: 'configmap', kind: 'ConfigMap' }],
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

/** Starts the stand-in; `objects` is keyed by URL path of the object. */
export function startKubernetes({ port, host, token, namespaces, log = true }) {
  const objects = new Map(); // path → { object, managers: Map<manager, Set<path>> }
  let resourceVersion = 1000;

  const resolve = pathname => {
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(
        pathname,
      );
    if (!m) return undefined;
    const groupVersion = m[1] ?? m[2];
    const resource = RESOURCES[groupVersion]?.find(r => r.name === m[4]);
    return {
      groupVersion,
      resource,
      namespace: m[3],
      name: m[5],
      plural: m[4],
    };
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
      if (token && req.headers.authorization !== `Bearer ${token}`) {
        return status(401, 'Unauthorized', 'Unauthorized');
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
            namespaced: true,
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
      if (namespaces && !namespaces.includes(namespace)) {
        return status(404, 'NotFound', `namespaces "${namespace}" not found`, {
          name: namespace,
          kind: 'namespaces',
        });
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
    },
  });
  startKubernetes({
    ...args,
    token: args.token ?? process.env.SIGHTLINE_KUBERNETES_TOKEN,
    namespaces: args.namespaces?.split(',').map(s => s.trim()),
  });
}
