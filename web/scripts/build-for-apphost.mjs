// Run by the AppHost (resource "web"): installs dependencies when node_modules is missing,
// then builds the app once ("npm run build"), or keeps rebuilding it with --watch ("npm run watch").
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
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

if (!existsSync('node_modules')) {
  console.log('web: node_modules is missing, running npm ci');
  const code = await run(['ci']);
  if (code !== 0) process.exit(code);
}
process.exit(await run(['run', process.argv.includes('--watch') ? 'watch' : 'build']));
