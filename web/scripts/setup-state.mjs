// What an interrupted first run leaves behind, and how build-for-apphost.mjs tells: a marker written only after a
// step completed. node_modules without its marker (the stack stopped during npm ci) is installed again; a build
// without its marker (stopped during ng build) is built again. Pure functions of a folder, so they are tested on a
// temporary one (setup-state.test.mjs).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Written into node_modules after npm ci succeeded: the hash of the package-lock.json it installed. */
export const installMarker = join('node_modules', '.platform-installed');
/** Written next to the served folder after ng build succeeded (outside it, so it is never served). */
export const buildMarker = join('dist', 'web', '.platform-built');
/** What the build reads: newer than the build marker means a rebuild. */
export const sources = ['src', 'public', 'angular.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.app.json'];

function lockHash(web) {
  const lock = join(web, 'package-lock.json');
  return existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'no-lock';
}

/** Newest modification time of a file or, recursively, of the files in a folder (0 when missing). */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Why npm ci must run, or null when node_modules is complete for the current package-lock.json. */
export function installReason(web) {
  if (!existsSync(join(web, 'node_modules'))) return 'node_modules is missing';
  const marker = join(web, installMarker);
  if (!existsSync(marker)) return 'node_modules is incomplete (an earlier npm ci did not finish)';
  if (readFileSync(marker, 'utf8').trim() !== lockHash(web)) return 'package-lock.json changed since npm ci';
  return null;
}

export function markInstalled(web) {
  writeFileSync(join(web, installMarker), lockHash(web) + '\n');
}

/** Why ng build must run, or null when the last build completed and is newer than every source. */
export function buildReason(web) {
  const marker = join(web, buildMarker);
  if (!existsSync(marker)) return 'no complete build (none yet, or an earlier build did not finish)';
  if (!existsSync(join(web, 'dist', 'web', 'browser', 'index.html'))) return 'the build output is missing index.html';
  if (Math.max(...sources.map((s) => newest(join(web, s)))) >= statSync(marker).mtimeMs) return 'sources changed since the last build';
  return null;
}

export function markBuilt(web) {
  const marker = join(web, buildMarker);
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, new Date().toISOString() + '\n');
}
