// Prints one line per test phase and the closing "N passed, N failed" line
// from the result files that Jest and Playwright wrote.
import { existsSync, readFileSync } from 'node:fs';

const [jestFile, playwrightFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;

function read(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const jest = read(jestFile);
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
  console.log(
    `unit and integration (jest): ${jest.numPassedTests} passed, ${jest.numFailedTests} failed` +
      (jest.numRuntimeErrorTestSuites ? `, ${jest.numRuntimeErrorTestSuites} suites did not run` : ''),
  );
} else {
  failed += 1;
  console.log('unit and integration (jest): no results (the run did not finish)');
}

const playwright = read(playwrightFile);
if (playwright) {
  const { expected, unexpected, flaky } = playwright.stats;
  passed += expected + flaky;
  failed += unexpected;
  console.log(`end-to-end (playwright): ${expected + flaky} passed, ${unexpected} failed`);
} else {
  failed += 1;
  console.log('end-to-end (playwright): no results (the run did not finish)');
}

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
