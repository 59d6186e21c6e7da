// Issue 7: the YAML test suite (../shared/corpus/yaml-test-suite, 402 inputs, 94 must-fail) as
// ISMS files, with CRLF and BOM variants. In one process (the engine, then one CLI run over all
// 1,206 files) and one CLI process per input: exit 0 or 1 only, never a signal; every must-fail
// case yields yaml-syntax except yaml's known disagreements; every range inside its file.
// npm test runs the per-process sweep on a fixed sample; `npm run fuzz` (ISMS_FUZZ=1) runs all.
// Needs the built dist/cli.js (`node scripts/build.mjs`).
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config/config';
import { parseDate } from '../../src/core/model/dates';
import { decodeFileText } from '../../src/core/reading/fileText';
import { LineMap } from '../../src/core/parse/lines';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { tempRepo } from './helpers/tempRepo';
import { withoutHistoryNote } from './helpers/historyNote';

const CORPUS = [path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'yaml-test-suite'), '/work/shared/corpus/yaml-test-suite'].find((d) => fs.existsSync(d));
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const FULL = process.env.ISMS_FUZZ === '1';
/** Must-fail inputs the yaml package (2.9.x) accepts (corpus README). */
const ACCEPTED_INVALID = new Set(['9MMA', 'SF5V']);
/** A valid input rejected: two empty (null) keys, which the duplicate-key check rejects (corpus README). */
const REJECTED_VALID = new Set(['2JQS']);

interface Case { name: string; mustFail: boolean; bytes: Buffer }
type Variant = 'lf' | 'crlf' | 'bom' | 'bom-crlf';
const VARIANTS: Variant[] = ['lf', 'crlf', 'bom', 'bom-crlf'];

function variant(bytes: Buffer, v: Variant): Buffer {
  let text = bytes.toString('latin1');
  if (v.endsWith('crlf')) text = text.replace(/\r?\n/g, '\r\n');
  if (v.startsWith('bom')) text = `\xef\xbb\xbf${text}`;
  return Buffer.from(text, 'latin1');
}

function loadCorpus(): Case[] {
  if (!CORPUS) return [];
  return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((f) => {
    const name = f.slice(0, -'.yaml'.length);
    return { name, mustFail: fs.existsSync(path.join(CORPUS, `${name}.error`)), bytes: fs.readFileSync(path.join(CORPUS, f)) };
  });
}

interface JsonDiagnostic { file: string; line: number; column: number; endLine: number; endColumn: number; code: string }

/** 1-based line/column (UTF-16, exclusive end) inside the text of the file as editors see it. */
function assertInside(text: string, d: JsonDiagnostic): void {
  const lines = new LineMap(text);
  const lineCount = lines.lineStarts.length;
  const lineLength = (line: number) => {
    const start = lines.lineStarts[line - 1];
    const next = line < lineCount ? lines.lineStarts[line] : text.length;
    return next - start;
  };
  for (const [line, column] of [[d.line, d.column], [d.endLine, d.endColumn]]) {
    assert.ok(line >= 1 && line <= lineCount, `${d.file}: ${d.code} line ${line} of ${lineCount}`);
    assert.ok(column >= 1 && column <= lineLength(line) + 2, `${d.file}: ${d.code} column ${column} on a line of ${lineLength(line)}`);
  }
  assert.ok(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column), `${d.file}: ${d.code} ends before it starts`);
}

/** Runs the CLI asynchronously (for a small worker pool). */
function runCli(cwd: string, args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--unhandled-rejections=strict', CLI, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('the YAML test suite as ISMS files (issue 7)', function () {
  this.timeout(300000);
  const cases = loadCorpus();
  before(function () {
    if (cases.length === 0) this.skip();
  });

  it('has the 402 inputs and 94 must-fail cases the corpus README describes', () => {
    assert.equal(cases.length, 402);
    assert.equal(cases.filter((c) => c.mustFail).length, 94);
  });

  it('in one process: every input and variant is read without throwing, deterministically, ranges inside the file', () => {
    const asOf = parseDate('2026-11-27')!;
    let slowest = { ms: 0, name: '' };
    for (const c of cases) {
      for (const v of VARIANTS) {
        const { text } = decodeFileText(variant(c.bytes, v));
        const runs = [0, 1].map(() => {
          const index = new RepositoryIndex(DEFAULT_CONFIG, asOf);
          const t0 = performance.now();
          index.setFile('isms/x.yaml', text);
          const shown = index.diagnosticsFor('isms/x.yaml');
          const ms = performance.now() - t0;
          if (ms > slowest.ms) slowest = { ms, name: `${c.name} (${v})` };
          return shown;
        });
        assert.deepEqual(runs[1], runs[0], `${c.name} (${v}) is not deterministic`);
        for (const d of runs[0]) {
          assert.ok(d.range.start.offset <= d.range.end.offset && d.range.end.offset <= text.length, `${c.name} (${v}): ${d.code} at ${d.range.start.offset}-${d.range.end.offset} of ${text.length}`);
          assert.equal(d.range.start.offset, new LineMap(text).offsetAt(d.range.start.line, d.range.start.character));
        }
        if (v !== 'lf') continue;
        const syntax = runs[0].some((d) => d.code === 'yaml-syntax' || d.code === 'yaml-too-deep');
        if (c.mustFail && !ACCEPTED_INVALID.has(c.name)) assert.ok(syntax, `${c.name} must fail but gave ${runs[0].map((d) => d.code).join(', ') || 'nothing'}`);
        if (c.mustFail && ACCEPTED_INVALID.has(c.name)) assert.ok(!syntax, `${c.name} is now rejected: remove it from ACCEPTED_INVALID`);
        if (!c.mustFail) assert.equal(runs[0].some((d) => d.code === 'yaml-syntax'), REJECTED_VALID.has(c.name), `${c.name}: ${runs[0].map((d) => d.message).join('; ')}`);
      }
    }
    console.log(`      ${cases.length * VARIANTS.length} inputs read twice; slowest ${slowest.ms.toFixed(1)} ms: ${slowest.name}`);
  });

  it(`one CLI process over all ${402 * VARIANTS.length} files: exit 1, JSON with ranges inside each file, nothing on stderr`, () => {
    const files: Record<string, Buffer> = {};
    for (const c of cases) for (const v of VARIANTS) files[`isms/${v}/${c.name}.yaml`] = variant(c.bytes, v);
    const dir = tempRepo(files);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--unhandled-rejections=strict', CLI, 'check', '--format', 'json', '--as-of', '2026-11-27'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120000 });
    const ms = Date.now() - t0;
    assert.equal(r.signal, null);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(withoutHistoryNote(r.stderr), '');
    const out = JSON.parse(r.stdout) as { summary: { files: number }; diagnostics: JsonDiagnostic[] };
    assert.equal(out.summary.files, cases.length * VARIANTS.length);
    const texts = new Map<string, string>();
    for (const d of out.diagnostics) {
      if (!texts.has(d.file)) texts.set(d.file, decodeFileText(files[d.file]).text);
      assertInside(texts.get(d.file)!, d);
    }
    for (const c of cases.filter((x) => x.mustFail && !ACCEPTED_INVALID.has(x.name))) {
      for (const v of ['lf', 'bom'] as const) {
        assert.ok(out.diagnostics.some((d) => d.file === `isms/${v}/${c.name}.yaml` && (d.code === 'yaml-syntax' || d.code === 'yaml-too-deep')), `${c.name} (${v})`);
      }
    }
    console.log(`      ${cases.length * VARIANTS.length} files, ${out.diagnostics.length} diagnostics in ${ms} ms`);
  });

  it(`one CLI process per input (${FULL ? 'all inputs and variants' : 'every 8th input, LF; ISMS_FUZZ=1 for all'}): exit 0 or 1, never a signal`, async function () {
    this.timeout(FULL ? 3_600_000 : 300_000);
    const picked = FULL ? cases : cases.filter((_, i) => i % 8 === 0);
    const variants: Variant[] = FULL ? VARIANTS : ['lf'];
    const jobs = picked.flatMap((c) => variants.map((v) => ({ c, v })));
    const dir = tempRepo({});
    let next = 0;
    let slowest = { ms: 0, name: '' };
    const failures: string[] = [];
    const worker = async () => {
      while (next < jobs.length) {
        const { c, v } = jobs[next++];
        // One repository per input: the CLI indexes the whole repository, not just the PATH.
        const repo = path.join(dir, `${c.name}.${v}`);
        const file = path.join(repo, 'isms', 'input.yaml');
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(path.join(repo, 'isms.config.yaml'), '');
        fs.writeFileSync(file, variant(c.bytes, v));
        const t0 = Date.now();
        const r = await runCli(repo, ['check', '--format', 'json', '--as-of', '2026-11-27']);
        const ms = Date.now() - t0;
        if (ms > slowest.ms) slowest = { ms, name: `${c.name} (${v})` };
        if (r.signal !== null || (r.code !== 0 && r.code !== 1) || withoutHistoryNote(r.stderr) !== '') failures.push(`${c.name} (${v}): exit ${r.code} signal ${r.signal} ${r.stderr.slice(0, 200)}`);
        else if (c.mustFail && !ACCEPTED_INVALID.has(c.name) && !v.endsWith('crlf') && r.code !== 1) failures.push(`${c.name} (${v}): must fail, exit ${r.code}`);
      }
    };
    const t0 = Date.now();
    await Promise.all([worker(), worker()]);
    assert.deepEqual(failures, []);
    console.log(`      ${jobs.length} processes in ${((Date.now() - t0) / 1000).toFixed(1)} s (2 workers); slowest ${slowest.ms} ms: ${slowest.name}`);
  });
});
