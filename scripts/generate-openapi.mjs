// Generates everything that openapi.yaml types, so the YAML stays the one
// place for the API's paths, parameter shapes and limits:
//
// - the backend's validated router, in the layout Backstage's own generator
//   (`backstage-repo-tools package schema openapi generate --server`) writes:
//   src/schema/openapi/generated/router.ts exporting `spec` and
//   `createOpenApiRouter`, re-exported by the two index.ts files;
// - the frontend client's request types (paths, path and query parameters,
//   bodies), by openapi-typescript.
//
// Backstage's generator is not used because it runs the openapi-generator
// JAR, which it downloads from Maven Central at run time; these machines and
// CI reach only the npm registry. Where that JAR can be had, the backend half
// is `backstage-repo-tools package schema openapi generate --server` in
// plugins/observability-backend, writing the same files.
//
//   node scripts/generate-openapi.mjs           write the files
//   node scripts/generate-openapi.mjs --check   exit 1 naming any file that
//                                               is not what the YAML generates
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const backendSchema = join(root, 'plugins/observability-backend/src/schema');
const specPath = join(backendSchema, 'openapi.yaml');
const clientTypesPath = join(
  root,
  'plugins/observability/src/api/generated/openapi.ts',
);

const doNotEdit = `// Generated from plugins/observability-backend/src/schema/openapi.yaml by
// scripts/generate-openapi.mjs; do not edit. Run \`yarn openapi:generate\`.
`;

function backendFiles(yamlText) {
  const spec = parse(yamlText);
  return {
    [join(backendSchema, 'openapi/generated/router.ts')]: `${doNotEdit}
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`,
    [join(backendSchema, 'openapi/generated/index.ts')]: `${doNotEdit}
export * from './router';
`,
    [join(backendSchema, 'openapi/index.ts')]: `${doNotEdit}
export * from './generated';
`,
  };
}

async function clientFiles() {
  const ast = await openapiTS(pathToFileURL(specPath), {
    // `type: object` without properties allows any (generator options are
    // checked field by field in the handler), not the empty object.
    emptyObjectsUnknown: true,
  });
  // The spec declares no webhooks and no $defs; their empty types would be
  // exports that nothing uses.
  const declared = ast.filter(
    node => !['webhooks', '$defs'].includes(node.name?.text),
  );
  return {
    [clientTypesPath]: `${doNotEdit}
${astToString(declared)}`,
  };
}

async function format(path, source) {
  const options = await prettier.resolveConfig(path);
  return prettier.format(source, { ...options, filepath: path });
}

const check = process.argv.includes('--check');
const generated = {
  ...backendFiles(readFileSync(specPath, 'utf8')),
  ...(await clientFiles()),
};
const stale = [];
for (const [path, source] of Object.entries(generated)) {
  const text = await format(path, source);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) continue;
  if (check) {
    stale.push(relative(root, path));
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
if (stale.length > 0) {
  process.stderr.write(
    `Not what openapi.yaml generates (run \`yarn openapi:generate\`):\n${stale
      .map(path => `  ${path}\n`)
      .join('')}`,
  );
  process.exit(1);
}
