// The install steps of the root README, read and applied the way the install
// test does it, so that the README is what is proven to work.
//
// A step is a fenced code block right after a marker naming the apps it is for:
//
//   <!-- install: new legacy -->
//   ```sh
//
// `sh` blocks run in the app's root; `diff` blocks change the file named in
// their `+++ b/…` header; `yaml` blocks are appended to the file named by their
// first line (`# app-config.yaml`). Plain ESM without import.meta, so Jest can
// load it for its tests.

const STEP = /^<!-- install: ([a-z ]+) -->\n+```(\w+)\n([\s\S]*?)^```$/gm;
const FRONTENDS = ['new', 'legacy'];

/**
 * The steps for one frontend system (`new` or `legacy`), in README order,
 * each with the line it starts on so failures can point at it.
 */
export function installSteps(markdown, frontend) {
  const steps = [];
  for (const match of markdown.matchAll(STEP)) {
    const [, apps, language, body] = match;
    const line = markdown.slice(0, match.index).split('\n').length;
    const targets = apps.trim().split(/\s+/);
    const unknown = targets.filter(t => !FRONTENDS.includes(t));
    if (unknown.length > 0) {
      throw new Error(
        `README line ${line}: unknown app ${unknown.join(
          ', ',
        )} in the install marker; use ${FRONTENDS.join(' and/or ')}`,
      );
    }
    if (!['sh', 'diff', 'yaml'].includes(language)) {
      throw new Error(
        `README line ${line}: install steps are sh, diff or yaml blocks, not ${language}`,
      );
    }
    if (targets.includes(frontend)) steps.push({ language, body, line });
  }
  return steps;
}

/** The file a `diff` step changes, from its `+++ b/<path>` header. */
export function diffTarget(diff) {
  const header = /^\+\+\+ b\/(\S+)$/m.exec(diff);
  if (!header) throw new Error('a diff step needs a "+++ b/<path>" header');
  return header[1];
}

/** The file a `yaml` step is appended to, from its first line `# <path>`. */
export function yamlTarget(yaml) {
  const comment = /^# (\S+\.ya?ml)\n/.exec(yaml);
  if (!comment) {
    throw new Error('a yaml step starts with a "# <file>.yaml" comment line');
  }
  return comment[1];
}

/**
 * Applies a unified diff whose hunks carry no line numbers (`@@ what @@`):
 * each hunk's context and removed lines must occur exactly once in the file,
 * so a README that no longer matches create-app's files fails loudly instead
 * of editing the wrong place.
 */
export function applyDiff(source, diff) {
  const lines = diff.split('\n');
  const hunks = [];
  for (const line of lines) {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) continue;
    if (line.startsWith('@@')) {
      hunks.push({ title: line, before: [], after: [] });
      continue;
    }
    const hunk = hunks[hunks.length - 1];
    if (!hunk) {
      if (line.trim() === '') continue;
      throw new Error(`diff line before the first @@: ${line}`);
    }
    // Editors and formatters drop the space that marks an empty context line.
    const marker = line === '' ? ' ' : line[0];
    if (!' -+'.includes(marker)) {
      throw new Error(`diff line must start with " ", "-" or "+": ${line}`);
    }
    const text = line.slice(1);
    if (marker !== '+') hunk.before.push(text);
    if (marker !== '-') hunk.after.push(text);
  }
  let result = source;
  for (const { title, before, after } of hunks) {
    // Trailing empty context lines are the end of the block, not content.
    while (before.length && before[before.length - 1] === '') {
      before.pop();
      after.pop();
    }
    if (before.length === 0) {
      throw new Error(`${title}: a hunk needs context lines to find its place`);
    }
    const needle = before.join('\n');
    const at = lineAlignedOccurrences(result, needle);
    if (at.length !== 1) {
      throw new Error(
        `${title}: the lines starting "${before[0].trim()}" occur ${
          at.length
        } times in the file, not once`,
      );
    }
    result =
      result.slice(0, at[0]) +
      after.join('\n') +
      result.slice(at[0] + needle.length);
  }
  return result;
}

function lineAlignedOccurrences(text, needle) {
  const found = [];
  for (
    let i = text.indexOf(needle);
    i !== -1;
    i = text.indexOf(needle, i + 1)
  ) {
    const startsLine = i === 0 || text[i - 1] === '\n';
    const end = i + needle.length;
    const endsLine = end === text.length || text[end] === '\n';
    if (startsLine && endsLine) found.push(i);
  }
  return found;
}

/**
 * A README command with each `@sightline/<package>` it installs taken from
 * the packed tarball instead of the registry (`@sightline/x@file:/…/x.tgz`).
 * Naming a package that was not packed is an error: the README would tell
 * users to install something that does not exist.
 */
export function installFromTarballs(command, tarballs) {
  return command.replace(
    /(?<![\w@/.-])@sightline\/[a-z0-9-]+(?![\w@/.-])/g,
    name => {
      const tarball = tarballs.get(name);
      if (!tarball) {
        throw new Error(
          `the README installs ${name}, which is not one of the packages (${[
            ...tarballs.keys(),
          ].join(', ')})`,
        );
      }
      return `${name}@file:${tarball}`;
    },
  );
}

/**
 * The text of one top-level key of a YAML file, with its comments; comments
 * right before the next key are that key's.
 */
export function topLevelSection(yaml, key) {
  const match = new RegExp(`^${key}:\\n(?:(?:[ #].*)?\\n)*`, 'm').exec(yaml);
  if (!match) throw new Error(`no top-level "${key}:" section`);
  return match[0].replace(/(?:\n(?:#.*)?)+$/, '\n');
}
