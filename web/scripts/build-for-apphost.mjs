// Run by the AppHost (resource "web"): installs dependencies when node_modules is missing, then builds the app
// once ("npm run build", skipped when the build is newer than every source), or keeps rebuilding it with --watch.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const watch = process.argv.includes('--watch');
const output = 'dist/web/browser/index.html';
const sources = ['src', 'public', 'angular.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.app.json'];

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

/** Newest modification time of a file or, recursively, of the files in a folder. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

if (!existsSync('node_modules')) {
  console.log('web: node_modules is missing, running npm ci');
  const code = await run(['ci', '--no-audit', '--no-fund']);
  if (code !== 0) process.exit(code);
}
if (!watch && newest(output) > Math.max(...sources.map(newest))) {
  console.log(`web: ${output} is newer than the sources, not rebuilding`);
  process.exit(0);
}
process.exit(await run(['run', watch ? 'watch' : 'build']));
