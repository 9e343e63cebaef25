import { spawnSync } from 'node:child_process';
import path from 'node:path';

const generator = path.resolve(
  __dirname,
  '../../../../scripts/generate-openapi.mjs',
);

describe('the files generated from openapi.yaml', () => {
  // The router's spec and the frontend's request types are only as true as
  // the YAML they came from: an edit to openapi.yaml without a regeneration
  // fails here, naming the stale files.
  it('are what openapi.yaml generates (run `yarn openapi:generate`)', () => {
    const check = spawnSync(process.execPath, [generator, '--check'], {
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 30_000);
});
