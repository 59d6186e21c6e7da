#!/usr/bin/env node
// The npm tarball as users get it: `npm pack`, installed into an empty folder (`npm install
// --prefer-offline`: yaml, ajv and minimatch are bundled into dist/; only the declared
// dependencies are fetched, from the npm cache when it has them), then `npx isms check` on a copy of
// the demo repository must give what the repository's own build gives. Each check prints ✓/✗ and
// counts in `npm test`'s last line.
//   node scripts/tarball-check.mjs   (after node scripts/build.mjs)
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function checkTarball({ log = (s) => console.log(s) } = {}) {
  const counts = { passed: 0, failed: 0, problems: [] };
  const tmp = mkdtempSync(join(tmpdir(), 'isms-tarball-'));
  const check = (name, fn) => {
    try {
      fn();
      counts.passed++;
      log(`  ✓ ${name}`);
      return true;
    } catch (e) {
      counts.failed++;
      counts.problems.push(`tarball: ${name}: ${e.message}`);
      log(`  ✗ ${name}\n      ${e.message.split('\n').join('\n      ')}`);
      return false;
    }
  };
  const run = (cmd, args, cwd) => {
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180000, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' } });
    if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
    return r;
  };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const app = join(tmp, 'app');
  let tarball;
  try {
    const packed = check('npm pack writes the tarball with the shipped files only', () => {
      // dist/ is already built by the caller; prepack would build it again.
      const r = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root);
      if (r.status !== 0) throw new Error(`npm pack exited ${r.status}: ${r.stderr.trim()}`);
      const [info] = JSON.parse(r.stdout);
      tarball = join(tmp, info.filename);
      const files = info.files.map((f) => f.path);
      for (const needed of ['dist/isms.js', 'dist/cli.js', 'dist/extension.js', 'dist/versionWorker.js', 'package.json', 'README.md', 'LICENSE']) if (!files.includes(needed)) throw new Error(`${needed} is missing from the tarball`);
      const stray = files.filter((f) => /^(src|test|bench|scripts|examples)\//.test(f));
      if (stray.length) throw new Error(`development files in the tarball: ${stray.slice(0, 5).join(', ')}`);
    });
    const installed = packed && check('installs into an empty folder', () => {
      cpSync(join(root, 'examples', 'acme-isms'), join(app, 'acme-isms'), { recursive: true });
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'isms-tarball-check', private: true }));
      const r = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
      if (r.status !== 0) throw new Error(`npm install exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    });
    if (installed) {
      check('the bundles require only Node built-ins and declared dependencies (yaml, ajv, minimatch are bundled)', () => {
        const declared = new Set(Object.keys(pkg.dependencies ?? {}));
        const builtins = new Set(builtinModules);
        const distDir = join(app, 'node_modules', 'isms-as-code', 'dist');
        const requiresOf = (file) => [...readFileSync(join(distDir, file), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
        // What the CLI loads (its sibling bundles, transitively) runs outside VS Code: no `vscode` there.
        const cliBundles = new Set(['isms.js']);
        for (const pending = ['isms.js']; pending.length > 0;) {
          for (const sibling of requiresOf(pending.pop()).filter((m) => m.startsWith('./'))) {
            const name = sibling.slice(2);
            if (!cliBundles.has(name)) { cliBundles.add(name); pending.push(name); }
          }
        }
        for (const file of readdirSync(distDir).filter((f) => f.endsWith('.js'))) {
          const requires = requiresOf(file);
          // `./x.js` is a sibling bundle, which must ship too.
          for (const sibling of requires.filter((m) => m.startsWith('./'))) if (!existsSync(join(distDir, sibling))) throw new Error(`dist/${file} requires ${sibling}, which is not in the tarball`);
          // ajv's standalone validators name their runtime helpers in a code string; the helpers themselves are bundled.
          const foreign = requires.filter((m) => !m.startsWith('node:') && !m.startsWith('./') && !(m === 'vscode' && !cliBundles.has(file)) && !builtins.has(m) && !/^ajv\/dist\/runtime\//.test(m) && !declared.has(m.startsWith('@') ? m.split('/').slice(0, 2).join('/') : m.split('/')[0]));
          if (foreign.length) throw new Error(`dist/${file} requires modules that are neither bundled nor dependencies: ${[...new Set(foreign)].join(', ')}`);
        }
        for (const bundled of ['yaml', 'ajv', 'minimatch']) if (declared.has(bundled)) throw new Error(`${bundled} is bundled into dist/ and need not be a dependency`);
      });
      check('`npx isms check` on the demo gives what the repository build gives', () => {
        const args = ['check', '--format', 'json', '--as-of', '2026-11-27'];
        const shipped = run('npx', ['--no-install', 'isms', ...args], join(app, 'acme-isms'));
        const own = run(process.execPath, [join(root, 'dist', 'cli.js'), ...args], join(root, 'examples', 'acme-isms'));
        if (shipped.status !== 1) throw new Error(`exit ${shipped.status} (expected 1: the demo has errors): ${shipped.stderr.trim()}`);
        const a = JSON.parse(shipped.stdout);
        const b = JSON.parse(own.stdout);
        if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`output differs: ${JSON.stringify(a.summary)} vs ${JSON.stringify(b.summary)}`);
        if (a.summary.files < 1 || a.diagnostics.length < 1) throw new Error('nothing was checked');
      });
      check('`npx isms --version` is the package version', () => {
        const r = run('npx', ['--no-install', 'isms', '--version'], app);
        if (r.status !== 0 || r.stdout.trim() !== pkg.version) throw new Error(`got exit ${r.status}, '${r.stdout.trim()}' (expected ${pkg.version})`);
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return counts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    console.error('dist/cli.js missing: run node scripts/build.mjs first');
    process.exit(1);
  }
  const { passed, failed } = checkTarball();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
