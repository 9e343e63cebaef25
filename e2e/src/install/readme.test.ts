/*
 * The install test applies the root README's marked steps to apps that
 * create-app just wrote; these are the rules by which it reads and applies
 * them, and a check that the README's steps still fit create-app's files.
 */
import fs from 'node:fs';
import path from 'node:path';
// Plain ESM without import.meta, so Jest's SWC transform loads it as CommonJS.
import {
  applyDiff,
  diffTarget,
  installFromTarballs,
  installSteps,
  topLevelSection,
  yamlTarget,
} from '../../install/readme.mjs';

const ROOT = path.resolve(__dirname, '../../..');

describe('installSteps', () => {
  const readme = [
    '# Title',
    '',
    '<!-- install: new legacy -->',
    '```sh',
    'yarn --cwd packages/backend add @sightline/plugin-observability-backend',
    '```',
    '',
    '```sh',
    'echo "an unmarked block is only for reading"',
    '```',
    '',
    '<!-- install: legacy -->',
    '',
    '```diff',
    '+++ b/packages/app/src/App.tsx',
    '```',
  ].join('\n');

  it('returns the marked blocks for one frontend system, in order, with their lines', () => {
    expect(installSteps(readme, 'new')).toEqual([
      {
        language: 'sh',
        body: 'yarn --cwd packages/backend add @sightline/plugin-observability-backend\n',
        line: 3,
      },
    ]);
    expect(installSteps(readme, 'legacy').map(s => s.line)).toEqual([3, 12]);
  });

  it('refuses markers for apps it does not know and languages it cannot apply', () => {
    expect(() =>
      installSteps('<!-- install: next -->\n```sh\nls\n```', 'new'),
    ).toThrow(
      'README line 1: unknown app next in the install marker; use new and/or legacy',
    );
    expect(() =>
      installSteps('<!-- install: new -->\n```ts\nx\n```', 'new'),
    ).toThrow(
      'README line 1: install steps are sh, diff or yaml blocks, not ts',
    );
  });
});

describe('applyDiff', () => {
  const source = ['a', 'b', 'c', '', 'd', 'b', 'e'].join('\n');

  it('replaces each hunk where its context occurs', () => {
    const diff = [
      '+++ b/f',
      '@@ one @@',
      ' a',
      '-b',
      '+B',
      ' c',
      '',
      '@@ two @@',
      ' d',
      '+x',
      ' b',
    ].join('\n');
    expect(applyDiff(source, diff)).toBe(
      ['a', 'B', 'c', '', 'd', 'x', 'b', 'e'].join('\n'),
    );
  });

  it('reads a line without its leading space as empty context', () => {
    const diff = ['@@ @@', ' c', '', '+inserted', ' d'].join('\n');
    expect(applyDiff(source, diff)).toBe(
      ['a', 'b', 'c', '', 'inserted', 'd', 'b', 'e'].join('\n'),
    );
  });

  it('refuses context that is missing, repeated or only part of a line', () => {
    expect(() => applyDiff(source, '@@ gone @@\n z\n+y')).toThrow(
      '@@ gone @@: the lines starting "z" occur 0 times in the file, not once',
    );
    expect(() => applyDiff(source, '@@ twice @@\n b\n+y')).toThrow(
      'occur 2 times',
    );
    expect(() => applyDiff('abc', '@@ part @@\n b\n+y')).toThrow(
      'occur 0 times',
    );
    expect(() => applyDiff(source, '@@ blind @@\n+y')).toThrow(
      '@@ blind @@: a hunk needs context lines to find its place',
    );
  });
});

describe('installFromTarballs', () => {
  const tarballs = new Map([
    ['@sightline/plugin-observability', '/t/frontend.tgz'],
    ['@sightline/plugin-observability-backend', '/t/backend.tgz'],
  ]);

  it('installs each named package from its tarball, however names overlap', () => {
    expect(
      installFromTarballs(
        'yarn add @sightline/plugin-observability-backend @sightline/plugin-observability',
        tarballs,
      ),
    ).toBe(
      'yarn add @sightline/plugin-observability-backend@file:/t/backend.tgz @sightline/plugin-observability@file:/t/frontend.tgz',
    );
  });

  it('refuses a package that was not packed', () => {
    expect(() =>
      installFromTarballs('yarn add @sightline/plugin-typo', tarballs),
    ).toThrow(
      'the README installs @sightline/plugin-typo, which is not one of the packages',
    );
  });
});

describe('targets', () => {
  it('takes a diff target from +++ and a yaml target from its first comment', () => {
    expect(diffTarget('--- a/x/y.ts\n+++ b/x/y.ts\n@@ @@')).toBe('x/y.ts');
    expect(yamlTarget('# app-config.yaml\nobservability: {}\n')).toBe(
      'app-config.yaml',
    );
    expect(() => yamlTarget('observability: {}\n')).toThrow('"# <file>.yaml"');
  });
});

describe('topLevelSection', () => {
  it('takes a key with its indented lines and comments, leaving the next key its comments', () => {
    const yaml =
      'a: 1\nobservability:\n  # why\n  x: 1\n\n  y: 2\n# about b\nb: 2\n';
    expect(topLevelSection(yaml, 'observability')).toBe(
      'observability:\n  # why\n  x: 1\n\n  y: 2\n',
    );
  });
});

describe('the root README', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it.each(['new', 'legacy'] as const)(
    'has install steps for the %s frontend system, each one it can apply',
    frontend => {
      const steps = installSteps(readme, frontend);
      expect(steps.map(s => s.language)).toEqual(
        expect.arrayContaining(['sh', 'diff', 'yaml']),
      );
      for (const step of steps) {
        if (step.language === 'diff')
          expect(diffTarget(step.body)).toMatch(/^packages\//);
        if (step.language === 'yaml')
          expect(yamlTarget(step.body)).toBe('app-config.yaml');
      }
    },
  );
});
