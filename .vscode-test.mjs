// @vscode/test-cli configuration for `npm run test:electron`: the integration suites of
// test/integration/suites/ against desktop VS Code 1.100.3 (downloaded by @vscode/test-electron, so
// it needs access to update.code.visualstudio.com; on offline machines use `npm run test:integration`,
// which runs the very same bundles in code-server). `npm run test:electron` first bundles every suite
// to out/integration/<suite>/tests.js (node test/integration/run.mjs --bundle-only).
// Select one suite with `npx vscode-test --label <suite>`.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const root = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const suitesDir = join(root, 'test', 'integration', 'suites');

function suiteConfig(name) {
  const config = JSON.parse(readFileSync(join(suitesDir, name, 'suite.json'), 'utf8'));
  // Same isolation as the code-server runner: a fresh copy of the workspace and a fresh profile.
  const tmp = mkdtempSync(join(tmpdir(), `isms-electron-${name}-`));
  const workspace = join(tmp, basename(resolve(root, config.workspace)));
  cpSync(resolve(root, config.workspace), workspace, { recursive: true });
  const userDataDir = join(tmp, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', ...(config.settings ?? {}),
  }, null, 2));
  return {
    label: name,
    version: '1.100.3',
    files: `out/integration/${name}/tests.js`,
    extensionDevelopmentPath: root,
    workspaceFolder: workspace,
    launchArgs: ['--user-data-dir', userDataDir, '--extensions-dir', join(tmp, 'extensions'), '--disable-workspace-trust', '--disable-gpu'],
    env: { ISMS_IT_SUITE: name },
    mocha: { ui: 'tdd', timeout: Number(process.env.ISMS_IT_TEST_TIMEOUT) || 20000, color: true },
  };
}

const suites = existsSync(suitesDir)
  ? readdirSync(suitesDir).filter((n) => existsSync(join(suitesDir, n, 'suite.json'))).sort()
  : [];

export default defineConfig(suites.map(suiteConfig));
