#!/usr/bin/env node
// `npm test`: build, unit tests (mocha, spec output), then every integration suite in the real
// VS Code host (set up on first use). The very last line is always `N passed, N failed` over unit +
// integration tests; the exit code is non-zero if anything failed or crashed.
//
//   node scripts/test.mjs [--no-unit] [--no-artefacts] [--no-integration] [suite ...]
// The shipped artefacts are tested as users get them: the npm tarball (scripts/tarball-check.mjs)
// and the .vsix installed into the host with --install-extension (integration suite `installed`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const suites = args.filter((a) => !a.startsWith('--'));
const totals = { passed: 0, failed: 0 };
const problems = [];

function section(title) { console.log(`\n=== ${title} ===`); }

function hasUnitTests(dir = join(root, 'test', 'unit')) {
  if (!existsSync(dir)) return false;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() ? hasUnitTests(join(dir, e.name)) : e.name.endsWith('.test.ts')) return true;
  }
  return false;
}

function runUnit() {
  section('unit tests');
  if (!hasUnitTests()) { console.log('no unit tests (test/unit/**/*.test.ts)'); return; }
  const tmp = mkdtempSync(join(tmpdir(), 'isms-unit-'));
  const statsFile = join(tmp, 'stats.json');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', join(root, 'scripts', 'mocha-stats-reporter.cjs')], {
    cwd: root, stdio: 'inherit', env: { ...process.env, ISMS_MOCHA_STATS: statsFile },
  });
  let stats;
  try { stats = JSON.parse(readFileSync(statsFile, 'utf8')); } catch { /* crashed before the end */ }
  rmSync(tmp, { recursive: true, force: true });
  if (stats) {
    totals.passed += stats.passed;
    totals.failed += stats.failed;
    if (r.status !== 0 && stats.failed === 0) { totals.failed += 1; problems.push(`mocha exited with ${r.status ?? r.signal} although no test failed`); }
    else if (stats.failed) problems.push(`${stats.failed} unit test(s) failed`);
  } else {
    totals.failed += 1;
    problems.push(`unit tests crashed (mocha exit ${r.status ?? r.signal}) before reporting`);
  }
}

async function runTarball() {
  section('shipped artefacts: the npm tarball (npm pack, installed into an empty folder, npx isms check)');
  try {
    const { checkTarball } = await import('./tarball-check.mjs');
    const r = checkTarball();
    totals.passed += r.passed;
    totals.failed += r.failed;
    problems.push(...r.problems);
  } catch (e) {
    console.error(`the tarball check could not run: ${e.message}`);
    totals.failed += 1;
    problems.push('the tarball check could not run');
  }
}

async function runIntegration() {
  section('integration tests (VS Code 1.100.3 via code-server + Chromium)');
  try {
    const { runSuites } = await import('../test/integration/run.mjs');
    const results = await runSuites(suites, { build: false });
    for (const r of results) {
      totals.passed += r.passed;
      totals.failed += r.failed;
      if (r.failed || r.crashed) problems.push(`integration suite ${r.name}: ${r.failed} failed${r.error ? ` (${r.error})` : ''}`);
    }
    if (results.length === 0) console.log('no integration suites');
  } catch (e) {
    console.error(`integration tests could not run: ${e.message}`);
    totals.failed += 1;
    problems.push('integration tests could not run');
  }
}

const t0 = Date.now();
section('build');
const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
const built = b.status === 0;
if (!built) { totals.failed += 1; problems.push('build failed (node scripts/build.mjs); integration tests skipped'); }
if (!args.includes('--no-unit')) runUnit();
if (built && !args.includes('--no-artefacts')) await runTarball();
// The .vsix is tested by the integration suite `installed` (suite.json "install": "vsix").
if (built && !args.includes('--no-integration')) await runIntegration();

console.log('');
for (const p of problems) console.log(`✗ ${p}`);
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)}s)`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
