// `npm run bench`: generates the synthetic repositories (bench/generate.mjs), then measures,
// interleaved, every measured thing in its own process (peak RSS via bench/rusage.cjs), prints a
// table with medians, min–max and ratios, writes bench/results.json and the table in bench/README.md.
//
//   npm run bench                    5 runs, every size of both shapes (bench/generate.mjs SIZES)
//   npm run bench -- --quick         3 runs, small + medium + single-2k only (development)
//   npm run bench -- --runs 7 --sizes medium,large --no-yls --no-write
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, AS_OF, shapeOf } from './generate.mjs';
import { generateHistory, HISTORY_AS_OF } from './generateHistory.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const quick = flag('--quick');
const runs = Number(option('--runs', quick ? 3 : 5));
const sizes = option('--sizes', quick ? 'small,medium,single-2k' : 'small,medium,records-2k,large,single-2k,single-10k').split(',');
const withYls = !flag('--no-yls');
const write = !flag('--no-write') && !quick;
const onlyHistory = flag('--only-history');
const withHistory = onlyHistory || !flag('--no-history');
const work = join(root, 'out/bench');
mkdirSync(work, { recursive: true });

// --- build: dist/ as shipped, and the engine bundle loaded in-process ---------------------------
console.log('building dist/ and out/bench/engine.cjs ...');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
const esbuild = await import('esbuild');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const { bundleOptions } = await import('../scripts/bundleOptions.mjs');
await esbuild.build({ ...bundleOptions({ version }), entryPoints: [join(here, 'engine.ts')], outfile: join(work, 'engine.cjs') });

// Measure copies: other builds may rewrite dist/ while the benchmark runs.
mkdirSync(join(work, 'dist'), { recursive: true });
// Every bundle: extension.js loads its sibling validators.js on first use.
for (const f of readdirSync(join(root, 'dist')).filter((name) => name.endsWith('.js'))) writeFileSync(join(work, 'dist', f), readFileSync(join(root, 'dist', f)));
process.env.BENCH_DIST = join(work, 'dist');

const repos = {};
for (const size of onlyHistory ? [] : sizes) {
  const info = generate(size);
  repos[size] = info;
  console.log(`${size}: ${info.files} files, ${info.records} records, ${info.actions} actions, ${(info.bytes / 1e6).toFixed(1)} MB`);
}

// --- one measured process ----------------------------------------------------------------------
function measured(argv, { stdout = 'ignore', timeoutMs = 30 * 60_000 } = {}) {
  const usageFile = join(work, `rusage-${process.pid}.json`);
  rmSync(usageFile, { force: true });
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['-r', join(here, 'rusage.cjs'), ...argv], {
    cwd: root, env: { ...process.env, BENCH_RUSAGE_FILE: usageFile }, encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs,
    stdio: ['ignore', stdout === 'ignore' ? 'ignore' : 'pipe', 'pipe'],
  });
  const processWallMs = performance.now() - t0;
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${argv.join(' ')} exited ${child.status}: ${child.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { processWallMs, processCpuMs: usage.userMs + usage.systemMs, maxRssMB: usage.maxRssKB / 1024, stdout: child.stdout };
}
const worker = (task, repo) => {
  const m = measured([join(here, 'worker.mjs'), task, repo, AS_OF], { stdout: 'pipe' });
  return { ...m, result: JSON.parse(m.stdout.trim().split('\n').pop()), stdout: undefined };
};
const cli = (repo, extra = []) => measured([join(work, 'dist/isms.js'), 'check', repo, '--format', 'json', '--as-of', AS_OF, ...extra], { stdout: 'pipe' });

// --- the history case (issue 14): a repository with 3 years of git history ----------------------
// Cold: loadGitHistory with an empty check cache; cached: a new process with the cache the cold
// run wrote, its loading included; floor: `git log -p` over the same window and files. Each in
// its own process (peak RSS of the whole process, the working tree's index included).
function historyBench() {
  const info = generateHistory();
  const offConfig = join(work, 'history-off.yaml');
  writeFileSync(offConfig, 'history: off\n');
  const since = '2023-11-27T00:00:00';
  const rows = { floor: [], parseFloor: [], cold: [], cached: [] };
  let facts;
  for (let run = 0; run < runs; run++) {
    const cacheFile = join(work, 'history.ismscache');
    rmSync(cacheFile, { force: true });
    const env = { BENCH_HISTORY_CACHE: cacheFile, BENCH_HISTORY_OFF_CONFIG: offConfig, BENCH_HISTORY_SINCE: since };
    Object.assign(process.env, env);
    const order = ['floor', 'pass'];
    if (run % 2) order.reverse();
    for (const what of order) {
      if (what === 'floor') {
        const f = worker('history-floor', info.dir);
        rows.floor.push({ wallMs: f.result.wallMs, cpuMs: f.result.cpuMs, rssMB: f.result.gitRssKB / 1024 });
        facts = { ...facts, logBytes: f.result.bytes };
        const p = worker('history-parse-floor', info.dir);
        rows.parseFloor.push({ wallMs: p.result.wallMs, cpuMs: p.result.cpuMs, cstWallMs: p.result.cstWallMs, cstCpuMs: p.result.cstCpuMs });
        facts = { ...facts, versions: p.result.versions, versionBytes: p.result.bytes };
        continue;
      }
      const cold = measured([join(here, 'worker.mjs'), 'history', info.dir, HISTORY_AS_OF], { stdout: 'pipe' });
      const c = JSON.parse(cold.stdout.trim().split('\n').pop());
      rows.cold.push({ wallMs: c.wallMs, cpuMs: c.cpuMs, rssMB: cold.maxRssMB, rssBeforeMB: c.rssBeforeKB / 1024 });
      const cached = measured([join(here, 'worker.mjs'), 'history', info.dir, HISTORY_AS_OF], { stdout: 'pipe' });
      const w = JSON.parse(cached.stdout.trim().split('\n').pop());
      rows.cached.push({ wallMs: w.wallMs, cpuMs: w.cpuMs, rssMB: cached.maxRssMB, rssBeforeMB: w.rssBeforeKB / 1024 });
      facts = { ...facts, commits: c.commits, dueMoves: c.dueMoves, unrecorded: c.unrecorded, cold: c.stats, cached: w.stats, cacheBytes: statSync(cacheFile).size };
    }
    process.stdout.write(`run ${run + 1}/${runs} history: cold ${(rows.cold.at(-1).wallMs / 1000).toFixed(2)} s, cached ${rows.cached.at(-1).wallMs.toFixed(0)} ms, git log -p ${(rows.floor.at(-1).wallMs / 1000).toFixed(2)} s\n`);
  }
  const med = (list, key) => { const v = list.map((r) => r[key]).sort((a, b) => a - b); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };
  const cell = (list) => `${med(list, 'wallMs').toFixed(0)} (${Math.min(...list.map((r) => r.wallMs)).toFixed(0)}–${Math.max(...list.map((r) => r.wallMs)).toFixed(0)})`;
  const lines = [
    `\n**history**: ${info.commits} commits over three years (${info.files} ISMS files at HEAD, ${facts.dueMoves} due changes of which ${facts.unrecorded} without a due_history entry; \`git log -p\` prints ${(facts.logBytes / 1e6).toFixed(1)} MB); ${runs} runs\n`,
    '| measured | wall ms, median (min–max) | CPU ms, median | peak RSS MB | wall ÷ git log -p | CPU ÷ git log -p |',
    '|---|---|---|---|---|---|',
    `| git log -p (floor) | ${cell(rows.floor)} | ${med(rows.floor, 'cpuMs').toFixed(0)} | ${med(rows.floor, 'rssMB').toFixed(0)} (git) | 1.00× | 1.00× |`,
    `| yaml's parse of the same ${facts.versions} versions (parse floor; lexer and parser alone: ${med(rows.parseFloor, 'cstWallMs').toFixed(0)} ms) | ${cell(rows.parseFloor)} | ${med(rows.parseFloor, 'cpuMs').toFixed(0)} | | ${(med(rows.parseFloor, 'wallMs') / med(rows.floor, 'wallMs')).toFixed(2)}× | ${(med(rows.parseFloor, 'cpuMs') / med(rows.floor, 'cpuMs')).toFixed(2)}× |`,
    `| history pass, cold | ${cell(rows.cold)} | ${med(rows.cold, 'cpuMs').toFixed(0)} | ${med(rows.cold, 'rssMB').toFixed(0)} (process; ${med(rows.cold, 'rssBeforeMB').toFixed(0)} before the pass) | ${(med(rows.cold, 'wallMs') / med(rows.floor, 'wallMs')).toFixed(2)}× | ${(med(rows.cold, 'cpuMs') / med(rows.floor, 'cpuMs')).toFixed(2)}× |`,
    `| history pass, cached | ${cell(rows.cached)} | ${med(rows.cached, 'cpuMs').toFixed(0)} | ${med(rows.cached, 'rssMB').toFixed(0)} (process) | ${(med(rows.cached, 'wallMs') / med(rows.floor, 'wallMs')).toFixed(2)}× | ${(med(rows.cached, 'cpuMs') / med(rows.floor, 'cpuMs')).toFixed(2)}× |`,
    '',
    `Cold ÷ (git log -p + the parse floor of the same versions): wall ${(med(rows.cold, 'wallMs') / (med(rows.floor, 'wallMs') + med(rows.parseFloor, 'wallMs'))).toFixed(2)}×, CPU ${(med(rows.cold, 'cpuMs') / (med(rows.floor, 'cpuMs') + med(rows.parseFloor, 'cpuMs'))).toFixed(2)}×. The versions are ${(facts.versionBytes / 1e6).toFixed(1)} MB of YAML; parsing them with \`yaml\` alone takes ${(med(rows.parseFloor, 'wallMs') / med(rows.floor, 'wallMs')).toFixed(1)}× the time of \`git log -p\`.`,
    '',
    `Cached ÷ cold: ${(med(rows.cached, 'wallMs') / med(rows.cold, 'wallMs') * 100).toFixed(1)} %. Cold: ${facts.cold.blobsParsed} versions parsed from \`git cat-file --batch\`, ${facts.cold.blobsFromWorkingTree} taken from the working tree; the check cache file is ${(facts.cacheBytes / 1e6).toFixed(1)} MB.`,
  ];
  return { lines, rows, facts, info };
}

let historyResult;
if (withHistory) historyResult = historyBench();
if (historyResult) console.log(historyResult.lines.join('\n'));
if (historyResult && write) {
  const readmeFile = join(here, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const block = `<!-- history:start -->\nMeasured ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model} (${os.cpus().length} cores), Node ${process.version}, ${execFileSync('git', ['--version'], { encoding: 'utf8' }).trim()}.\n${historyResult.lines.join('\n')}\n<!-- history:end -->`;
  writeFileSync(readmeFile, readme.includes('<!-- history:start -->') ? readme.replace(/<!-- history:start -->[\s\S]*<!-- history:end -->/, block) : `${readme.trimEnd()}\n\n## History case (issue 14)\n\n${block}\n`);
  writeFileSync(join(here, 'results-history.json'), JSON.stringify({ date: new Date().toISOString(), runs, rows: historyResult.rows, facts: historyResult.facts }, null, 1) + '\n');
}
if (onlyHistory) process.exit(0);

// --- the measured things -----------------------------------------------------------------------
// Each returns samples { name: { wallMs, cpuMs, rssMB } } (+ extra facts for the findings table).
const tasks = {
  floor(repo) {
    const m = worker('floor', repo);
    // The same with yaml as our bundles include it (its per-token process.env reads removed,
    // scripts/bundleOptions.mjs), to show what that change alone is worth.
    const b = worker('floor-bundled', repo);
    return {
      floor: { wallMs: m.result.wallMs, cpuMs: m.result.cpuMs, rssMB: m.maxRssMB },
      'floor, yaml as bundled': { wallMs: b.result.wallMs, cpuMs: b.result.cpuMs, rssMB: b.maxRssMB },
      // The floor's process from spawn to exit (Node's start and yaml's load included), measured
      // exactly as the `isms check` process is; the rows above time only the reading and parsing.
      'floor, as a whole process': { wallMs: m.processWallMs, cpuMs: m.processCpuMs, rssMB: m.maxRssMB },
    };
  },
  engine(repo) {
    const m = worker('engine', repo);
    return {
      // Peak RSS of the cold row: the process's peak right after its first check (the warm row's is after three).
      'engine cold': { wallMs: m.result.cold.wallMs, cpuMs: m.result.cold.cpuMs, rssMB: m.result.cold.maxRssKB / 1024 },
      'engine warm': { wallMs: m.result.warm.wallMs, cpuMs: m.result.warm.cpuMs, rssMB: m.maxRssMB },
      facts: { engineByCode: m.result.byCode },
    };
  },
  cli(repo, size) {
    const plain = cli(repo);
    const cacheFile = join(work, `cache-${size}.json`);
    rmSync(cacheFile, { force: true });
    const first = cli(repo, ['--cache-location', cacheFile]);
    const second = cli(repo, ['--cache-location', cacheFile]);
    const same = plain.stdout === first.stdout && first.stdout === second.stdout;
    const s = (m) => ({ wallMs: m.processWallMs, cpuMs: m.processCpuMs, rssMB: m.maxRssMB });
    return { 'isms check (CLI)': s(plain), 'CLI --cache, 1st': s(first), 'CLI --cache, 2nd': s(second), facts: { cacheSameOutput: same, cacheBytes: statSync(cacheFile).size } };
  },
  // `isms report` loads dist/report.js and renders from the same check: at most 2x isms check (issue 15).
  report(repo) {
    const run = (format) => measured([join(work, 'dist/isms.js'), 'report', repo, '--format', format, '--as-of', AS_OF, '--out', join(work, `report.${format}`)], { stdout: 'pipe' });
    const s = (m) => ({ wallMs: m.processWallMs, cpuMs: m.processCpuMs, rssMB: m.maxRssMB });
    return { 'isms report --format json': s(run('json')), 'isms report --format html': s(run('html')), 'isms report --format xlsx': s(run('xlsx')) };
  },
  editor(repo) {
    const m = worker('editor', repo);
    const { due, reference } = m.result.samples;
    const sidebar = m.result.samples.sidebar;
    return {
      'editor: due date': { wallMs: median(due), all: due, rssMB: m.maxRssMB }, 'editor: reference': { wallMs: median(reference), all: reference, rssMB: m.maxRssMB },
      'editor: due date, sidebar visible': { wallMs: median(sidebar), all: sidebar, rssMB: m.maxRssMB }, facts: { editorAffected: m.result.affected },
    };
  },
  yls(repo) {
    const m = worker('yls', repo);
    const r = m.result;
    const cpuMs = (r.server.userMs ?? 0) + (r.server.systemMs ?? 0);
    const rssMB = (r.server.maxRssKB ?? 0) / 1024;
    // The row timed from the first didOpen (the server already started), and the same run timed
    // from spawn, as `isms check` is timed (Node's start, the server's load and initialize included).
    return { 'yaml-language-server': { wallMs: r.wallMs, cpuMs, rssMB }, 'yaml-language-server, from spawn': { wallMs: r.fromSpawnMs, cpuMs, rssMB }, facts: { ylsDiagnostics: r.diagnostics, ylsFilesWithDiagnostics: r.filesWithDiagnostics, ylsByKind: r.byMessage } };
  },
};
const taskNames = Object.keys(tasks).filter((t) => withYls || t !== 'yls');

const samples = {}; // size -> name -> [{wallMs, cpuMs, rssMB}]
const facts = {};
for (let run = 0; run < runs; run++) {
  // Interleaved: every run goes through every size and task, in a rotating order.
  for (const size of sizes) {
    const order = taskNames.map((_, i) => taskNames[(i + run) % taskNames.length]);
    for (const task of order) {
      const t0 = Date.now();
      const out = tasks[task](repos[size].dir, size);
      for (const [name, value] of Object.entries(out)) {
        if (name === 'facts') { facts[size] = { ...facts[size], ...value }; continue; }
        ((samples[size] ??= {})[name] ??= []).push(value);
      }
      process.stdout.write(`run ${run + 1}/${runs} ${size} ${task}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  }
}
const activation = [];
// Activation on the largest repository of the many-records shape (the one the extension's first scan was tuned on).
const largest = [...sizes].sort((a, b) => (repos[a].files - repos[b].files) || (shapeOf(a) === 'records' ? 1 : -1)).pop();
const activationOnRepo = [];
for (let run = 0; run < runs; run++) {
  const m = worker('activation', repos[sizes[0]].dir);
  activation.push({ requireMs: m.result.requireMs, activateMs: m.result.activateMs, activateError: m.result.activateError, rssMB: m.maxRssMB });
  const r = worker('activation-repo', repos[largest].dir);
  activationOnRepo.push({ activateMs: r.result.activateMs, firstMs: r.result.firstDiagnosticsMs, allMs: r.result.allDiagnosticsMs, files: r.result.filesPublished, rssMB: r.maxRssMB });
  process.stdout.write(`run ${run + 1}/${runs} activation: ${(r.result.allDiagnosticsMs / 1000).toFixed(1)} s on ${largest}\n`);
}

// --- summary -----------------------------------------------------------------------------------
function median(values) {
  const s = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const stat = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length });
const summary = {};
for (const size of sizes) {
  summary[size] = {};
  for (const [name, list] of Object.entries(samples[size])) {
    const wall = name.startsWith('editor') ? list.flatMap((s) => s.all) : list.map((s) => s.wallMs);
    summary[size][name] = { wallMs: stat(wall), cpuMs: list[0].cpuMs === undefined ? undefined : stat(list.map((s) => s.cpuMs)), rssMB: stat(list.map((s) => s.rssMB)) };
  }
}
const extensionBytes = statSync(join(work, 'dist/extension.js')).size;
const onRepo = { size: largest, activateMs: stat(activationOnRepo.map((a) => a.activateMs)), firstMs: stat(activationOnRepo.map((a) => a.firstMs)), allMs: stat(activationOnRepo.map((a) => a.allMs)), files: activationOnRepo[0].files, rssMB: stat(activationOnRepo.map((a) => a.rssMB)) };
const activationSummary = { onRepo, bytes: extensionBytes, requireMs: stat(activation.map((a) => a.requireMs)), activateMs: activation[0].activateError ? undefined : stat(activation.map((a) => a.activateMs)), activateError: activation[0].activateError, rssMB: stat(activation.map((a) => a.rssMB)) };

const fmt = (v, digits = 0) => (v === undefined || Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(digits || (v < 10 ? 1 : 0)));
const range = (s) => (s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '–');
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
const lines = [];
for (const size of sizes) {
  const r = repos[size];
  const s = summary[size];
  const floor = s.floor;
  lines.push(`\n**${size}**: ${r.files} files, ${r.records} records, ${r.actions} actions, ${(r.bytes / 1e6).toFixed(1)} MB\n`);
  lines.push('| measured | wall ms, median (min–max) | CPU ms, median | peak RSS MB | wall ÷ floor | CPU ÷ floor |');
  lines.push('|---|---|---|---|---|---|');
  for (const [name, v] of Object.entries(s)) {
    lines.push(`| ${name} | ${range(v.wallMs)} | ${v.cpuMs ? fmt(v.cpuMs.median) : '–'} | ${fmt(v.rssMB.median)} | ${name.startsWith('editor') ? '–' : ratio(v.wallMs.median, floor.wallMs.median)} | ${v.cpuMs ? ratio(v.cpuMs.median, floor.cpuMs.median) : '–'} |`);
  }
  const yls = s['yaml-language-server'];
  const eng = s['engine warm'];
  const cold = s['engine cold'];
  const c1 = s['CLI --cache, 1st'];
  const c2 = s['CLI --cache, 2nd'];
  lines.push('');
  if (yls) lines.push(`yaml-language-server ÷ engine (cold, in-process): wall ${ratio(yls.wallMs.median, cold.wallMs.median)}, CPU ${ratio(yls.cpuMs.median, cold.cpuMs.median)}; ÷ CLI process: wall ${ratio(yls.wallMs.median, s['isms check (CLI)'].wallMs.median)}, CPU ${ratio(yls.cpuMs.median, s['isms check (CLI)'].cpuMs.median)}. `);
  const bundledFloor = s['floor, yaml as bundled'];
  const plainCli = s['isms check (CLI)'];
  if (bundledFloor) lines.push(`isms check (CLI) ÷ the floor with yaml as bundled: wall ${ratio(plainCli.wallMs.median, bundledFloor.wallMs.median)}, CPU ${ratio(plainCli.cpuMs.median, bundledFloor.cpuMs.median)}. `);
  const processFloor = s['floor, as a whole process'];
  if (processFloor) lines.push(`isms check (CLI) ÷ the floor as a whole process (both from spawn to exit): wall ${ratio(plainCli.wallMs.median, processFloor.wallMs.median)}, CPU ${ratio(plainCli.cpuMs.median, processFloor.cpuMs.median)}. `);
  if (s['isms report --format html']) {
    const r = (format, key) => ratio(s[`isms report --format ${format}`][key].median, plainCli[key].median);
    lines.push(`isms report ÷ isms check (CLI), wall / CPU: json ${r('json', 'wallMs')} / ${r('json', 'cpuMs')}, html ${r('html', 'wallMs')} / ${r('html', 'cpuMs')}, xlsx ${r('xlsx', 'wallMs')} / ${r('xlsx', 'cpuMs')} (target: at most 2×). `);
  }
  lines.push(`Engine warm ÷ floor: wall ${ratio(eng.wallMs.median, floor.wallMs.median)}, CPU ${ratio(eng.cpuMs.median, floor.cpuMs.median)}. --cache 2nd ÷ 1st run: ${ratio(c2.wallMs.median, c1.wallMs.median)} (÷ plain CLI: ${ratio(c2.wallMs.median, s['isms check (CLI)'].wallMs.median)}); outputs identical: ${facts[size].cacheSameOutput}. Editor edits affect a median of ${facts[size].editorAffected.due} (due date) / ${facts[size].editorAffected.reference} (reference) files.`);
}
// The targets of issue 16 on every shape: whole `isms check` process ≤ 1.0× the parse floor (wall
// and CPU) and ≥ 3× faster than yaml-language-server, at 2,000 and 10,000 files.
lines.push('\n**Both shapes against the targets** (whole `isms check` process ÷ the parse floor, target ≤ 1.00×; yaml-language-server ÷ `isms check`, target ≥ 3.00×; its wall from the first `didOpen`, and, for comparison, from spawn as `isms check` is timed; its CPU is the whole server process either way):\n');
lines.push('| size | shape | files | CLI ÷ floor, wall | CLI ÷ floor, CPU | yaml-language-server ÷ CLI, wall | yaml-language-server ÷ CLI, CPU | for comparison: yaml-language-server from spawn ÷ CLI, wall |');
lines.push('|---|---|---|---|---|---|---|---|');
const mark = (value, ok) => (value === undefined ? '–' : `${value.toFixed(2)}× ${ok(value) ? '✓' : '✗'}`);
for (const size of sizes) {
  const s = summary[size];
  const c = s['isms check (CLI)'];
  const y = s['yaml-language-server'];
  const ySpawn = s['yaml-language-server, from spawn'];
  const atMost = (v) => v <= 1.0;
  const atLeast = (v) => v >= 3.0;
  lines.push(`| ${size} | ${shapeOf(size) === 'single' ? 'one ~1 KB record per file' : 'many records per file'} | ${repos[size].files} | ${mark(c.wallMs.median / s.floor.wallMs.median, atMost)} | ${mark(c.cpuMs.median / s.floor.cpuMs.median, atMost)} | ${y ? mark(y.wallMs.median / c.wallMs.median, atLeast) : '–'} | ${y ? mark(y.cpuMs.median / c.cpuMs.median, atLeast) : '–'} | ${ySpawn ? mark(ySpawn.wallMs.median / c.wallMs.median, atLeast) : '–'} |`);
}
lines.push('\n**What each tool finds** (diagnostics by code; planted = violations the generator planted, approximate because planted problems interact):\n');
const codes = [...new Set(sizes.flatMap((s) => [...Object.keys(repos[s].planted), ...Object.keys(facts[s].engineByCode ?? {})]))];
lines.push(`| code | ${sizes.map((s) => `${s}: planted / isms`).join(' | ')} |`);
lines.push(`|---|${sizes.map(() => '---').join('|')}|`);
for (const code of codes) lines.push(`| ${code} | ${sizes.map((s) => `${repos[s].planted[code] ?? '–'} / ${facts[s].engineByCode?.[code] ?? 0}`).join(' | ')} |`);
if (withYls) lines.push(`| yaml-language-server (all) | ${sizes.map((s) => `${facts[s].ylsDiagnostics} in ${facts[s].ylsFilesWithDiagnostics} files (${Object.entries(facts[s].ylsByKind).map(([k, v]) => `${k} ${v}`).join(', ')})`).join(' | ')} |`);
lines.push(`\n**Activation**: dist/extension.js ${(extensionBytes / 1024).toFixed(0)} KB (minified); require with a stub \`vscode\`: ${range(activationSummary.requireMs)} ms; \`activate\` with a fake context and no workspace folder: ${activationSummary.activateMs ? `${range(activationSummary.activateMs)} ms` : `failed (${activationSummary.activateError})`}; peak RSS ${fmt(activationSummary.rssMB.median)} MB. With the ${largest} repository as the workspace folder (a stub \`vscode\`, no cache): \`activate\` returns in ${range(onRepo.activateMs)} ms, the first diagnostics are published after ${range(onRepo.firstMs)} ms and the first scan is done (${onRepo.files} files published) after ${range(onRepo.allMs)} ms; peak RSS ${fmt(onRepo.rssMB.median)} MB. (The first scan publishes when every file is read, so cross-file rules never show a reference as unknown that a later file defines.)`);
const table = lines.join('\n');
console.log(table);

const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1), platform: `${os.platform()} ${os.release()}`, node: process.version };
const versions = { engine: version, yaml: JSON.parse(readFileSync(join(root, 'node_modules/yaml/package.json'), 'utf8')).version, 'yaml-language-server': JSON.parse(readFileSync(join(root, 'node_modules/yaml-language-server/package.json'), 'utf8')).version, commit: git('rev-parse', '--short', 'HEAD') };
const results = { date: new Date().toISOString(), machine, versions, runs, quick, asOf: AS_OF, repositories: repos, summary, activation: activationSummary, facts, samples };
if (write) {
  writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 1) + '\n');
  const readmeFile = join(here, 'README.md');
  const readme = existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : '<!-- results:start -->\n<!-- results:end -->\n';
  const block = `<!-- results:start -->\nMeasured ${results.date.slice(0, 10)} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGB} GB), ${machine.platform}, Node ${machine.node}; engine ${versions.engine} (${versions.commit}), yaml ${versions.yaml}, yaml-language-server ${versions['yaml-language-server']}; ${runs} interleaved runs.\n${table}\n<!-- results:end -->`;
  writeFileSync(readmeFile, readme.replace(/<!-- results:start -->[\s\S]*<!-- results:end -->/, block));
  console.log('\nwrote bench/results.json and the table in bench/README.md');
} else {
  writeFileSync(join(work, 'results.json'), JSON.stringify(results, null, 1) + '\n');
  console.log(`\n(--quick / --no-write: results in ${join(work, 'results.json')})`);
}

function git(...argv) {
  try { return execFileSync('git', argv, { cwd: root, encoding: 'utf8' }).trim(); } catch { return undefined; }
}
