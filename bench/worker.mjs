// One measured thing per process (bench/run.mjs starts this under `node -r bench/rusage.cjs`, so
// the process's peak RSS and CPU are known). Prints one JSON line with its own timings.
//   node bench/worker.mjs floor|floor-bundled|engine|editor|history|history-floor|history-parse-floor|yls|activation|activation-repo <repo> [asOf]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { ismsFiles } from './ismsFiles.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const require = createRequire(import.meta.url);
const [task, repo, asOf = '2026-11-27'] = process.argv.slice(2);

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const now = () => performance.now();
function measure(fn) {
  const c0 = cpu(); const t0 = now();
  const value = fn();
  return { wallMs: now() - t0, cpuMs: cpu() - c0, value };
}
async function measureAsync(fn) {
  const c0 = cpu(); const t0 = now();
  const value = await fn();
  return { wallMs: now() - t0, cpuMs: cpu() - c0, value };
}

/** The repository's ISMS files (the generated ones all live under isms/ and end in .yaml). */
/** (a) The floor: list, read and parse every file with `yaml` (documents + LineCounter), nothing else. */
function floorWith(yaml) {
  const m = measure(() => {
    let docs = 0;
    for (const file of ismsFiles(repo)) {
      const lineCounter = new yaml.LineCounter();
      docs += yaml.parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter }).length;
    }
    return docs;
  });
  return { wallMs: m.wallMs, cpuMs: m.cpuMs, documents: m.value };
}

const tasks = {
  floor() {
    return floorWith(require('yaml'));
  },
  /** (a') The floor with yaml as bundled into dist/ (bench/engine.ts re-exports it). */
  'floor-bundled'() {
    return floorWith(require(join(root, 'out/bench/engine.cjs')));
  },

  /** (b) The engine's full check in-process: cold (first, module load included) and warm (third). */
  async engine() {
    const c0 = cpu(); const t0 = now();
    const engine = require(join(root, 'out/bench/engine.cjs'));
    let first = await engine.check({ cwd: repo, asOf });
    const cold = { wallMs: now() - t0, cpuMs: cpu() - c0, maxRssKB: process.resourceUsage().maxRSS };
    const diagnostics = first.diagnostics.length;
    const byCode = countBy(first.diagnostics, (d) => d.code);
    first = undefined; // each check's index is let go before the next, as in a long-running process
    await engine.check({ cwd: repo, asOf });
    const warm = await measureAsync(() => engine.check({ cwd: repo, asOf }));
    return { cold, warm: { wallMs: warm.wallMs, cpuMs: warm.cpuMs }, diagnostics, byCode };
  },

  /** (d) The editor path: after the full index is built, change one file and get every affected file's diagnostics. */
  async editor() {
    const engine = require(join(root, 'out/bench/engine.cjs'));
    const { index } = await engine.check({ cwd: repo, asOf });
    // The reference edited: the `audit` (many-records shape), else the first of `controls: [..]`
    // (the one-record-per-file shape has no audits).
    const audits = index.paths().filter((p) => p.startsWith('isms/audits/')).map((p) => /\nid: (\S+)/.exec(index.file(p).text)[1]);
    const reference = audits.length ? /\naudit: (AUD-\S+)/ : /\ncontrols: \[([^\],\s]+)/;
    const targets = audits.length ? audits : index.records().filter((r) => r.kind === 'Control' && r.id).map((r) => r.id);
    const ncs = index.paths().filter((p) => p.startsWith('isms/nonconformities/') && /\n {4}due: \d{4}-\d{2}-\d{2}/.test(index.file(p)?.text ?? '') && reference.test(index.file(p)?.text ?? ''));
    const samples = { due: [], reference: [], sidebar: [] };
    const affectedCounts = { due: [], reference: [] };
    // The sidebar's part, as the extension does it after an edit: the status model's update, then
    // the visible views' models (their first page of rows) for the kinds that changed.
    const status = new engine.RepositoryStatus(index);
    // As src/extension/sidebar/modelTree.ts does: a view whose kinds changed gets a new model
    // unless its model holds through the change (keepsThrough); then the rows VS Code asks for
    // again (the roots, and the first theme's page as if it were expanded) are built.
    // Corrective Actions and Actions get a new model that takes over the unchanged rows of the last.
    let controls, correctiveActions, actions;
    const views = (change) => {
      correctiveActions = new engine.CorrectiveActionsModel(status, undefined, correctiveActions);
      void correctiveActions.roots.length;
      actions = new engine.ActionsModel(status, undefined, actions);
      void actions.roots.length;
      if (change.all || ['Control', 'Audit', 'Nonconformity', 'Risk'].some((k) => change.kinds.has(k))) {
        if (!controls?.keepsThrough(change)) controls = new engine.ControlsModel(status);
        void controls.childrenOf(controls.roots[0]?.id).length;
      }
    };
    const EDITS = 40;
    for (let i = 0; i < EDITS; i++) {
      for (const kind of ['due', 'reference']) {
        const path = ncs[(i * 7919 + (kind === 'due' ? 0 : 13)) % ncs.length];
        const text = index.file(path).text;
        const next = kind === 'due'
          ? text.replace(/(\n {4}due: )(\d{4})-(\d{2})-(\d{2})/, (_, p, y, mo, d) => `${p}${Number(y) + (i % 2 ? -1 : 1)}-${mo}-${d}`)
          : text.replace(reference, (all, id) => all.replace(id, targets[(targets.indexOf(id) + 1 + i) % targets.length]));
        const c0 = cpu(); const t0 = now();
        const affected = index.setFile(path, next);
        let n = 0;
        for (const p of affected) n += index.diagnosticsFor(p).length;
        samples[kind].push(now() - t0);
        if (kind === 'due') {
          views(status.update());
          samples.sidebar.push(now() - t0);
        }
        affectedCounts[kind].push(affected.size);
        void c0; void n;
        index.setFile(path, text); // back, so every edit starts from the same repository
        for (const p of index.paths()) index.diagnosticsFor(p);
        status.update();
      }
    }
    return { samples, affected: { due: median(affectedCounts.due), reference: median(affectedCounts.reference) } };
  },

  /**
   * (h) The history pass (src/core/history) on a repository with git history: after the working
   * tree is read (not timed, history off), loadGitHistory with the check cache file named by
   * $BENCH_HISTORY_CACHE: cold when that file is empty or missing, cached when a cold run wrote it.
   * The cache file's loading is part of the timed pass.
   */
  async history() {
    const engine = require(join(root, 'out/bench/engine.cjs'));
    const { index, config, root: repoRoot } = await engine.check({ cwd: repo, asOf, configFile: process.env.BENCH_HISTORY_OFF_CONFIG });
    const current = index.paths().map((p) => index.file(p)).filter(Boolean);
    const matcher = new engine.IsmsFileMatcher(config);
    const settings = { ...config, history: { since: { amount: 3, unit: 'Y' } } };
    const rss0 = process.resourceUsage().maxRSS;
    const m = await measureAsync(async () => {
      const cache = await engine.CheckCache.load(process.env.BENCH_HISTORY_CACHE, nodeFs());
      const history = await engine.loadGitHistory({
        root: repoRoot, config: settings, isIsmsFile: (p) => matcher.matches(p), filterKey: JSON.stringify([config.include, config.exclude]),
        asOf: engine.parseDate(asOf), current, cache: cache.versions,
        // As \`isms check\` parses old versions: on threads of dist/versionWorker.js and its own thread.
        ...(process.env.BENCH_HISTORY_THREADS === 'off' ? {} : { threads: { workerFile: join(root, 'dist/versionWorker.js'), callingThreadToo: true } }),
      });
      return { history, cache };
    });
    const { history, cache } = m.value;
    await cache.save(nodeFs());
    if (!history.available) throw new Error(history.reason);
    return {
      wallMs: m.wallMs, cpuMs: m.cpuMs, rssBeforeKB: rss0, commits: history.commits, dueMoves: history.dueMoves.length, stats: history.stats,
      unrecorded: history.dueMoves.filter((d) => !d.recorded).length,
    };
  },

  /** (h') The floor of reading the same history: `git log -p` over the same window and files, output consumed. */
  async 'history-floor'() {
    const args = ['log', '-p', '--no-renames', '--reverse', '--no-color', `--since=${process.env.BENCH_HISTORY_SINCE}`, 'HEAD', '--', 'isms'];
    const c0 = cpu(); const t0 = now();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', 'git', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0; let stderr = '';
    child.stdout.on('data', (c) => (bytes += c.length));
    child.stderr.on('data', (c) => (stderr += c));
    await new Promise((r) => child.on('close', r));
    const wallMs = now() - t0;
    const [rssKB, user, sys] = stderr.trim().split('\n').pop().split(' ').map(Number);
    return { wallMs, cpuMs: (user + sys) * 1000, clientCpuMs: cpu() - c0, gitRssKB: rssKB, bytes };
  },

  /**
   * (h'') The parse floor of the same history: the distinct versions the history pass needs (every
   * blob before and after each commit in the window, and HEAD's), read from git untimed, then each
   * parsed with `yaml` exactly as the parse floor (a) parses a working-tree file. Timed: the parse only.
   */
  async 'history-parse-floor'() {
    const yaml = require('yaml');
    const gitOut = (args, input) => new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: repo, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'] });
      const chunks = [];
      child.stdout.on('data', (c) => chunks.push(c));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git ${args[0]} exited ${code}`))));
      if (input !== undefined) child.stdin.end(input);
    });
    const blobs = new Set();
    const log = (await gitOut(['log', '--raw', '--no-abbrev', '--no-renames', '--format=', `--since=${process.env.BENCH_HISTORY_SINCE}`, 'HEAD', '--', 'isms'])).toString('utf8');
    for (const m of log.matchAll(/^:\d+ \d+ ([0-9a-f]{40}) ([0-9a-f]{40}) /gm)) for (const id of [m[1], m[2]]) if (!/^0+$/.test(id)) blobs.add(id);
    const tree = (await gitOut(['ls-tree', '-r', 'HEAD', '--', 'isms'])).toString('utf8');
    for (const m of tree.matchAll(/^\d+ blob ([0-9a-f]{40})\t/gm)) blobs.add(m[1]);
    const out = await gitOut(['cat-file', '--batch'], [...blobs].join('\n') + '\n');
    const texts = [];
    for (let at = 0; at < out.length;) {
      const nl = out.indexOf(10, at);
      const size = Number(out.toString('latin1', at, nl).split(' ')[2]);
      texts.push(out.toString('utf8', nl + 1, nl + 1 + size));
      at = nl + 1 + size + 1;
    }
    const m = measure(() => {
      let docs = 0;
      for (const text of texts) docs += yaml.parseAllDocuments(text, { lineCounter: new yaml.LineCounter() }).length;
      return docs;
    });
    // And yaml's lexer and parser alone (its CST, as src/core/parse/cstDocuments.ts reads it), for comparison.
    const cst = measure(() => {
      let tokens = 0;
      for (const text of texts) for (const _ of new yaml.Parser().parse(text)) tokens++;
      return tokens;
    });
    return { wallMs: m.wallMs, cpuMs: m.cpuMs, cstWallMs: cst.wallMs, cstCpuMs: cst.cpuMs, versions: texts.length, bytes: texts.reduce((n, t) => n + t.length, 0), documents: m.value };
  },

  /** (e) yaml-language-server over stdio LSP with schemas/isms-record.schema.json. */
  async yls() {
    return runYamlLanguageServer(repo);
  },

  /** (g) Activation cost: require dist/extension.js with a stub `vscode`, then activate with a fake context. */
  async activation() {
    const { extension, stub, requireMs, requireCpuMs } = loadExtension();
    let activateMs; let activateError;
    try {
      const t1 = now();
      await extension.activate(extensionContext(stub));
      activateMs = now() - t1;
    } catch (e) {
      activateError = String(e && e.message || e).split('\n')[0];
    }
    return { wallMs: requireMs, cpuMs: requireCpuMs, requireMs, activateMs, activateError };
  },

  /**
   * (g) Activation on the repository as a workspace folder: from `activate` until the first
   * diagnostics are published, and until the first scan is done (every file published).
   */
  async 'activation-repo'() {
    let firstSetMs;
    let published = 0;
    let t0 = 0;
    const onSet = () => {
      published++;
      firstSetMs ??= now() - t0;
    };
    const { extension, stub } = loadExtension({ folder: repo, asOf, onSet });
    const c0 = cpu();
    t0 = now();
    const api = await extension.activate(extensionContext(stub));
    const activateMs = now() - t0;
    await api.whenIdle();
    const allMs = now() - t0;
    return { wallMs: allMs, cpuMs: cpu() - c0, activateMs, firstDiagnosticsMs: firstSetMs, allDiagnosticsMs: allMs, filesPublished: published };
  },
};

/** Requires dist/extension.js with the `vscode` stub in place; the require is timed. */
function loadExtension(options) {
  const Module = require('node:module');
  const stub = makeVscodeStub(options);
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'vscode') return 'vscode';
    return originalResolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
  const c0 = cpu(); const t0 = now();
  const extension = require(join(process.env.BENCH_DIST ?? join(root, 'dist'), 'extension.js'));
  return { extension, stub, requireMs: now() - t0, requireCpuMs: cpu() - c0 };
}

function extensionContext(stub) {
  return { subscriptions: [], extensionPath: root, extensionUri: stub.Uri.file(root), globalState: memento(), workspaceState: memento(), asAbsolutePath: (p) => join(root, p), storageUri: undefined, globalStorageUri: stub.Uri.file('/tmp'), logUri: stub.Uri.file('/tmp'), extensionMode: 1, environmentVariableCollection: {}, secrets: {} };
}

function memento() {
  const m = new Map();
  return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()] };
}

/**
 * A `vscode` module stand-in: every API is a no-op returning a disposable stub. Without a folder
 * there is no workspace folder; with one, it is the only workspace folder, progress tasks run,
 * `isms.asOf` is `asOf`, and every diagnostic collection `set` calls onSet.
 */
function makeVscodeStub({ folder, asOf: asOfSetting, onSet = () => {} } = {}) {
  const disposable = { dispose() {} };
  const handler = {
    get(target, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'dispose') return () => {};
      if (prop in target) return target[prop];
      return deep();
    },
    set(target, prop, value) { try { Reflect.set(target, prop, value); } catch { /* read-only function props */ } return true; },
    defineProperty() { return true; },
    apply() { return deep(); },
    construct() { return deep(); },
  };
  function deep() { return new Proxy(function () {}, handler); }
  class Uri {
    constructor(fsPath) { this.fsPath = fsPath; this.path = fsPath; this.scheme = 'file'; }
    static file(p) { return new Uri(p); }
    static parse(s) { return new Uri(s.replace(/^file:\/\//, '')); }
    static joinPath(u, ...parts) { return new Uri(join(u.fsPath, ...parts)); }
    toString() { return pathToFileURL(this.fsPath).href; }
    with() { return this; }
  }
  class EventEmitter { constructor() { this.event = () => disposable; } fire() {} dispose() {} }
  const base = {
    Uri, EventEmitter, Disposable: class { constructor(f) { this.dispose = f ?? (() => {}); } static from() { return disposable; } },
    workspace: new Proxy({ workspaceFolders: folder ? [{ uri: Uri.file(folder), name: 'bench', index: 0 }] : undefined, isTrusted: true, getWorkspaceFolder: (uri) => (folder && uri.fsPath.startsWith(folder) ? { uri: Uri.file(folder), name: 'bench', index: 0 } : undefined), getConfiguration: () => new Proxy({ get: (k, d) => (k === 'asOf' && asOfSetting ? asOfSetting : d), has: () => false, inspect: () => undefined, update: async () => {} }, handler), textDocuments: [], onDidChangeWorkspaceFolders: () => disposable, onDidChangeConfiguration: () => disposable, onDidOpenTextDocument: () => disposable, onDidChangeTextDocument: () => disposable, onDidCloseTextDocument: () => disposable, onDidSaveTextDocument: () => disposable, createFileSystemWatcher: () => new Proxy({ onDidChange: () => disposable, onDidCreate: () => disposable, onDidDelete: () => disposable, dispose() {} }, handler), findFiles: async () => [], fs: new Proxy({ readFile: async () => new Uint8Array(), stat: async () => ({ type: 1, size: 0 }), readDirectory: async () => [] }, handler) }, handler),
    window: new Proxy({ withProgress: (_options, task) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: () => disposable }), createOutputChannel: () => deep(), visibleTextEditors: [], activeTextEditor: undefined, onDidChangeActiveTextEditor: () => disposable, onDidChangeVisibleTextEditors: () => disposable, createTreeView: () => deep(), registerTreeDataProvider: () => disposable }, handler),
    languages: new Proxy({ createDiagnosticCollection: () => new Proxy({ set() { onSet(); }, delete() {}, clear() {}, dispose() {}, get: () => [] }, handler) }, handler),
    commands: new Proxy({ registerCommand: () => disposable, executeCommand: async () => undefined }, handler),
  };
  base.DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };
  // esbuild's __toESM copies the module's own keys, so every name the extension uses must exist.
  for (const name of ['Range', 'Position', 'Selection', 'CodeAction', 'Diagnostic', 'DiagnosticRelatedInformation', 'CompletionItem', 'CompletionItemKind', 'Location', 'MarkdownString', 'Hover', 'CodeActionKind', 'WorkspaceEdit', 'SnippetString', 'ProgressLocation', 'TreeItem', 'TreeItemCollapsibleState', 'ThemeIcon', 'ThemeColor', 'StatusBarAlignment', 'ConfigurationTarget', 'TextEdit', 'RelativePattern', 'CancellationTokenSource', 'FileType', 'ViewColumn', 'DiagnosticTag', 'env', 'extensions', 'l10n', 'tasks', 'debug', 'tests', 'authentication']) {
    if (!(name in base)) base[name] = deep();
  }
  return new Proxy(base, handler);
}

function countBy(list, key) {
  const out = {};
  for (const item of list) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : undefined;
}

async function runYamlLanguageServer(dir) {
  const files = ismsFiles(dir);
  const rusageFile = join(root, 'out/bench', `yls-rusage-${process.pid}.json`);
  // Read before the server starts, so the time from spawn is the server's alone.
  const uris = files.map((f) => pathToFileURL(f).href);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const spawnedAt = now();
  const server = spawn(process.execPath, ['-r', join(here, 'rusage.cjs'), join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'], {
    env: { ...process.env, BENCH_RUSAGE_FILE: rusageFile }, stdio: ['pipe', 'pipe', 'ignore'],
  });
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const diagnostics = new Map();
  let onPublish = () => {};
  const schemaUri = pathToFileURL(join(root, 'schemas/isms-record.schema.json')).href;
  const settings = { yaml: { validate: true, hover: false, completion: false, format: { enable: false }, schemaStore: { enable: false }, schemas: { [schemaUri]: ['isms/**/*.yaml', '**/isms/**/*.yaml'] }, maxItemsComputed: 5000 } };
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    server.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  };
  const request = (method, params) => new Promise((resolveRequest) => { const id = nextId++; pending.set(id, resolveRequest); send({ id, method, params }); });
  server.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method === undefined) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      } else if (message.method === 'textDocument/publishDiagnostics') {
        diagnostics.set(message.params.uri, message.params.diagnostics);
        onPublish();
      } else if (message.id !== undefined) {
        // Server-to-client requests: configuration, capability registration, progress.
        const result = message.method === 'workspace/configuration' ? message.params.items.map((i) => (i.section ? settings[i.section] ?? null : settings)) : null;
        send({ id: message.id, result });
      }
    }
  });
  const rootUri = pathToFileURL(dir).href;
  await request('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {}, synchronization: { dynamicRegistration: true } } } });
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings } });
  await request('bench/ping', {}); // answered (as unknown) only after the configuration was handled
  const c0 = cpu();
  const t0 = now();
  let wallMs;
  let fromSpawnMs;
  const allArrived = new Promise((resolveAll) => {
    onPublish = () => { if (diagnostics.size === uris.length && wallMs === undefined) { wallMs = now() - t0; fromSpawnMs = now() - spawnedAt; resolveAll(); } };
  });
  uris.forEach((uri, i) => send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: texts[i] } } }));
  await allArrived;
  await new Promise((r) => setTimeout(r, 300)); // late re-publishes (not timed) so the counts are final
  const exited = new Promise((r) => server.on('exit', r));
  await request('shutdown', null);
  send({ method: 'exit' });
  await exited;
  let usage = {};
  try { usage = JSON.parse(readFileSync(rusageFile, 'utf8')); } catch { /* no usage */ }
  const all = [...diagnostics.values()].flat();
  return {
    wallMs, fromSpawnMs, clientCpuMs: cpu() - c0, server: usage, files: uris.length,
    diagnostics: all.length, filesWithDiagnostics: [...diagnostics.values()].filter((d) => d.length > 0).length,
    byMessage: countBy(all, (d) => (/is not valid YAML|Map keys must be unique|Implicit|Nested mappings|[Ss]yntax/.test(d.message) ? 'yaml-syntax' : 'schema')),
  };
}

function nodeFs() {
  return require(join(root, 'out/bench/engine.cjs')).nodeFileSystem;
}

const result = await tasks[task]();
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
