#!/usr/bin/env node
// Set up an offline VS Code 1.100.3 host for the integration suites: code-server 4.100.3 from the
// npm registry, its native modules rebuilt for this Node, Debian's ripgrep in place of the
// downloaded one. Everything lives in the git-ignored `.vscode-test/`. Idempotent: a marker file
// written on success makes later runs return at once. See DESIGN.md "Testing in a real VS Code,
// offline" for why each step is needed.
//
//   node scripts/vscode-host.mjs            set up (or verify the cached set-up)
//   node scripts/vscode-host.mjs --force    redo every step
//
// Exported for the runners: ensureHost() -> { codeServerBin, nodeBin, chromium, root }.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, symlinkSync, lstatSync, copyFileSync, chmodSync, readlinkSync, unlinkSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_DIR = join(repoRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const MARKER = join(HOST_DIR, '.isms-host-ready.json');
const PKG_DIR = join(HOST_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = join(PKG_DIR, 'lib', 'vscode');
const NATIVE_MODULES = ['node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', 'kerberos', '@vscode/deviceid'];

export class HostSetupError extends Error {}

/** Locate a program on PATH (or at one of the given absolute candidates). */
function which(name, candidates = []) {
  for (const c of candidates) if (existsSync(c)) return c;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new HostSetupError(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = which('chromium', ['/usr/bin/chromium']) ?? which('chromium-browser');
  if (!found) throw new HostSetupError('chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

function findRipgrep() {
  const found = which('rg', ['/usr/bin/rg']);
  if (!found) throw new HostSetupError('rg not found: apt-get install -y ripgrep');
  return found;
}

function hostPaths(chromium) {
  return {
    root: HOST_DIR,
    packageDir: PKG_DIR,
    vscodeDir: VSCODE_DIR,
    codeServerEntry: join(PKG_DIR, 'out', 'node', 'entry.js'),
    nodeBin: process.execPath,
    chromium,
  };
}

/**
 * Node headers for node-gyp: use the ones installed next to this Node (Debian/NodeSource put them in
 * <prefix>/include/node) so native rebuilds never try to download them from nodejs.org.
 */
function nodeDirEnv() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? { npm_config_nodedir: prefix } : {};
}

function run(step, cmd, args, cwd, extraEnv = {}, log) {
  const t0 = Date.now();
  log(`  ${step} …`);
  const res = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...nodeDirEnv(), ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error || res.status !== 0) {
    const out = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new HostSetupError(`host set-up failed at "${step}" (${cmd} ${args.join(' ')} in ${cwd}): ${res.error?.message ?? `exit ${res.status}`}\n${out}`);
  }
  log(`  ${step} done (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
}

function readMarker() {
  try {
    const m = JSON.parse(readFileSync(MARKER, 'utf8'));
    if (m.codeServer === CODE_SERVER_VERSION && m.node === process.versions.modules && existsSync(join(PKG_DIR, 'out', 'node', 'entry.js'))) return m;
  } catch { /* no marker */ }
  return undefined;
}

/**
 * Make sure the host is set up; returns the paths the runners need. Fast (no spawning) when the
 * marker exists. Throws HostSetupError with one clear message when a step fails.
 */
export function ensureHost({ force = false, log = (s) => console.error(s) } = {}) {
  const chromium = findChromium();
  if (!force && readMarker()) return hostPaths(chromium);
  const rg = findRipgrep();
  const npm = which('npm');
  if (!npm) throw new HostSetupError('npm not found on PATH');
  const t0 = Date.now();
  log(`setting up VS Code ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) in ${HOST_DIR}`);
  if (force) rmSync(HOST_DIR, { recursive: true, force: true });
  rmSync(MARKER, { force: true });
  mkdirSync(HOST_DIR, { recursive: true });
  if (!existsSync(join(HOST_DIR, 'package.json'))) {
    writeFileSync(join(HOST_DIR, 'package.json'), JSON.stringify({ name: 'isms-vscode-host', private: true }, null, 2) + '\n');
  }

  // 1. code-server itself, without its postinstall (which would try to download things).
  if (!existsSync(join(PKG_DIR, 'package.json')) || JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8')).version !== CODE_SERVER_VERSION) {
    run(`npm install code-server@${CODE_SERVER_VERSION}`, npm, ['install', '--no-save', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], HOST_DIR, {}, log);
  }
  // 2. VS Code's own production dependencies, then their native modules for this Node.
  run('npm install in lib/vscode', npm, ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], VSCODE_DIR, {}, log);
  run(`npm rebuild ${NATIVE_MODULES.join(' ')}`, npm, ['rebuild', '--foreground-scripts', ...NATIVE_MODULES], VSCODE_DIR, {}, log);
  // 3. VS Code loads node_modules.asar in production; point it at the unpacked folder.
  const asar = join(VSCODE_DIR, 'node_modules.asar');
  let linkOk = false;
  try { linkOk = lstatSync(asar).isSymbolicLink() && readlinkSync(asar) === 'node_modules'; } catch { /* missing */ }
  if (!linkOk) {
    rmSync(asar, { recursive: true, force: true });
    symlinkSync('node_modules', asar);
  }
  // 4. Built-in extensions' dependencies.
  run('npm install in lib/vscode/extensions', npm, ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], join(VSCODE_DIR, 'extensions'), {}, log);
  // 5. argon2 (code-server's password hashing) is hoisted next to code-server.
  if (existsSync(join(HOST_DIR, 'node_modules', 'argon2'))) {
    run('npm rebuild argon2', npm, ['rebuild', '--foreground-scripts', 'argon2'], HOST_DIR, {}, log);
  }
  // 6. Debian's ripgrep where @vscode/ripgrep would have downloaded its binary.
  const rgDir = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  const rgDest = join(rgDir, 'rg');
  try { unlinkSync(rgDest); } catch { /* absent */ }
  copyFileSync(rg, rgDest);
  chmodSync(rgDest, 0o755);
  // 7. Sanity check: the server entry exists and the native modules load.
  const entry = join(PKG_DIR, 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new HostSetupError(`host set-up failed: ${entry} missing after install`);
  const probe = spawnSync(process.execPath, ['-e', "for (const m of ['node-pty','@vscode/spdlog','@parcel/watcher']) require(m)"], { cwd: VSCODE_DIR, encoding: 'utf8' });
  if (probe.status !== 0) throw new HostSetupError(`host set-up failed: native modules do not load: ${probe.stderr.trim().split('\n').slice(-5).join('\n')}`);

  writeFileSync(MARKER, JSON.stringify({ codeServer: CODE_SERVER_VERSION, vscode: VSCODE_VERSION, node: process.versions.modules, date: new Date().toISOString() }, null, 2) + '\n');
  log(`host ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return hostPaths(chromium);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  try {
    const paths = ensureHost({ force: process.argv.includes('--force') });
    console.log(`VS Code host ready: ${paths.packageDir} (chromium: ${paths.chromium}) [${Date.now() - t0} ms]`);
  } catch (e) {
    console.error(e instanceof HostSetupError ? e.message : e);
    process.exit(1);
  }
}
