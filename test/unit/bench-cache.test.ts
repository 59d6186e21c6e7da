// `isms check --cache` (src/core/reading/checkCache.ts): the cache may make a run faster, never different.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, type CheckParams, type CheckResult } from '../../src/core/engine/check';
import { CheckCache, engineKey } from '../../src/core/reading/checkCache';
import { nodeFileSystem, type FileSystem } from '../../src/core/reading/fileSystem';
import { parseArguments } from '../../src/cli/arguments';
import { tempRepo } from './helpers/tempRepo';

const AS_OF = '2026-11-27';

const nc = (id: string, extra = '') => `# a comment
kind: Nonconformity
id: ${id}
title: Access review missed
severity: major
source: internal-audit
raised: 2026-01-10
owner: ciso@acme.example
status: implemented
audit: AUD-1
controls: [A.5.15, A.9.99]
actions:
  - description: Automate the review
    owner: it-ops@acme.example
    due: 2026-10-01
    status: open
  - description: Document it
    owner: it-ops@acme.example
    due: 2026-12-01
    status: in-progress
effectiveness:
  result: pending
  due: 2026-11-01
${extra}`;

const files = (): Record<string, string> => ({
  'isms/nc/NC-1.yaml': nc('NC-1'),
  'isms/nc/NC-2.yaml': nc('NC-2', 'x-note: fine\nownr: typo\n'),
  'isms/nc/NC-3.yaml': nc('NC-3').replace('raised: 2026-01-10', 'raised: 2026-02-30'),
  'isms/nc/broken.yaml': 'kind: Nonconformity\nid: NC-4\n  title: bad indent\n',
  'isms/audits/AUD-1.yaml': 'kind: Audit\nid: AUD-1\ntype: internal\ndate: 2026-06-01\nstatus: completed\ncontrols: [A.5.15]\nfindings: [NC-1, NC-404]\n',
  'isms/soa.yaml': '---\nkind: Control\nid: C-1\ntitle: t\napplicable: false\n---\nkind: Control\nid: C-2\ntitle: t\napplicable: true\nstatus: implemented\nlast_reviewed: 2024-01-01\n---\nkind: Objective\nid: OBJ-1\ntitle: t\nmetric: m\ndirection: at-most\ntarget: .nan\nmeasurements:\n  - date: 2026-01-01\n    value: 7\n',
  'isms/reviews/MR-1.yaml': 'kind: ManagementReview\nid: MR-1\ndate: 2026-06-01\nstatus: held\ninputs:\n  issues: none\n',
  'isms/dup.yaml': 'kind: Audit\nid: NC-1\ntype: internal\ndate: 2026-06-01\nstatus: planned\n',
});

function run(dir: string, extra: Partial<CheckParams> = {}): Promise<CheckResult> {
  return check({ cwd: dir, asOf: AS_OF, cache: { file: path.join(dir, '.ismscache') }, ...extra });
}

/** Everything a run reports, in a comparable form. */
function outcome(result: CheckResult): unknown {
  return { diagnostics: result.diagnostics, summary: result.summary, exitCode: result.exitCode };
}

/** The default place of the cache file in these tests. */
function cacheOf(dir: string): string {
  return path.join(dir, '.ismscache');
}

describe('bench: isms check --cache', () => {
  it('a second run gives identical diagnostics, reading no file again', async () => {
    const dir = tempRepo(files());
    const uncached = outcome(await check({ cwd: dir, asOf: AS_OF }));
    const first = await run(dir);
    assert.deepEqual(outcome(first), uncached);
    assert.ok(fs.existsSync(cacheOf(dir)), 'the cache file is written at the root');
    const cache = await CheckCache.load(cacheOf(dir), nodeFileSystem);
    // Every file but the one holding .nan (not representable in JSON) is served from the cache.
    const second = await check({ cwd: dir, asOf: AS_OF, cache: { file: cacheOf(dir) } });
    assert.deepEqual(outcome(second), uncached);
    assert.ok(cache, 'loads');
    assert.ok(second.diagnostics.some((d) => d.code === 'schema') && second.diagnostics.some((d) => d.code === 'yaml-syntax') && second.diagnostics.some((d) => d.code === 'invalid-date'));
    assert.ok(second.diagnostics.some((d) => d.code === 'unknown-reference') && second.diagnostics.some((d) => d.code === 'duplicate-id'));
  });

  it('restores records without re-reading: hits for unchanged files, a miss for a changed one', async () => {
    const dir = tempRepo(files());
    await run(dir);
    const count = Object.keys(files()).length;
    const cache = await CheckCache.load(cacheOf(dir), nodeFileSystem);
    for (const [name, text] of Object.entries(files())) cache.read(name, text);
    assert.equal(cache.stats.hits, count - 1, 'all but the .nan file');
    // A file system without random access: the whole file is read and split, same entries.
    const { openForReading: _randomAccess, ...wholeFiles } = nodeFileSystem;
    const split = await CheckCache.load(cacheOf(dir), wholeFiles);
    for (const [name, text] of Object.entries(files())) split.read(name, text);
    assert.equal(split.stats.hits, count - 1, 'read without random access');
    const again = await CheckCache.load(cacheOf(dir), nodeFileSystem);
    again.read('isms/nc/NC-1.yaml', nc('NC-1').replace('due: 2026-10-01', 'due: 2026-10-02'));
    assert.deepEqual(again.stats, { hits: 0, misses: 1 });
  });

  it('reads entries from the cache file when their files are read, and closes it', async () => {
    const dir = tempRepo(files());
    await run(dir);
    let open = 0;
    let reads = 0;
    const spy: FileSystem = {
      ...nodeFileSystem,
      async openForReading(file) {
        const opened = await nodeFileSystem.openForReading!(file);
        open++;
        return { size: opened.size, read: (offset, length) => (reads++, opened.read(offset, length)), close: () => (open--, opened.close()) };
      },
    };
    const cache = await CheckCache.load(cacheOf(dir), spy);
    assert.equal(open, 1, 'open while files are read');
    const before = reads;
    cache.read('isms/nc/NC-1.yaml', nc('NC-1'));
    assert.equal(reads, before + 1, 'one read for one entry');
    assert.equal(cache.stats.hits, 1);
    cache.close();
    assert.equal(open, 0, 'closed');
    cache.read('isms/nc/NC-2.yaml', nc('NC-2'));
    assert.deepEqual(cache.stats, { hits: 1, misses: 1 }, 'nothing is read after close');
    // A whole check opens and closes it once, whatever it reads.
    const second = outcome(await check({ cwd: dir, asOf: AS_OF, cache: { file: cacheOf(dir) }, fs: spy }));
    assert.equal(open, 0, 'closed after a check');
    assert.deepEqual(second, outcome(await check({ cwd: dir, asOf: AS_OF })));
  });

  it('a changed file is re-read: due date, reference and a new syntax error', async () => {
    const dir = tempRepo(files());
    await run(dir);
    const edits: Array<[string, (t: string) => string]> = [
      ['isms/nc/NC-1.yaml', (t) => t.replace('due: 2026-10-01', 'due: 2027-10-01')],
      ['isms/nc/NC-2.yaml', (t) => t.replace('audit: AUD-1', 'audit: AUD-2')],
      ['isms/audits/AUD-1.yaml', (t) => t.replace('status: completed', 'status: completed\nstatus: planned')],
    ];
    for (const [name, edit] of edits) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
      const cached = outcome(await run(dir));
      assert.deepEqual(cached, outcome(await check({ cwd: dir, asOf: AS_OF })), name);
    }
    fs.rmSync(path.join(dir, 'isms/dup.yaml'));
    assert.deepEqual(outcome(await run(dir)), outcome(await check({ cwd: dir, asOf: AS_OF })), 'a removed file');
  });

  it('a corrupted, truncated, foreign or version-mismatched cache file is ignored, never a crash', async () => {
    const dir = tempRepo(files());
    const expected = outcome(await check({ cwd: dir, asOf: AS_OF }));
    await run(dir);
    const good = fs.readFileSync(cacheOf(dir), 'utf8');
    // A JSON header line, then per file: JSON path, tab, JSON entry.
    const [headerLine, ...fileLines] = good.trimEnd().split('\n');
    const header = JSON.parse(headerLine);
    const entries = new Map<string, { r: Array<Record<string, unknown>> } & Record<string, unknown>>(fileLines.map((l) => l.split('\t').map((j) => JSON.parse(j)) as [string, never]));
    const entry = (name: string) => entries.get(name)!;
    const withHeader = (h: unknown) => [JSON.stringify(h), ...fileLines].join('\n');
    const withEntry = (name: string, e: unknown) => [headerLine, ...[...entries].map(([p, v]) => `${JSON.stringify(p)}\t${JSON.stringify(p === name ? e : v)}`)].join('\n');
    const variants: Record<string, string | Uint8Array> = {
      truncated: good.slice(0, good.length / 2),
      'cut inside a line': good.slice(0, good.lastIndexOf('\n', good.length - 2) + 20),
      empty: '',
      binary: new Uint8Array([0xff, 0xfe, 0x00, 0x01]),
      'not an object': '[1,2,3]',
      null: 'null',
      'other engine': withHeader({ ...header, engine: 'isms 0.0.0/0/deadbeef' }),
      'other format': withHeader({ ...header, format: 'eslint' }),
      'the old single-object format': JSON.stringify({ ...header, files: Object.fromEntries(entries) }),
      'a line without a tab': [headerLine, '[1]', ...fileLines].join('\n'),
      'a path that is not a string': [headerLine, ...fileLines.map((l) => l.replace(/^"[^"]*"/, '1'))].join('\n'),
      'an entry that is not JSON': [headerLine, ...fileLines.map((l) => `${l.slice(0, l.indexOf('\t'))}\t{"h":`)].join('\n'),
      'entry of wrong shape': withEntry('isms/nc/NC-1.yaml', { ...entry('isms/nc/NC-1.yaml'), r: 'x' }),
      'record of wrong shape': withEntry('isms/nc/NC-1.yaml', { ...entry('isms/nc/NC-1.yaml'), r: [{ d: 'x' }] }),
      'diagnostic of wrong shape': withEntry('isms/nc/NC-3.yaml', { ...entry('isms/nc/NC-3.yaml'), g: [null] }),
      'range of wrong shape': withEntry('isms/nc/NC-1.yaml', { ...entry('isms/nc/NC-1.yaml'), r: [{ ...entry('isms/nc/NC-1.yaml').r[0], r: [[1, 2]] }] }),
      'a range that is not a pair': withEntry('isms/nc/NC-1.yaml', { ...entry('isms/nc/NC-1.yaml'), r: [{ ...entry('isms/nc/NC-1.yaml').r[0], r: ['id', [1, 2, 3]] }] }),
      'unknown kind': withEntry('isms/nc/NC-1.yaml', { ...entry('isms/nc/NC-1.yaml'), r: [{ ...entry('isms/nc/NC-1.yaml').r[0], k: 'Bogus' }] }),
      'hash mismatch': withEntry('isms/nc/NC-1.yaml', { ...entry('isms/nc/NC-1.yaml'), h: 'x', v: {} }),
    };
    for (const [name, content] of Object.entries(variants)) {
      fs.writeFileSync(cacheOf(dir), content);
      assert.deepEqual(outcome(await run(dir)), expected, name);
    }
    // A cache file that is a folder cannot be read or written: still the same result.
    fs.rmSync(cacheOf(dir));
    fs.mkdirSync(cacheOf(dir));
    assert.deepEqual(outcome(await run(dir)), expected, 'a folder');
  });

  it('the cache never changes results: other as-of dates, configs and narrowed paths', async () => {
    const dir = tempRepo(files());
    await run(dir);
    for (const asOf of ['2026-01-01', '2026-11-27', '2027-06-30']) {
      assert.deepEqual(outcome(await run(dir, { asOf })), outcome(await check({ cwd: dir, asOf })), asOf);
    }
    fs.writeFileSync(path.join(dir, 'isms.config.yaml'), 'rules:\n  overdue-action: info\n  schema: off\n');
    assert.deepEqual(outcome(await run(dir)), outcome(await check({ cwd: dir, asOf: AS_OF })), 'config');
    const sub = { paths: ['isms/nc'] };
    assert.deepEqual(outcome(await run(dir, sub)), outcome(await check({ cwd: dir, asOf: AS_OF, ...sub })), 'narrowed');
  });

  it('the engine key covers the version and the compiled schemas', () => {
    assert.match(engineKey(), /^.+\/\d+\/[0-9a-f]{40}$/);
  });

  it('--cache and --cache-location are parsed; --cache takes no value', () => {
    assert.deepEqual(parseArguments(['check', '--cache']), { command: 'check', paths: [], format: 'text', cache: { file: undefined } });
    assert.deepEqual(parseArguments(['check', '--cache-location', 'x.json', '.']), { command: 'check', paths: ['.'], format: 'text', cache: { file: 'x.json' } });
    assert.deepEqual(parseArguments(['check', '--cache-location=x.json', '--cache']), { command: 'check', paths: [], format: 'text', cache: { file: 'x.json' } });
    assert.throws(() => parseArguments(['check', '--cache=yes']), /takes no value/);
  });
});
