#!/usr/bin/env node
// `npm run demo`: build the extension, set up the offline VS Code host (code-server 4.100.3, see
// scripts/vscode-host.mjs) and serve VS Code on loopback with the extension loaded from this
// repository (as an extension development path) and examples/acme-isms opened directly (edits are
// real). Prints the URL to open; runs until Ctrl-C.
//
//   node scripts/demo.mjs [--no-build] [--port N] [--folder path]
//
// The browser profile state (user data, extensions) is kept in .vscode-test/demo/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost, HostSetupError } from './vscode-host.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

function portFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

async function pickPort() {
  const wanted = Number(opt('--port') ?? process.env.DEMO_PORT ?? 8080);
  if (await portFree(wanted)) return wanted;
  if (opt('--port')) throw new Error(`port ${wanted} is in use`);
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

let server;

async function main() {
  const folder = resolve(root, opt('--folder') ?? 'examples/acme-isms');
  if (!existsSync(folder)) throw new Error(`${folder} does not exist`);
  if (!args.includes('--no-build')) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('node scripts/build.mjs failed');
  }
  const host = ensureHost();
  const demoDir = join(root, '.vscode-test', 'demo');
  const userDataDir = join(demoDir, 'user-data');
  const extensionsDir = join(demoDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = join(userDataDir, 'User', 'settings.json');
  let current = {};
  try { current = JSON.parse(readFileSync(settings, 'utf8')); } catch { /* new or hand-edited with comments: keep defaults */ }
  writeFileSync(settings, JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never', ...current,
  }, null, 2));
  const port = await pickPort();
  const env = { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' };
  for (const k of Object.keys(env)) if (k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('VSCODE_')) delete env[k];
  server = spawn(host.nodeBin, [host.codeServerEntry,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    setTimeout(() => { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } process.exit(code); }, 1500).unref();
    server.once('exit', () => process.exit(code));
  };
  process.on('SIGINT', () => { console.log('\nstopping code-server'); stop(0); });
  process.on('SIGTERM', () => stop(0));
  server.stderr.on('data', (d) => process.stderr.write(d));
  server.stdout.on('data', (d) => { if (process.env.DEMO_VERBOSE) process.stdout.write(d); });
  server.on('exit', (code, signal) => { if (!stopping) { console.error(`code-server exited (${code ?? signal})`); process.exit(1); } });

  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    if (i > 300) throw new Error('code-server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`]];
  const url = `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(`\nVS Code ${'1.100.3'} with ISMS as Code (from ${root}) on ${folder}:\n\n  ${url}\n`);
  console.log('Open it in a browser on this machine (forward the port for a remote one: ssh -L ' +
    `${port}:127.0.0.1:${port} …). The extension is loaded from the repository: rebuild (node scripts/build.mjs) ` +
    'and reload the window to pick up changes. Ctrl-C stops.');
}

main().catch((e) => {
  if (server?.pid) { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } }
  console.error(e instanceof HostSetupError ? e.message : `demo failed: ${e.message}`);
  process.exit(1);
});
