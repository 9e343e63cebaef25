// The deploy check passes on the repository's files and fails, naming the
// problem, on each kind of mistake it is there to catch.
//
//   node --test scripts/check-deploy.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  configCheckProblems,
  deployProblems,
  imageProblems,
  manifestProblems,
  readValues,
  valuesProblems,
} from './check-deploy.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'sightline-deploy-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of what the check reads, with `edits` applied to file texts. */
function repoWith(edits = {}) {
  const copy = mkdtempSync(join(scratch, 'repo-'));
  for (const path of [
    'deploy',
    'app-config.yaml',
    'app-config.production.yaml',
  ]) {
    cpSync(join(root, path), join(copy, path), { recursive: true });
  }
  for (const [path, edit] of Object.entries(edits)) {
    const file = join(copy, path);
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    assert.notEqual(after, before, `the edit of ${path} changed nothing`);
    writeFileSync(file, after);
  }
  return copy;
}

const problemsOf = edits =>
  deployProblems({ root: repoWith(edits), configCheck: false });

const roleBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'sightline', namespace: 'shop' },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'sightline-observability-apply-monitoring',
  },
  subjects: [
    { kind: 'ServiceAccount', name: 'sightline', namespace: 'backstage' },
  ],
};

describe('the deploy files of the repository', () => {
  it('pass every check, config:check of the Helm appConfig included', async () => {
    assert.deepEqual(await deployProblems(), []);
  });
});

describe('one manifest against its Kubernetes schema', () => {
  it('passes a well-formed RoleBinding', async () => {
    assert.deepEqual(await manifestProblems(roleBinding, 'rb'), []);
  });

  it('refuses fields of the wrong type', async () => {
    const problems = await manifestProblems(
      {
        ...roleBinding,
        subjects: 'sightline',
        roleRef: { ...roleBinding.roleRef, name: 3 },
      },
      'rb',
    );
    assert.deepEqual(problems, [
      'rb RoleBinding/roleRef/name must be string',
      'rb RoleBinding/subjects must be array',
    ]);
  });

  it('refuses an apiVersion or kind that is misspelt or not a string', async () => {
    assert.deepEqual(
      await manifestProblems(
        { ...roleBinding, apiVersion: 'rbac.authorization.k8s.io/v2' },
        'rb',
      ),
      [
        'rb: Kubernetes has no kind RoleBinding in rbac.authorization.k8s.io/v2',
      ],
    );
    assert.deepEqual(
      await manifestProblems({ ...roleBinding, kind: 'Rolebinding' }, 'rb'),
      [
        'rb: Kubernetes has no kind Rolebinding in rbac.authorization.k8s.io/v1',
      ],
    );
    assert.match(
      (await manifestProblems({ ...roleBinding, apiVersion: 1 }, 'rb'))[0],
      /apiVersion must be a string/,
    );
    assert.match(
      (
        await manifestProblems({ ...roleBinding, kind: ['RoleBinding'] }, 'rb')
      )[0],
      /kind must be a string/,
    );
  });
});

describe('the RBAC as a whole', () => {
  it('refuses a verb typo, and then misses the read it was for', async () => {
    const problems = await problemsOf({
      'deploy/rbac/read.yaml': text =>
        text.replace(
          'resources: [pods]\n    verbs: [list]',
          'resources: [pods]\n    verbs: [lsit]',
        ),
    });
    assert.ok(
      problems.includes(
        "deploy/rbac/read.yaml#1 ClusterRole: rules[1] verb 'lsit' is not a Kubernetes verb",
      ),
      problems.join('\n'),
    );
    assert.ok(
      problems.some(p => /cannot .*list pods, .* across the cluster/.test(p)),
      problems.join('\n'),
    );
  });

  it('refuses a misspelt field, which the API server would drop', async () => {
    const problems = await problemsOf({
      'deploy/rbac/apply.yaml': text => text.replace('rules:', 'rule:'),
    });
    assert.ok(
      problems.includes(
        'deploy/rbac/apply.yaml#1 ClusterRole: rule is not a ClusterRole field',
      ),
      problems.join('\n'),
    );
  });

  it('refuses writes granted in every namespace', async () => {
    const problems = await problemsOf({
      'deploy/rbac/read.yaml': text =>
        text.replace('verbs: [get, list]', 'verbs: [get, list, patch]'),
    });
    assert.deepEqual(problems, [
      'ClusterRoleBinding sightline-observability-read grants patch on services in every namespace; applying needs writes only in the allowed namespaces (RoleBindings)',
    ]);
  });

  it('needs a RoleBinding in every namespace the values allow applying to', async () => {
    const problems = await problemsOf({
      'deploy/helm/values.yaml': text =>
        text.replace(
          'allowedNamespaces: [shop, payments,',
          'allowedNamespaces: [shop, payments, checkout,',
        ),
    });
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0],
      /^cluster 'prod' allows applying to namespace checkout, but no RoleBinding there lets ServiceAccount backstage\/sightline get servicemonitors\.monitoring\.coreos\.com, create servicemonitors\.monitoring\.coreos\.com, patch servicemonitors/,
    );
  });

  it('refuses a RoleBinding in a namespace the values do not allow', async () => {
    const problems = await problemsOf({
      'deploy/helm/values.yaml': text =>
        text.replace(
          'allowedNamespaces: [shop, payments,',
          'allowedNamespaces: [shop,',
        ),
    });
    assert.deepEqual(problems, [
      "RoleBinding payments/sightline-observability-apply grants writes in a namespace that cluster 'prod' does not allow applying to (allowedNamespaces: shop, grafana-dashboards)",
    ]);
  });

  it('binds the ServiceAccount the values name', async () => {
    const problems = await problemsOf({
      'deploy/helm/values.yaml': text =>
        text.replace('name: sightline\n', 'name: backstage\n'),
    });
    assert.ok(
      problems.some(p =>
        p.startsWith('ServiceAccount backstage/backstage cannot get services'),
      ),
      problems.join('\n'),
    );
  });
});

describe('the Helm values', () => {
  const values = () => structuredClone(readValues());

  it('refuse a misspelt chart key and fewer than two replicas', async () => {
    const v = values();
    v.backstage.replica = 2;
    v.backstage.replicas = 1;
    assert.deepEqual(await valuesProblems(v), [
      'values/backstage has replica, which is not one of its keys',
      'values/backstage/replicas must be >= 2',
    ]);
  });

  it('refuse what the Deployment would refuse', async () => {
    const v = values();
    v.backstage.extraEnvVars.push({ name: 'PORT', value: 7007 });
    v.backstage.strategy.rollingUpdate.maxSurge = true;
    assert.deepEqual(await valuesProblems(v), [
      'values backstage.extraEnvVars[10]/value must be string',
      'values backstage.strategy/rollingUpdate/maxSurge must be string or integer',
    ]);
  });

  it('refuse Helm template braces in appConfig, and accept them escaped', async () => {
    const v = values();
    v.backstage.appConfig.observability.defaults = {
      prometheusSelector: 'namespace="{{namespace}}"',
      logSelector: '{namespace="{{`{{namespace}}`}}"}',
    };
    const problems = await valuesProblems(v);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0],
      /backstage\.appConfig\.observability\.defaults\.prometheusSelector: Helm renders appConfig as a template/,
    );
  });

  it('refuse a ${VARIABLE} that nothing sets', async () => {
    const v = values();
    v.backstage.extraEnvVars = v.backstage.extraEnvVars.filter(
      e => e.name !== 'REDIS_URL',
    );
    v.backstage.appConfig.observability.clusters[0].loki.headers = {
      'X-Scope-OrgID': '${LOKI_TENANT}',
    };
    assert.deepEqual(
      (await valuesProblems(v)).map(p => p.split(' ')[0]),
      ['${REDIS_URL}', '${LOKI_TENANT}'],
    );
  });

  it('run the observability config through its config schema', () => {
    const v = values();
    v.backstage.appConfig.observability.clusters[0].kubernetes.authProvider =
      'incluster';
    v.backstage.appConfig.observability.clusters[0].prometheus.externalURL =
      'https://p.example.com';
    const [problem] = configCheckProblems(v);
    assert.match(
      problem,
      /allowedValues=serviceAccount,inCluster,kubeconfig \} at \/observability\/clusters\/0\/kubernetes\/authProvider/,
    );
    assert.match(
      problem,
      /additionalProperty=externalURL \} at \/observability\/clusters\/0\/prometheus/,
    );
  });
});

describe('the image inputs', () => {
  const migrations = readdirSync(
    join(root, 'plugins/observability-backend/migrations'),
  ).map(m => `plugins/observability-backend/migrations/${m}`);
  const schema = 'plugins/observability-backend/config.schema.json';

  /**
   * A repository after `yarn build:backend`, whose bundle holds the
   * observability backend but for `without`.
   */
  function builtRepo({ without = [], dockerfileEdit = text => text } = {}) {
    const copy = repoWith();
    for (const path of [
      'packages/backend/Dockerfile',
      '.dockerignore',
      '.yarnrc.yml',
      'backstage.json',
      'package.json',
      'yarn.lock',
      'e2e/package.json',
      'plugins/observability-backend/package.json',
      'plugins/observability-backend/migrations',
    ]) {
      cpSync(join(root, path), join(copy, path), { recursive: true });
    }
    mkdirSync(join(copy, '.yarn/releases'), { recursive: true });
    const dockerfile = join(copy, 'packages/backend/Dockerfile');
    writeFileSync(dockerfile, dockerfileEdit(readFileSync(dockerfile, 'utf8')));
    const tree = join(copy, 'tree');
    const manifest = 'plugins/observability-backend/package.json';
    for (const file of [manifest, schema, ...migrations]) {
      if (without.includes(file)) continue;
      mkdirSync(dirname(join(tree, file)), { recursive: true });
      writeFileSync(join(tree, file), '');
    }
    const dist = join(copy, 'packages/backend/dist');
    mkdirSync(dist, { recursive: true });
    execFileSync('tar', ['czf', join(dist, 'bundle.tar.gz'), '-C', tree, '.']);
    execFileSync('tar', [
      'czf',
      join(dist, 'skeleton.tar.gz'),
      '-C',
      tree,
      manifest,
    ]);
    return copy;
  }

  it('find the migrations and config schema in the bundle', () => {
    assert.deepEqual(imageProblems({ root: builtRepo() }), []);
  });

  it('miss the migrations and config schema that the bundle lacks', () => {
    const repo = builtRepo({ without: [migrations[0], schema] });
    assert.deepEqual(imageProblems({ root: repo }), [
      `the backend bundle lacks ${migrations[0]}: the SLO history tables would not be created`,
      `the backend bundle lacks ${schema}: its config would go unvalidated`,
    ]);
  });

  it('miss a COPY source that is not there, that the context leaves out, or a config the chart loads', () => {
    const repo = builtRepo({
      dockerfileEdit: text =>
        text
          .replace(
            '/app/packages/backend/dist/bundle.tar.gz',
            '/app/packages/backend/dist/backend.tar.gz',
          )
          .replace(
            'COPY e2e/package.json',
            'COPY node_modules/.bin e2e/bin\nCOPY e2e/package.json',
          )
          .replace(
            '/app/app-config.yaml /app/app-config.production.yaml ./',
            '/app/app-config.yaml ./',
          ),
    });
    mkdirSync(join(repo, 'node_modules/.bin'), { recursive: true });
    assert.deepEqual(imageProblems({ root: repo }), [
      "packages/backend/Dockerfile: the last stage does not copy app-config.production.yaml, which the Helm values' backstage.args load",
      'packages/backend/Dockerfile: COPY node_modules/.bin: .dockerignore leaves node_modules/.bin out of the build context',
      'packages/backend/Dockerfile: COPY --from=build /app/packages/backend/dist/backend.tar.gz: packages/backend/dist/backend.tar.gz does not exist after yarn build:backend',
    ]);
  });
});
