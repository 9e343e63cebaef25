// Prints one line per test phase, the name and first error line of every
// failed test (CI shows only the end of the log), and the closing
// "N passed, N failed" line, from the result files Jest and Playwright wrote.
import { existsSync, readFileSync } from 'node:fs';

const [jestFile, playwrightFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;

const failures = [];

function firstLine(message = '') {
  // Jest and Playwright colour their messages; CI logs are plain text.
  const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
  return (
    plain
      .split('\n')
      .find(line => line.trim())
      ?.trim() ?? ''
  );
}

function read(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const jest = read(jestFile);
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
  console.log(
    `unit and integration (jest): ${jest.numPassedTests} passed, ${jest.numFailedTests} failed` +
      (jest.numRuntimeErrorTestSuites
        ? `, ${jest.numRuntimeErrorTestSuites} suites did not run`
        : ''),
  );
  for (const suite of jest.testResults) {
    const failedTests = suite.assertionResults.filter(
      t => t.status === 'failed',
    );
    for (const test of failedTests) {
      failures.push(
        `jest ${suite.name}: ${test.fullName}: ${firstLine(
          test.failureMessages?.[0],
        )}`,
      );
    }
    if (!failedTests.length && suite.status === 'failed') {
      failures.push(
        `jest ${suite.name}: did not run: ${firstLine(suite.message)}`,
      );
    }
  }
} else {
  failed += 1;
  console.log(
    'unit and integration (jest): no results (the run did not finish)',
  );
}

const playwright = read(playwrightFile);
if (playwright) {
  const { expected, unexpected, flaky } = playwright.stats;
  passed += expected + flaky;
  failed += unexpected;
  console.log(
    `end-to-end (playwright): ${expected + flaky} passed, ${unexpected} failed`,
  );
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status !== 'unexpected') continue;
        const last = test.results.at(-1);
        const where = `${spec.file}:${spec.line}`;
        failures.push(
          `playwright ${where}: ${[...titles, spec.title].join(
            ' › ',
          )}: ${firstLine(last?.error?.message)}`,
        );
      }
    }
    for (const child of suite.suites ?? [])
      visit(child, [...titles, child.title]);
  };
  // The top-level suites are the spec files, already named by `where`.
  for (const suite of playwright.suites ?? []) visit(suite, []);
} else {
  failed += 1;
  console.log('end-to-end (playwright): no results (the run did not finish)');
}

for (const failure of failures) console.log(`  failed: ${failure}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
