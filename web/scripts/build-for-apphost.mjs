// Run by the AppHost (resource "web"): installs dependencies unless a completed npm ci is recorded, then builds the
// app once ("npm run build", skipped when a completed build is newer than every source), or keeps rebuilding it with
// --watch. Each step records its completion (setup-state.mjs), so a run stopped half-way is redone next time.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildMarker, buildReason, installReason, markBuilt, markInstalled } from './setup-state.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const watch = process.argv.includes('--watch');
const web = '.';

let child = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child?.kill(signal);
    process.exit(1);
  });
}

function run(args) {
  return new Promise((resolve) => {
    child = spawn(npm, args, { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const install = installReason(web);
if (install) {
  // npm ci removes node_modules itself, whatever state it is in.
  console.log(`web: ${install}, running npm ci`);
  const code = await run(['ci', '--no-audit', '--no-fund']);
  if (code !== 0) process.exit(code);
  markInstalled(web);
}

if (watch) {
  process.exit(await run(['run', 'watch']));
}

const build = buildReason(web);
if (!build) {
  console.log('web: the last completed build is newer than the sources, not rebuilding');
  process.exit(0);
}

console.log(`web: ${build}, building`);
// The marker goes first: a build stopped from here on must not count as complete.
rmSync(buildMarker, { force: true });
const code = await run(['run', 'build']);
if (code === 0) markBuilt(web);
process.exit(code);
