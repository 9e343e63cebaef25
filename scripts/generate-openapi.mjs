// Turns a plugin's openapi.yaml into the `as const` TypeScript object that
// @backstage/backend-openapi-utils types its router with. The YAML is the
// source of truth; a test fails when the generated file falls behind it.
//
//   node scripts/generate-openapi.mjs <openapi.yaml> <openapi.generated.ts>
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error(
    'usage: node scripts/generate-openapi.mjs <openapi.yaml> <openapi.generated.ts>',
  );
  process.exit(2);
}
const spec = parse(readFileSync(input, 'utf8'));
writeFileSync(
  output,
  `// Generated from ${input
    .split('/')
    .pop()} by scripts/generate-openapi.mjs; do not edit.\n` +
    `export const spec = ${JSON.stringify(spec, null, 2)} as const;\n`,
);
