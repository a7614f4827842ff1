// Runs the Angular unit tests (Vitest) once and ends with one line "N passed, N failed" that CI reads.
// The counts come from Vitest's JSON report (see the test target's reporters in angular.json).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = '.angular/unit-test-results.json';
rmSync(report, { force: true });

const run = spawnSync('npx', ['ng', 'test', '--watch=false', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CI: 'true' },
});

if (!existsSync(report)) {
  console.error(`Unit tests did not run: no report at ${report} (ng test exited with ${run.status}).`);
  process.exit(run.status || 1);
}

const { numPassedTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8'));
console.log(`${numPassedTests} passed, ${numFailedTests} failed`);
process.exit(run.status ?? 1);
