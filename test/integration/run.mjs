#!/usr/bin/env node
// Runs the integration suites (test/integration/suites/<name>/) inside a real VS Code 1.100.3:
// code-server (set up by scripts/vscode-host.mjs) driven by headless Debian Chromium through
// playwright-core. See test/integration/README.md.
//
//   node test/integration/run.mjs [--no-build] [suite ...]
//   node test/integration/run.mjs --bundle-only [suite ...]   (build + bundle only, for test:electron)
//
// Environment: ISMS_IT_SUITE_TIMEOUT (ms, default 300000) per suite, ISMS_IT_TEST_TIMEOUT (ms,
// default 20000) per test, ISMS_IT_KEEP_TMP=1 keeps the temporary workspace/user-data folders,
// CHROMIUM_PATH overrides /usr/bin/chromium.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ensureHost, HostSetupError } from '../../scripts/vscode-host.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suitesDir = join(repoRoot, 'test', 'integration', 'suites');
const outRoot = join(repoRoot, 'out', 'integration');
const resultsRoot = join(repoRoot, '.test-results');
const SUMMARY_PREFIX = '@@ISMS-IT-SUMMARY ';
/** A suite asks for a screenshot of the real window: `@@ISMS-IT-SCREENSHOT <absolute png path>`. */
const SCREENSHOT_PREFIX = '@@ISMS-IT-SCREENSHOT ';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Names of all suites (folders with a suite.json), sorted; benchmark suites ("bench": true) only when `benches`. */
export function listSuites({ benches = false } = {}) {
  if (!existsSync(suitesDir)) return [];
  const isBench = (n) => { try { return JSON.parse(readFileSync(join(suitesDir, n, 'suite.json'), 'utf8')).bench === true; } catch { return false; } };
  return readdirSync(suitesDir).filter((n) => existsSync(join(suitesDir, n, 'suite.json')) && (benches || !isBench(n))).sort();
}

/** Read and check a suite's suite.json. */
export function readSuite(name) {
  const dir = join(suitesDir, name);
  const file = join(dir, 'suite.json');
  if (!existsSync(file)) throw new Error(`no suite "${name}": ${file} not found (suites: ${listSuites().join(', ') || 'none'})`);
  let config;
  try { config = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new Error(`${file}: invalid JSON: ${e.message}`); }
  if (typeof config.workspace !== 'string') throw new Error(`${file}: "workspace" (path relative to the repo root) is required`);
  const workspace = resolve(repoRoot, config.workspace);
  if (!existsSync(workspace) || !statSync(workspace).isDirectory()) throw new Error(`${file}: workspace ${config.workspace} is not a folder`);
  const tests = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort();
  if (tests.length === 0) throw new Error(`suite ${name} has no *.test.ts files`);
  if (config.install !== undefined && config.install !== 'vsix') throw new Error(`${file}: "install" can only be "vsix"`);
  return { name, dir, workspace, workspaceFile: typeof config.workspaceFile === 'string' ? config.workspaceFile : undefined, settings: config.settings ?? {}, untrusted: config.untrusted === true, installVsix: config.install === 'vsix', tests };
}

/**
 * Bundle a suite: out/integration/<name>/tests.js (all *.test.ts, helpers included, TDD globals) and
 * out/integration/<name>/index.js (the in-host runner exporting run()). vscode and mocha stay external.
 */
export async function bundleSuite(suite) {
  const outDir = join(outRoot, suite.name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'error', external: ['vscode', 'mocha'] };
  await build({
    ...common,
    stdin: { contents: suite.tests.map((t) => `require(${JSON.stringify('./' + t)});`).join('\n'), resolveDir: suite.dir, sourcefile: `${suite.name}-tests.js`, loader: 'js' },
    outfile: join(outDir, 'tests.js'),
  });
  await build({ ...common, entryPoints: [join(repoRoot, 'test', 'integration', 'host', 'index.ts')], outfile: join(outDir, 'index.js') });
  return { outDir, index: join(outDir, 'index.js'), tests: join(outDir, 'tests.js') };
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('code-server exited before it listened');
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) { last = e.message; }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms (${last})`);
}

/** PIDs of all descendants of `pid` (from /proc), deepest last. */
/** esbuild's long-lived service process, shared by every suite's bundling. */
function isEsbuildService(pid) {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('esbuild'); } catch { return false; }
}

function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* gone */ }
  }
  const out = [];
  const walk = (p) => { for (const c of children.get(p) ?? []) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Environment for code-server: ours plus `extra`, without variables of an enclosing VS Code. */
export function serverEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) {
    if (k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('VSCODE_')) delete env[k];
  }
  return env;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Safely turn whatever the page passes to codeAutomationExit/Log into text. */
function stringify(v) {
  if (typeof v === 'string') return v;
  try { return JSON.stringify(v, null, 2); } catch { return String(v); }
}

/**
 * Run one suite in a fresh code-server + Chromium. Returns
 * { name, passed, failed, pending, exitCode, crashed, error?, durationMs }.
 */
export async function runSuite(name, { host, log = (s) => process.stdout.write(s + '\n') } = {}) {
  const t0 = Date.now();
  // Children that exist before the suite (e.g. esbuild's service) are not the suite's to kill.
  const preexisting = new Set(descendants(process.pid));
  const result = { name, passed: 0, failed: 0, pending: 0, exitCode: undefined, crashed: false, error: undefined, durationMs: 0 };
  const suiteTimeout = Number(process.env.ISMS_IT_SUITE_TIMEOUT) || 5 * 60 * 1000;
  const keepTmp = process.env.ISMS_IT_KEEP_TMP === '1';
  const tmpRoot = mkdtempSync(join(tmpdir(), `isms-it-${name}-`));
  let workspace = join(tmpRoot, 'workspace');
  const userDataDir = join(tmpRoot, 'user-data');
  const extensionsDir = join(tmpRoot, 'extensions');
  const reportFile = join(tmpRoot, 'report.log');
  const serverLogFile = join(tmpRoot, 'code-server.log');
  const consoleLines = [];
  let hostLogs;
  let server;
  let browser;
  let page;
  let tailPos = 0;
  let tailBuf = '';
  let summary;

  const tail = (final = false) => {
    if (!existsSync(reportFile)) return;
    const fd = openSync(reportFile, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      let n;
      while ((n = readSync(fd, buf, 0, buf.length, tailPos)) > 0) { tailPos += n; tailBuf += buf.toString('utf8', 0, n); }
    } finally { closeSync(fd); }
    const lines = tailBuf.split('\n');
    tailBuf = lines.pop();
    if (final && tailBuf) { lines.push(tailBuf); tailBuf = ''; }
    for (const line of lines) {
      if (line.startsWith(SUMMARY_PREFIX)) {
        try { summary = JSON.parse(line.slice(SUMMARY_PREFIX.length)); } catch { /* ignore */ }
      } else if (line.startsWith(SCREENSHOT_PREFIX)) {
        // Taken by the browser; `<path>.done` tells the waiting test it is written (or failed).
        const target = line.slice(SCREENSHOT_PREFIX.length).trim();
        const done = (message) => { try { writeFileSync(`${target}.done`, message); } catch { /* the test times out */ } };
        if (page) page.screenshot({ path: target, timeout: 10000 }).then(() => done('ok'), (e) => done(`failed: ${e.message}`));
        else done('failed: no page');
      } else {
        log(`    ${line}`);
      }
    }
  };

  log(`\n▶ suite ${name}`);
  try {
    const suite = readSuite(name);
    const bundle = await bundleSuite(suite);
    workspace = join(tmpRoot, basename(suite.workspace)); // keeps the folder name the tests/screenshots see
    cpSync(suite.workspace, workspace, { recursive: true });
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'git.openRepositoryInParentFolders': 'never',
      // "untrusted": true in suite.json opens the workspace in Restricted Mode, without asking.
      ...(suite.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
      ...suite.settings,
    }, null, 2));
    writeFileSync(reportFile, '');
    // "install": "vsix": the shipped artefact, not the repository, is under test. The .vsix is built
    // by `npm run package` and installed with --install-extension as a user would; the development
    // path is then an empty harness extension, so the installed copy is the only isms-as-code.
    let developmentPath = repoRoot;
    if (suite.installVsix) {
      const vsix = join(tmpRoot, 'isms-as-code.vsix');
      log(`  npm run package -- --out ${vsix}`);
      const packaged = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: repoRoot, encoding: 'utf8', env: serverEnv() });
      if (packaged.status !== 0) throw new Error(`npm run package failed (${packaged.status ?? packaged.signal}): ${(packaged.stderr || packaged.stdout).trim().split('\n').slice(-3).join(' / ')}`);
      const installed = spawnSync(host.nodeBin, [host.codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { cwd: tmpRoot, encoding: 'utf8', env: serverEnv(), timeout: 120000 });
      const said = `${installed.stdout}${installed.stderr}`.trim();
      if (installed.status !== 0 || !/successfully installed/i.test(said)) throw new Error(`code-server --install-extension failed (${installed.status ?? installed.signal}): ${said.split('\n').slice(-3).join(' / ')}`);
      log(`  ${said.split('\n').filter((l) => /installed/i.test(l)).pop()}`);
      developmentPath = join(tmpRoot, 'harness');
      mkdirSync(developmentPath);
      writeFileSync(join(developmentPath, 'package.json'), JSON.stringify({ name: 'isms-installed-harness', publisher: 'isms-test', version: '0.0.0', engines: { vscode: '^1.90.0' } }));
    }

    const port = await freePort();
    const serverLog = createWriteStream(serverLogFile);
    server = spawn(host.nodeBin, [host.codeServerEntry,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      ...(suite.untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
      '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir], {
      cwd: tmpRoot,
      detached: true, // own process group: killed as a whole below
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv({ EXTENSIONS_GALLERY: '{"serviceUrl":""}', ISMS_IT_REPORT_FILE: reportFile, ISMS_IT_SUITE: name, ISMS_IT_EXTENSIONS_DIR: extensionsDir }),
    });
    server.stdout.pipe(serverLog);
    server.stderr.pipe(serverLog);
    let serverExit;
    server.on('exit', (code, signal) => { serverExit = { code, signal }; });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60000, () => !serverExit);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: host.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    page = await context.newPage();
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.stack ?? e.message}`));
    let exitResolve;
    const exited = new Promise((r) => { exitResolve = r; });
    await page.exposeFunction('codeAutomationExit', (...args) => {
      const code = args.find((a) => typeof a === 'number');
      hostLogs = args.find((a) => a && typeof a === 'object');
      exitResolve(typeof code === 'number' ? code : (args.length ? Number(args[0]) || 0 : 0));
    });
    await page.exposeFunction('codeAutomationLog', (...args) => { consoleLines.push(`[codeAutomationLog] ${args.map(stringify).join(' ')}`); });

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(developmentPath)], ['extensionTestsPath', remote(bundle.index)]];
    // "workspaceFile" in suite.json opens a .code-workspace inside the copied folder (multi-root).
    const target = suite.workspaceFile ? `workspace=${encodeURIComponent(join(workspace, suite.workspaceFile))}` : `folder=${encodeURIComponent(workspace)}`;
    const url = `http://127.0.0.1:${port}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });

    const tailer = setInterval(() => tail(), 200);
    let timer;
    const outcome = await Promise.race([
      exited.then((code) => ({ code })),
      new Promise((r) => { timer = setTimeout(() => r({ timeout: true }), suiteTimeout); }),
      new Promise((r) => { const iv = setInterval(() => { if (serverExit) { clearInterval(iv); r({ serverExit }); } }, 500); exited.then(() => clearInterval(iv)); }),
    ]);
    clearTimeout(timer);
    clearInterval(tailer);
    await sleep(100);
    tail(true);
    if (outcome.timeout) throw new Error(`suite timed out after ${suiteTimeout} ms (ISMS_IT_SUITE_TIMEOUT)`);
    if (outcome.serverExit) throw new Error(`code-server exited unexpectedly (${stringify(outcome.serverExit)})`);
    result.exitCode = outcome.code;
    if (summary) {
      result.passed = summary.passed ?? 0;
      result.failed = summary.failed ?? 0;
      result.pending = summary.pending ?? 0;
      if (summary.crashed) result.crashed = true;
    } else {
      result.crashed = true;
      result.error = 'the extension host ended without a test summary (did run() load? see the browser console and host logs)';
    }
    if (outcome.code !== 0 && result.failed === 0) {
      result.crashed = true;
      result.error ??= `the extension host exited with code ${outcome.code} but no test failed`;
    }
  } catch (e) {
    tail(true);
    result.crashed = true;
    result.error = e instanceof Error ? e.message : String(e);
  }
  if (result.crashed && result.failed === 0) result.failed = 1;
  result.durationMs = Date.now() - t0;

  const failed = result.failed > 0 || result.crashed;
  if (failed) {
    const dir = join(resultsRoot, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try { if (page) await page.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10000 }); } catch (e) { consoleLines.push(`[runner] screenshot failed: ${e.message}`); }
    writeFileSync(join(dir, 'browser-console.log'), consoleLines.join('\n') + '\n');
    try { if (existsSync(serverLogFile)) cpSync(serverLogFile, join(dir, 'code-server.log')); } catch { /* ignore */ }
    try { if (existsSync(reportFile)) cpSync(reportFile, join(dir, 'mocha.log')); } catch { /* ignore */ }
    if (Array.isArray(hostLogs)) {
      for (const entry of hostLogs) {
        if (!entry || typeof entry.relativePath !== 'string') continue;
        const target = join(dir, 'host-logs', entry.relativePath.replace(/\.\.+/g, '_'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, typeof entry.contents === 'string' ? entry.contents : stringify(entry.contents));
      }
    } else if (hostLogs !== undefined) {
      writeFileSync(join(dir, 'host-logs.json'), stringify(hostLogs));
    }
    // The user-data logs folder holds the window, exthost and remote-agent logs.
    try { if (existsSync(join(userDataDir, 'logs'))) cpSync(join(userDataDir, 'logs'), join(dir, 'user-data-logs'), { recursive: true }); } catch { /* ignore */ }
    result.artifacts = dir;
  }

  // Always tear everything down: browser, code-server's process group, then any straggler.
  try { if (browser) await Promise.race([browser.close(), sleep(10000)]); } catch { /* ignore */ }
  if (server?.pid) {
    killGroup(server.pid, 'SIGTERM');
    for (let i = 0; i < 30 && alive(server.pid); i++) await sleep(100);
    killGroup(server.pid, 'SIGKILL');
  }
  for (const pid of descendants(process.pid)) {
    if (preexisting.has(pid) || isEsbuildService(pid)) continue;
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
  if (!keepTmp) rmSync(tmpRoot, { recursive: true, force: true });

  const secs = (result.durationMs / 1000).toFixed(1);
  if (failed) {
    log(`✗ suite ${name}: ${result.passed} passed, ${result.failed} failed${result.error ? ` — ${result.error}` : ''} (${secs}s); artefacts in ${result.artifacts}`);
  } else {
    log(`✓ suite ${name}: ${result.passed} passed, 0 failed${result.pending ? `, ${result.pending} pending` : ''} (${secs}s)`);
  }
  return result;
}

/** Build the extension (unless build === false), set up the host, run the suites one after another. */
export async function runSuites(names = [], { build: doBuild = true, log } = {}) {
  const all = listSuites();
  const selected = names.length ? names : all;
  // A benchmark suite runs only when named.
  const known = listSuites({ benches: true });
  const unknown = selected.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`unknown suite(s): ${unknown.join(', ')} (suites: ${all.join(', ') || 'none'})`);
  if (doBuild) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('node scripts/build.mjs failed');
  } else if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js missing: run node scripts/build.mjs (or drop --no-build)');
  }
  const host = ensureHost();
  const results = [];
  for (const name of selected) results.push(await runSuite(name, { host, log }));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  if (args.includes('--bundle-only')) {
    // For `npm run test:electron`: build the extension and bundle every suite for .vscode-test.mjs.
    try {
      const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('node scripts/build.mjs failed');
      for (const name of names.length ? names : listSuites()) {
        const b = await bundleSuite(readSuite(name));
        console.log(`bundled ${name} -> ${b.outDir}`);
      }
      process.exit(0);
    } catch (e) {
      console.error(e.message);
      process.exit(1);
    }
  }
  let results;
  try {
    results = await runSuites(names, { build: !args.includes('--no-build') });
  } catch (e) {
    console.error(e instanceof HostSetupError ? e.message : `integration tests could not run: ${e.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || results.some((r) => r.crashed) ? 1 : 0);
}
