// node --test scripts/setup-state.test.mjs: how an interrupted npm ci or ng build is told from a complete one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildReason, installReason, markBuilt, markInstalled } from './setup-state.mjs';

function webFolder() {
  const web = mkdtempSync(join(tmpdir(), 'web-setup-'));
  writeFileSync(join(web, 'package-lock.json'), '{"lockfileVersion":3}');
  mkdirSync(join(web, 'src'));
  writeFileSync(join(web, 'src', 'main.ts'), 'bootstrap();');
  return web;
}

/** Makes every source a minute old, so a build marker written now is newer. */
function ageSources(web) {
  const old = new Date(Date.now() - 60_000);
  for (const path of [join(web, 'package-lock.json'), join(web, 'src', 'main.ts')]) utimesSync(path, old, old);
}

test('no node_modules: install', () => {
  const web = webFolder();
  assert.match(installReason(web), /missing/);
  rmSync(web, { recursive: true });
});

test('node_modules left by an interrupted npm ci (no marker): install again', () => {
  const web = webFolder();
  mkdirSync(join(web, 'node_modules', '@angular', 'core'), { recursive: true });
  assert.match(installReason(web), /incomplete/);
  rmSync(web, { recursive: true });
});

test('completed npm ci: no install until package-lock.json changes', () => {
  const web = webFolder();
  mkdirSync(join(web, 'node_modules'));
  markInstalled(web);
  assert.equal(installReason(web), null);
  writeFileSync(join(web, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
  assert.match(installReason(web), /changed/);
  rmSync(web, { recursive: true });
});

test('build output without a completion marker (interrupted ng build): build again', () => {
  const web = webFolder();
  mkdirSync(join(web, 'dist', 'web', 'browser'), { recursive: true });
  writeFileSync(join(web, 'dist', 'web', 'browser', 'index.html'), '<html></html>');
  assert.match(buildReason(web), /no complete build/);
  rmSync(web, { recursive: true });
});

test('completed build: not rebuilt until a source changes', () => {
  const web = webFolder();
  ageSources(web);
  mkdirSync(join(web, 'dist', 'web', 'browser'), { recursive: true });
  writeFileSync(join(web, 'dist', 'web', 'browser', 'index.html'), '<html></html>');
  markBuilt(web);
  assert.equal(buildReason(web), null);
  writeFileSync(join(web, 'src', 'main.ts'), 'bootstrap(); // changed');
  assert.match(buildReason(web), /sources changed/);
  rmSync(web, { recursive: true });
});

test('marker present but index.html gone: build again', () => {
  const web = webFolder();
  ageSources(web);
  markBuilt(web);
  assert.match(buildReason(web), /index.html/);
  rmSync(web, { recursive: true });
});
