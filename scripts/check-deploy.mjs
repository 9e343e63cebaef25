// Checks the deployment files without a cluster (none runs here):
// - deploy/rbac/*.yaml against the Kubernetes schemas of `kubernetes-models`,
//   then that they grant the chart's ServiceAccount every call Sightline's
//   backend makes to the Kubernetes API and no write outside the namespaces
//   the Helm values allow applying to;
// - deploy/helm/values.yaml against deploy/helm/chart-values.schema.json
//   (the Backstage chart's keys this deployment relies on), the fields the
//   chart copies into the Deployment against their Kubernetes schemas, and
//   the configs the pods load (the image's, then backstage.appConfig) with
//   `backstage-cli config:check --strict`, with every ${VARIABLE} they use set;
// - with --image, after `yarn build:backend`: that what packages/backend/Dockerfile
//   copies exists where it looks for it and that the backend bundle carries
//   the observability backend's migrations and config schemas.
//
//   node scripts/check-deploy.mjs [--image]
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse, parseAllDocuments } from 'yaml';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What the backend asks the Kubernetes API, from
 * plugins/observability-node/src/kubernetes/ClusterMonitoringReader.ts (the
 * doctor's reads, some across all namespaces, so cluster-wide) and
 * apply/MonitoringApplier.ts (GET, then server-side apply: `create` for a new
 * object, `patch` for an existing one, in the allowed namespaces only).
 */
const CLUSTER_READS = [
  ['', 'services', ['get', 'list']],
  ['', 'pods', ['list']],
  ['', 'namespaces', ['list']],
  ['monitoring.coreos.com', 'servicemonitors', ['list']],
  ['monitoring.coreos.com', 'podmonitors', ['list']],
  ['monitoring.coreos.com', 'prometheuses', ['list']],
];
const APPLY_VERBS = ['get', 'create', 'patch'];
const MONITORING_WRITES = [
  'servicemonitors',
  'podmonitors',
  'prometheusrules',
].map(resource => ['monitoring.coreos.com', resource, APPLY_VERBS]);
const DASHBOARD_WRITES = {
  configmap: [['', 'configmaps', APPLY_VERBS]],
  'grafana-operator': [
    ['grafana.integreatly.org', 'grafanadashboards', APPLY_VERBS],
  ],
  none: [],
};

const WRITE_VERBS = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  '*',
]);
/** Verbs the API server authorizes on resources; anything else never matches. */
const KNOWN_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
  'approve',
  'sign',
  '*',
]);
/**
 * Fields of the RBAC kinds. kubernetes-models' schemas let unknown fields
 * through (the API server drops them silently), so a misspelt `rule:` would
 * otherwise leave a role that grants nothing.
 */
const RBAC_FIELDS = {
  Role: ['apiVersion', 'kind', 'metadata', 'rules'],
  ClusterRole: ['apiVersion', 'kind', 'metadata', 'rules', 'aggregationRule'],
  RoleBinding: ['apiVersion', 'kind', 'metadata', 'roleRef', 'subjects'],
  ClusterRoleBinding: ['apiVersion', 'kind', 'metadata', 'roleRef', 'subjects'],
};
const RULE_FIELDS = [
  'apiGroups',
  'resources',
  'verbs',
  'resourceNames',
  'nonResourceURLs',
];

/** Chart values the chart copies into the Deployment, by their Kubernetes type. */
const CHART_FIELD_SCHEMAS = {
  extraEnvVars: ['IoK8sApiCoreV1EnvVar', 'each'],
  strategy: ['IoK8sApiAppsV1DeploymentStrategy'],
  topologySpreadConstraints: ['IoK8sApiCoreV1TopologySpreadConstraint', 'each'],
  resources: ['IoK8sApiCoreV1ResourceRequirements'],
  podSecurityContext: ['IoK8sApiCoreV1PodSecurityContext'],
  containerSecurityContext: ['IoK8sApiCoreV1SecurityContext'],
  readinessProbe: ['IoK8sApiCoreV1Probe'],
  livenessProbe: ['IoK8sApiCoreV1Probe'],
  startupProbe: ['IoK8sApiCoreV1Probe'],
  affinity: ['IoK8sApiCoreV1Affinity'],
  tolerations: ['IoK8sApiCoreV1Toleration', 'each'],
};

/** What the chart sets in the container itself, besides extraEnvVars. */
function chartEnvNames(values) {
  return values.postgresql?.enabled
    ? ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USER', 'POSTGRES_PASSWORD']
    : [];
}

function describeSchemaErrors(errors, where) {
  const list = errors ?? [];
  // An int-or-string field fails each alternative and then oneOf: say it once.
  const alternativesAt = new Set(
    list
      .filter(e => e.keyword === 'oneOf' || e.keyword === 'anyOf')
      .map(e => e.instancePath),
  );
  return list.flatMap(e => {
    const at = `${where}${e.instancePath || ''}`;
    if (e.keyword === 'type' && alternativesAt.has(e.instancePath)) return [];
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const types = list
        .filter(x => x.keyword === 'type' && x.instancePath === e.instancePath)
        .map(x => x.params.type);
      return [`${at} must be ${types.join(' or ')}`];
    }
    if (e.keyword === 'additionalProperties') {
      return [
        `${at} has ${e.params.additionalProperty}, which is not one of its keys`,
      ];
    }
    if (e.message) return [`${at} ${e.message}`];
    if (e.keyword === 'type') return [`${at} must be ${e.params.type}`];
    if (e.keyword === 'enum') {
      return [`${at} must be one of ${e.params.allowedValues.join(', ')}`];
    }
    if (e.keyword === 'required') {
      return [`${at} needs ${e.params.missingProperty}`];
    }
    return [`${at} fails ${e.keyword} ${JSON.stringify(e.params)}`];
  });
}

/**
 * The kubernetes-models class of an apiVersion and kind, or undefined when
 * Kubernetes has no such kind (a misspelt apiVersion such as
 * `rbac.authorization.k8s.io/v2` lands here, as with kubeconform's strict mode).
 */
async function modelClass(apiVersion, kind) {
  // Core kinds are under v1/, the others under <group>/<version>/.
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

/** Problems of one manifest against its kind's Kubernetes schema. */
export async function manifestProblems(doc, where) {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return [`${where} is not a Kubernetes object`];
  }
  const { apiVersion, kind } = doc;
  if (
    typeof apiVersion !== 'string' ||
    !/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion)
  ) {
    return [
      `${where}: apiVersion must be a string such as rbac.authorization.k8s.io/v1, not ${JSON.stringify(
        apiVersion,
      )}`,
    ];
  }
  if (typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    return [
      `${where}: kind must be a string such as ClusterRole, not ${JSON.stringify(
        kind,
      )}`,
    ];
  }
  const Model = await modelClass(apiVersion, kind);
  if (!Model) {
    return [`${where}: Kubernetes has no kind ${kind} in ${apiVersion}`];
  }
  const problems = [];
  try {
    new Model(doc).validate();
  } catch (error) {
    problems.push(
      ...describeSchemaErrors(
        error.errors ?? [{ message: error.message }],
        `${where} ${kind}`,
      ),
    );
  }
  const fields = RBAC_FIELDS[kind];
  if (fields) {
    for (const key of Object.keys(doc)) {
      if (!fields.includes(key)) {
        problems.push(`${where} ${kind}: ${key} is not a ${kind} field`);
      }
    }
    for (const [i, rule] of (Array.isArray(doc.rules)
      ? doc.rules
      : []
    ).entries()) {
      for (const key of Object.keys(rule ?? {})) {
        if (!RULE_FIELDS.includes(key)) {
          problems.push(
            `${where} ${kind}: rules[${i}].${key} is not a PolicyRule field`,
          );
        }
      }
      for (const verb of Array.isArray(rule?.verbs) ? rule.verbs : []) {
        if (!KNOWN_VERBS.has(verb)) {
          problems.push(
            `${where} ${kind}: rules[${i}] verb '${verb}' is not a Kubernetes verb`,
          );
        }
      }
    }
  }
  return problems;
}

function ruleGrants(rule, [group, resource, verb]) {
  const has = (list, value) =>
    Array.isArray(list) && (list.includes(value) || list.includes('*'));
  return (
    has(rule.apiGroups, group) &&
    has(rule.resources, resource) &&
    has(rule.verbs, verb) &&
    // Server-side apply creates objects, which resourceNames cannot allow.
    !(rule.resourceNames?.length > 0)
  );
}

function grants(rules, needs) {
  const missing = [];
  for (const [group, resource, verbs] of needs) {
    for (const verb of verbs) {
      if (!rules.some(rule => ruleGrants(rule, [group, resource, verb]))) {
        missing.push(`${verb} ${resource}${group ? `.${group}` : ''}`);
      }
    }
  }
  return missing;
}

/**
 * Problems of the RBAC as a whole, for the ServiceAccount and the
 * observability config of the Helm values: the cluster-wide reads are bound
 * with a ClusterRoleBinding, each allowed namespace has a RoleBinding to the
 * writes applying needs there, and nothing writes anywhere else.
 */
export function rbacProblems(docs, values, namespace) {
  const problems = [];
  const account = values.serviceAccount?.name;
  const roles = new Map(
    docs
      .filter(d => d.kind === 'ClusterRole' || d.kind === 'Role')
      .map(d => [
        `${d.kind}/${d.metadata?.namespace ?? ''}/${d.metadata?.name}`,
        d.rules ?? [],
      ]),
  );
  const bindings = docs
    .filter(d => d.kind === 'ClusterRoleBinding' || d.kind === 'RoleBinding')
    .filter(d =>
      (d.subjects ?? []).some(
        s =>
          s.kind === 'ServiceAccount' &&
          s.name === account &&
          s.namespace === namespace,
      ),
    )
    .map(d => {
      const ref = d.roleRef ?? {};
      const scope = ref.kind === 'Role' ? d.metadata?.namespace ?? '' : '';
      const rules = roles.get(`${ref.kind}/${scope}/${ref.name}`);
      const name = `${d.kind} ${
        d.metadata?.namespace ? `${d.metadata.namespace}/` : ''
      }${d.metadata?.name}`;
      if (!rules) {
        problems.push(
          `${name}: its roleRef ${ref.kind} ${ref.name} is not defined in deploy/rbac`,
        );
      }
      return {
        kind: d.kind,
        namespace: d.metadata?.namespace,
        name,
        rules: rules ?? [],
      };
    });

  const clusterWide = bindings.filter(b => b.kind === 'ClusterRoleBinding');
  const missingReads = grants(
    clusterWide.flatMap(b => b.rules),
    CLUSTER_READS,
  );
  if (missingReads.length > 0) {
    problems.push(
      `ServiceAccount ${namespace}/${account} cannot ${missingReads.join(
        ', ',
      )} across the cluster (a ClusterRoleBinding); the monitoring doctor needs it`,
    );
  }
  for (const b of clusterWide) {
    for (const rule of b.rules) {
      const writes = (rule.verbs ?? []).filter(v => WRITE_VERBS.has(v));
      if (writes.length > 0) {
        problems.push(
          `${b.name} grants ${writes.join(', ')} on ${(
            rule.resources ?? []
          ).join(
            ', ',
          )} in every namespace; applying needs writes only in the allowed namespaces (RoleBindings)`,
        );
      }
    }
  }

  for (const cluster of values.backstage?.appConfig?.observability?.clusters ??
    []) {
    const kubernetes = cluster.kubernetes;
    // Only the cluster the pods run in is reached as the chart's
    // ServiceAccount; other clusters' APIs take credentials of their own.
    if (kubernetes?.authProvider !== 'inCluster') continue;
    const allowed = kubernetes.allowedNamespaces ?? [];
    const dashboards = cluster.grafanaDashboards ?? {};
    const dashboardWrites =
      DASHBOARD_WRITES[dashboards.delivery ?? 'configmap'] ?? [];
    for (const ns of allowed) {
      const here = bindings.filter(
        b => b.kind === 'RoleBinding' && b.namespace === ns,
      );
      const needs = [
        ...(ns === dashboards.namespace ? [] : MONITORING_WRITES),
        ...(!dashboards.namespace || ns === dashboards.namespace
          ? dashboardWrites
          : []),
      ];
      const missing = grants(
        here.flatMap(b => b.rules),
        needs,
      );
      if (missing.length > 0) {
        problems.push(
          `cluster '${
            cluster.name
          }' allows applying to namespace ${ns}, but no RoleBinding there lets ServiceAccount ${namespace}/${account} ${missing.join(
            ', ',
          )}`,
        );
      }
    }
    for (const b of bindings.filter(x => x.kind === 'RoleBinding')) {
      if (!allowed.includes(b.namespace)) {
        problems.push(
          `${b.name} grants writes in a namespace that cluster '${
            cluster.name
          }' does not allow applying to (allowedNamespaces: ${
            allowed.join(', ') || 'none'
          })`,
        );
      }
    }
  }
  return problems;
}

/** Every string of a config tree, with its path. */
function* strings(value, path = '') {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield* strings(v, path ? `${path}.${k}` : k);
    }
  }
}

/** Backstage substitutes ${NAME}; $${NAME} is a literal. */
function substitutedVariables(config) {
  const names = new Set();
  for (const [, text] of strings(config)) {
    for (const match of text.matchAll(
      /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    )) {
      names.add(match[1]);
    }
  }
  return names;
}

/** The config files `--config` names in the chart's args. */
function configFilesOf(args) {
  return args.flatMap((arg, i) => (args[i - 1] === '--config' ? [arg] : []));
}

/**
 * Problems of the Helm values on their own: the chart's keys and types
 * (deploy/helm/chart-values.schema.json), the Kubernetes types of what the
 * chart copies into the Deployment, Helm's template syntax in appConfig, and
 * variables the loaded configs substitute that nothing sets.
 */
export async function valuesProblems(values, { root = REPO_ROOT } = {}) {
  const schema = JSON.parse(
    readFileSync(join(root, 'deploy/helm/chart-values.schema.json'), 'utf8'),
  );
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  if (!validate(values)) {
    return describeSchemaErrors(validate.errors, 'values');
  }
  const problems = [];
  const backstage = values.backstage;
  for (const [field, [schemaName, each]] of Object.entries(
    CHART_FIELD_SCHEMAS,
  )) {
    if (backstage[field] === undefined) continue;
    const { validate: validateField } = await import(
      `kubernetes-models/_schemas/${schemaName}`
    );
    const items = each ? backstage[field] : [backstage[field]];
    for (const [i, item] of items.entries()) {
      if (!validateField(item)) {
        problems.push(
          ...describeSchemaErrors(
            validateField.errors,
            `values backstage.${field}${each ? `[${i}]` : ''}`,
          ),
        );
      }
    }
  }

  // The chart renders appConfig with Helm's `tpl`: `{{namespace}}` fails the
  // install ("function namespace not defined"); {{`…`}} is Helm's escape.
  for (const [path, text] of strings(
    backstage.appConfig,
    'backstage.appConfig',
  )) {
    if (text.replace(/\{\{`[^`]*`\}\}/g, '').includes('{{')) {
      problems.push(
        `values ${path}: Helm renders appConfig as a template, so "${text}" breaks the install; write {{\`{{…}}\`}} or set it in app-config.production.yaml`,
      );
    }
  }

  const files = configFilesOf(backstage.args ?? []);
  const configs = [];
  for (const file of files) {
    if (!existsSync(join(root, file))) {
      problems.push(
        `values backstage.args: --config ${file} is not a file of the repository`,
      );
    } else {
      configs.push(parse(readFileSync(join(root, file), 'utf8')));
    }
  }
  configs.push(backstage.appConfig);
  const defined = new Set([
    ...(backstage.extraEnvVars ?? []).map(e => e.name),
    ...chartEnvNames(values),
  ]);
  for (const name of substitutedVariables(configs)) {
    if (!defined.has(name)) {
      problems.push(
        `\${${name}} is used by ${[...files, 'backstage.appConfig'].join(
          ', ',
        )} but backstage.extraEnvVars does not set it (from a value or a Secret)`,
      );
    }
  }
  return problems;
}

/**
 * The configs the pods load, in their order, through `backstage-cli
 * config:check --strict`: every key and type against the config schemas of
 * the backend's packages, Sightline's config.d.ts among them. `--lax`
 * because the variables are set in the cluster, not here.
 */
export function configCheckProblems(values, { root = REPO_ROOT } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-deploy-'));
  try {
    const appConfig = join(dir, 'app-config-from-configmap.yaml');
    writeFileSync(appConfig, JSON.stringify(values.backstage.appConfig));
    const configArgs = [
      ...configFilesOf(values.backstage.args ?? []).flatMap(f => [
        '--config',
        f,
      ]),
      '--config',
      appConfig,
    ];
    const result = spawnSync(
      'yarn',
      [
        'backstage-cli',
        'config:check',
        '--lax',
        '--strict',
        '--package',
        'backend',
        ...configArgs,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (result.status === 0) return [];
    const output = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter(line => line.trim() && !line.startsWith('Loaded config'))
      .join('\n');
    return [
      `backstage.appConfig over ${configFilesOf(
        values.backstage.args ?? [],
      ).join(', ')}: ${output}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readYamlDocuments(file, root) {
  const where = relative(root, file);
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc, i) => ({
    where: `${where}#${i + 1}`,
    errors: doc.errors.map(e => `${where}#${i + 1}: ${e.message}`),
    value: doc.toJS(),
  }));
}

/** The Helm values with the namespace the chart is installed in. */
export function readValues(root = REPO_ROOT) {
  return parse(readFileSync(join(root, 'deploy/helm/values.yaml'), 'utf8'));
}

/**
 * Problems of deploy/: the manifests one by one, then the RBAC as a whole
 * for the values, then the values. `namespace` is the release's (helm -n).
 */
export async function deployProblems({
  root = REPO_ROOT,
  namespace = 'backstage',
  configCheck = true,
} = {}) {
  const problems = [];
  const rbacDir = join(root, 'deploy/rbac');
  const docs = [];
  for (const name of readdirSync(rbacDir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of readYamlDocuments(join(rbacDir, name), root)) {
      problems.push(...doc.errors);
      if (doc.value === null) continue;
      const found = await manifestProblems(doc.value, doc.where);
      problems.push(...found);
      if (found.length === 0) docs.push(doc.value);
    }
  }
  const values = readValues(root);
  const ofValues = await valuesProblems(values, { root });
  problems.push(...ofValues);
  if (ofValues.length === 0) {
    problems.push(...rbacProblems(docs, values, namespace));
    if (configCheck) problems.push(...configCheckProblems(values, { root }));
  }
  return problems;
}

/** The instructions of a Dockerfile, continuation lines joined. */
function dockerInstructions(text) {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest };
    });
}

/** .dockerignore patterns as a matcher of context paths. */
function dockerIgnore(root) {
  const file = join(root, '.dockerignore');
  if (!existsSync(file)) return () => false;
  const patterns = readFileSync(file, 'utf8')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(pattern => {
      const source = pattern
        .split('**/')
        .map(part =>
          part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'),
        )
        .join('(.*/)?');
      return new RegExp(`^${source}(/.*)?$`);
    });
  return path => patterns.some(p => p.test(path));
}

/**
 * Problems of the image's inputs after `yarn build:backend`: every COPY of
 * packages/backend/Dockerfile finds its source (in the build context, or in
 * the build stage, whose /app is this repository after the host build), the
 * context does not leave it out, and the bundle carries the observability
 * backend's migrations and each bundled package's config schema.
 */
export function imageProblems({
  root = REPO_ROOT,
  values = readValues(root),
} = {}) {
  const problems = [];
  const dockerfile = 'packages/backend/Dockerfile';
  const ignored = dockerIgnore(root);
  const instructions = dockerInstructions(
    readFileSync(join(root, dockerfile), 'utf8'),
  );
  const finalStage = instructions.slice(
    instructions.findLastIndex(i => i.instruction === 'FROM'),
  );
  // The chart runs the image's backend with these configs, from /app.
  for (const file of configFilesOf(values.backstage?.args ?? [])) {
    const copied = finalStage.some(
      i =>
        i.instruction === 'COPY' &&
        i.args.slice(0, -1).some(a => a === `/app/${file}` || a === file),
    );
    if (!copied) {
      problems.push(
        `${dockerfile}: the last stage does not copy ${file}, which the Helm values' backstage.args load`,
      );
    }
  }
  for (const { instruction, args } of instructions) {
    if (instruction !== 'COPY') continue;
    const from = args
      .find(a => a.startsWith('--from='))
      ?.slice('--from='.length);
    const paths = args.filter(a => !a.startsWith('--'));
    for (const source of paths.slice(0, -1)) {
      if (from === 'packages') continue; // Stage 1's copy of the context.
      const path =
        from === 'build'
          ? relative('/app', source)
          : source.replace(/^\.\//, '');
      if (path === '.' || path === '') continue;
      if (!existsSync(join(root, path))) {
        problems.push(
          `${dockerfile}: COPY ${
            from ? `--from=${from} ` : ''
          }${source}: ${path} does not exist${
            from === 'build' ? ' after yarn build:backend' : ''
          }`,
        );
      } else if (!from && ignored(path)) {
        problems.push(
          `${dockerfile}: COPY ${source}: .dockerignore leaves ${path} out of the build context`,
        );
      }
    }
  }

  const dist = join(root, 'packages/backend/dist');
  const bundle = join(dist, 'bundle.tar.gz');
  const skeleton = join(dist, 'skeleton.tar.gz');
  if (!existsSync(bundle) || !existsSync(skeleton)) {
    return [
      ...problems,
      'packages/backend/dist has no bundle: run yarn build:backend first',
    ];
  }
  const list = archive =>
    new Set(
      execFileSync('tar', ['-tzf', archive], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      })
        .split('\n')
        .map(entry => entry.replace(/^\.\//, '')),
    );
  const bundled = list(bundle);
  const skeletonFiles = list(skeleton);
  const migrations = 'plugins/observability-backend/migrations';
  for (const file of readdirSync(join(root, migrations))) {
    if (!bundled.has(`${migrations}/${file}`)) {
      problems.push(
        `the backend bundle lacks ${migrations}/${file}: the SLO history tables would not be created`,
      );
    }
  }
  for (const manifest of [...bundled].filter(f =>
    /^(packages|plugins)\/[^/]+\/package\.json$/.test(f),
  )) {
    const dir = dirname(manifest);
    const { configSchema } = JSON.parse(
      readFileSync(join(root, manifest), 'utf8'),
    );
    // Packing replaces a config.d.ts with the JSON schema generated from it.
    if (configSchema && !bundled.has(`${dir}/config.schema.json`)) {
      problems.push(
        `the backend bundle lacks ${dir}/config.schema.json: its config would go unvalidated`,
      );
    }
    if (!skeletonFiles.has(manifest)) {
      problems.push(
        `skeleton.tar.gz lacks ${manifest}: its dependencies would not be installed in the image`,
      );
    }
  }
  return problems;
}

async function main() {
  const image = process.argv.includes('--image');
  const problems = await deployProblems();
  if (image) problems.push(...imageProblems());
  for (const problem of problems) console.error(`deploy: ${problem}`);
  console.log(
    `deploy: ${
      problems.length === 0 ? 'ok' : `${problems.length} problem(s)`
    } (deploy/rbac, deploy/helm/values.yaml${
      image ? ', packages/backend/Dockerfile and the backend bundle' : ''
    })`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
