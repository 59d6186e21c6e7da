// Issue 7: hostile, huge, malformed and half-edited input. Nothing may throw, hang or crash the
// process; every hostile input is read three times in one process (the Node 20 RegExpCompiler
// abort happened on the *second* deep parse).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { check } from '../../src/core/engine/check';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../src/core/config/config';
import { blockingFileSystem, nodeFileSystem, type FileSystem } from '../../src/core/reading/fileSystem';
import { decodeFileText } from '../../src/core/reading/fileText';
import type { IsmsDiagnostic } from '../../src/core/model/model';
import { RepositoryIndex, MAX_DIAGNOSTICS_PER_FILE } from '../../src/core/index/repositoryIndex';
import { IsmsFileMatcher, readScannedFile, scanRepository } from '../../src/core/reading/repository';
import { KNOWN_CODES } from '../../src/core/rules';
import { parseDate } from '../../src/core/model/dates';
import { tempRepo } from './helpers/tempRepo';

const AS_OF = '2026-11-27';

/** Reads `text` as one file of a fresh index, returning what the Problems panel would show. */
function diagnose(text: string, file = 'isms/x.yaml'): IsmsDiagnostic[] {
  const index = new RepositoryIndex(DEFAULT_CONFIG, parseDate(AS_OF)!);
  index.setFile(file, text);
  return index.diagnosticsFor(file);
}

function assertRangesInside(text: string, diagnostics: IsmsDiagnostic[]): void {
  for (const d of diagnostics) {
    assert.ok(d.range.start.offset >= 0 && d.range.start.offset <= d.range.end.offset && d.range.end.offset <= text.length + 1,
      `${d.code} range ${d.range.start.offset}-${d.range.end.offset} outside a ${text.length}-character file`);
  }
}

/** Parses three times in this process; returns the codes (all three runs must agree). */
function threeTimes(text: string): string[] {
  const runs = [0, 1, 2].map(() => diagnose(text));
  for (const r of runs) assertRangesInside(text, r);
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
  return [...new Set(runs[0].map((d) => d.code))];
}

describe('robustness (issue 7)', function () {
  this.timeout(60000);

  describe('depth bombs are refused before the document is built', () => {
    const bombs: Record<string, string> = {
      '900 unclosed [': '['.repeat(900),
      '900 unclosed {': '{'.repeat(900),
      '[{ 500 times': '[{'.repeat(500),
      '["a", 500 times': '["a", '.repeat(500),
      'block sequence 1000 deep': Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n'),
      '- - - ... 1000 on one line': `${'- '.repeat(1000)}x`,
      'block mapping 1000 deep': Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
      '? ? ? ... 1000 explicit keys': '? '.repeat(1000),
      'a record whose action nests 2000 lists': `kind: Nonconformity\nid: NC-1\nactions:\n  - ${'['.repeat(2000)}${']'.repeat(2000)}\n`,
    };
    for (const [name, text] of Object.entries(bombs)) {
      it(`${name}: yaml-too-deep, three times in one process`, () => {
        assert.deepEqual(threeTimes(text), ['yaml-too-deep']);
      });
    }
    it('nesting within the limit (60 levels) is read normally', () => {
      const text = `kind: Control\nid: A\ntitle: t\napplicable: false\njustification: j\nx-deep: ${'['.repeat(60)}${']'.repeat(60)}\n`;
      assert.deepEqual(threeTimes(text), []);
    });
    it('the other documents of the file are still read', () => {
      const text = `${'['.repeat(900)}\n---\nkind: Control\nid: A\ntitle: t\napplicable: nope\n`;
      assert.deepEqual(threeTimes(text).sort(), ['schema', 'yaml-too-deep']);
    });
  });

  describe('alias bombs', () => {
    it('billion laughs (10 levels of 10 aliases) is one yaml-syntax error', () => {
      let text = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
      for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      assert.deepEqual(threeTimes(text), ['yaml-syntax']);
    });
    it('an alias used as a mapping key many times, and an undefined alias, are yaml-syntax', () => {
      const keys = `base: &k [a, b]\n${Array.from({ length: 300 }, (_, i) => `x${i}: *k`).join('\n')}\n`;
      assert.deepEqual(threeTimes(keys), ['yaml-syntax']);
      assert.deepEqual(threeTimes('kind: Control\nid: *nowhere\n'), ['yaml-syntax']);
    });
  });

  describe('large input', () => {
    it('a 100,000-key map is read in seconds, capped at 100 diagnostics plus one summary', () => {
      // Unknown fields: every key is a schema problem (the worst case for ranges and suggestions).
      const text = `kind: Control\nid: X\ntitle: t\napplicable: false\njustification: j\n${Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        const shown = diagnose(text);
        times.push(performance.now() - t0);
        assert.equal(shown.length, MAX_DIAGNOSTICS_PER_FILE + 1);
        assert.equal(shown[MAX_DIAGNOSTICS_PER_FILE].code, 'too-many-problems');
        assert.match(shown[MAX_DIAGNOSTICS_PER_FILE].message, /^99900 more problems/);
      }
      // Was ~90 s (quadratic key look-ups). A loaded 2-core machine makes single runs noisy.
      assert.ok(Math.min(...times) < 8000, `100k-key map took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    });
    it('a 100,000-key map of extension fields (no problems) is read in about a second (bound: 4 s on a loaded machine)', () => {
      const text = `kind: Control\nid: X\ntitle: t\napplicable: false\njustification: j\n${Array.from({ length: 100_000 }, (_, i) => `x-${i}: ${i}`).join('\n')}\n`;
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        assert.deepEqual(diagnose(text), []);
        times.push(performance.now() - t0);
      }
      // Target < 2 s (about 1.1 s on an idle core); the bound leaves room for a loaded shared machine.
      assert.ok(Math.min(...times) < 4000, `took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    });
    it('a 50 MB file is refused from its size in under 100 ms, without reading it', async () => {
      const dir = tempRepo({});
      const big = path.join(dir, 'isms', 'big.yaml');
      fs.mkdirSync(path.dirname(big), { recursive: true });
      fs.writeFileSync(big, '');
      fs.truncateSync(big, 50 * 1024 * 1024);
      let reads = 0;
      const spy: FileSystem = { ...nodeFileSystem, readFile: (p) => (p === big && reads++, nodeFileSystem.readFile(p)) };
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        const file = await readScannedFile(big, 'isms/big.yaml', spy, DEFAULT_CONFIG.maxFileSize);
        const took = performance.now() - t0;
        assert.equal(file.problem?.code, 'file-too-large');
        assert.equal(file.text, undefined);
        assert.ok(took < 100, `took ${took.toFixed(1)} ms`);
      }
      assert.equal(reads, 0);
      const r = await check({ cwd: dir, asOf: AS_OF, fs: spy });
      assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity]), [['file-too-large', 'error']]);
      assert.equal(reads, 0, 'the scan never reads the large file');
      assert.equal(r.exitCode, 1);
    });
    it('maxFileSize in the config sets the limit (bytes, KB or MB)', async () => {
      const body = `kind: Control\nid: A\ntitle: t\napplicable: false\njustification: j\nx-pad: "${'p'.repeat(2000)}"\n`;
      const small = await check({ cwd: tempRepo({ 'isms/a.yaml': body }, { config: 'maxFileSize: 1KB\n' }), asOf: AS_OF });
      assert.deepEqual(small.diagnostics.map((d) => d.code), ['file-too-large']);
      assert.match(small.diagnostics[0].message, /over the 1 KB limit/);
      const large = await check({ cwd: tempRepo({ 'isms/a.yaml': body }, { config: 'maxFileSize: 4096\n' }), asOf: AS_OF });
      assert.deepEqual(large.diagnostics, []);
      assert.equal(parseConfig('maxFileSize: 2MB', 'c', KNOWN_CODES).maxFileSize, 2 * 1024 * 1024);
      assert.equal(DEFAULT_CONFIG.maxFileSize, 1024 * 1024);
      for (const bad of ['maxFileSize: 0', 'maxFileSize: -5', 'maxFileSize: 1.5', 'maxFileSize: 2GB', 'maxFileSize: big', 'maxFileSize: [1]']) {
        assert.throws(() => parseConfig(bad, 'isms.config.yaml', KNOWN_CODES), (e: unknown) => e instanceof ConfigError && /maxFileSize: must be a size/.test(e.message), bad);
      }
    });
  });

  describe('the config is read with the same guards', () => {
    it('a depth bomb or an alias bomb in isms.config.yaml is a ConfigError, three times in one process', () => {
      let laughs = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 10; i++) laughs += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      for (let run = 0; run < 3; run++) {
        assert.throws(() => parseConfig(`include: ${'['.repeat(900)}`, 'isms.config.yaml', KNOWN_CODES), /isms.config.yaml: not valid YAML: YAML nested more than 64 levels/);
        assert.throws(() => parseConfig(laughs, 'isms.config.yaml', KNOWN_CODES), /isms.config.yaml: not valid YAML/);
      }
    });
    it('yaml never writes warnings to the process (stderr of the CLI, the extension host log)', () => {
      const original = process.emitWarning;
      const warnings: unknown[] = [];
      process.emitWarning = ((w: unknown) => void warnings.push(w)) as typeof process.emitWarning;
      try {
        diagnose('kind: Control\nid: A\n[a, b]: 1\n{c: d}: 2\n? [e]\n: 3\n');
        assert.throws(() => parseConfig('[a]: 1\n', 'isms.config.yaml', KNOWN_CODES), ConfigError);
      } finally {
        process.emitWarning = original;
      }
      assert.deepEqual(warnings, []);
    });
  });

  describe('prototype keys', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
    it('__proto__, constructor, toString … at every level pollute nothing and satisfy no required field', () => {
      const text = [
        'kind: Nonconformity',
        'id: NC-1',
        '__proto__: {title: x, severity: major, source: other, raised: 2026-01-01, owner: o, status: open}',
        ...names.slice(1).map((n) => `${n}: 1`),
        'actions:',
        '  - __proto__: {description: d, owner: o, due: 2026-01-01, status: open}',
        ...names.slice(1).map((n) => `    ${n}: {__proto__: {polluted: true}}`),
        'effectiveness:',
        '  __proto__: {result: effective}',
        '  constructor: {prototype: {polluted: true}}',
      ].join('\n');
      for (let run = 0; run < 3; run++) {
        const shown = diagnose(text);
        assertRangesInside(text, shown);
        const messages = shown.map((d) => d.message).join('\n');
        for (const field of ['title', 'severity', 'source', 'raised', 'owner', 'status']) assert.match(messages, new RegExp(`missing required field '${field}'`));
        assert.match(messages, /actions\[0\]: missing required field 'description'/);
        assert.match(messages, /effectiveness: missing required field 'result'/);
        assert.match(messages, /__proto__: unknown field/);
        assert.match(messages, /constructor: unknown field/);
      }
      const plain: Record<string, unknown> = {};
      assert.equal(plain.polluted, undefined);
      assert.equal(plain.title, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    });
    it('ids and references named like Object.prototype members resolve to nothing', () => {
      const index = new RepositoryIndex(DEFAULT_CONFIG, parseDate(AS_OF)!);
      index.setFile('isms/r.yaml', 'kind: RootCauseAnalysis\nid: toString\nnonconformity: constructor\nmethod: other\nproblem: p\nroot_causes: [c]\n');
      const shown = index.diagnosticsFor('isms/r.yaml');
      assert.deepEqual(shown.map((d) => d.code), ['unknown-reference']);
      assert.equal(index.recordsWithId('__proto__').length, 0);
    });
  });

  describe('encodings and line endings', () => {
    it('invalid UTF-8 (stray continuation, overlong, surrogate, truncated) is invalid-utf8 and the file has no records to edit', async () => {
      const bad = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff]];
      const files: Record<string, Uint8Array> = {};
      bad.forEach((bytes, i) => {
        files[`isms/bad${i}.yaml`] = Buffer.concat([Buffer.from('kind: Control\nid: B\ntitle: "'), Buffer.from(bytes), Buffer.from('"\napplicable: true\n')]);
      });
      const r = await check({ cwd: tempRepo(files), asOf: AS_OF });
      assert.deepEqual(r.diagnostics.map((d) => d.code), bad.map(() => 'invalid-utf8'));
      for (let i = 0; i < bad.length; i++) assert.equal(r.index.file(`isms/bad${i}.yaml`), undefined, 'no records, so no edit can be computed');
      assert.equal(r.index.recordsWithId('B').length, 0);
    });
    it('BOM and CRLF are kept byte for byte by decode/encode', () => {
      const bytes = Buffer.from('\uFEFFkind: Control\r\nid: A\r\n');
      const decoded = decodeFileText(bytes);
      assert.equal(decoded.hasBom, true);
      assert.ok(!decoded.text.startsWith('\uFEFF'));
      assert.deepEqual(Buffer.from(new TextEncoder().encode((decoded.hasBom ? '\uFEFF' : '') + decoded.text)), bytes);
    });
    it('a lone CR is reported once, at the first one, with the count; CRLF is not', () => {
      const shown = diagnose('kind: Control\rid: A\rtitle: t\napplicable: false\njustification: j\n');
      const loneCr = shown.filter((d) => d.code === 'lone-cr');
      assert.equal(loneCr.length, 1);
      assert.deepEqual([loneCr[0].range.start.line, loneCr[0].range.start.character], [0, 13]);
      assert.match(loneCr[0].message, /^2 lines end with a lone carriage return/);
      assert.deepEqual(diagnose('kind: Control\r\nid: A\r\ntitle: t\r\napplicable: false\r\njustification: j\r\n'), []);
      assert.deepEqual(diagnose('kind: Control\nid: A\ntitle: "a\rb"\napplicable: false\njustification: j\n').map((d) => d.code), ['lone-cr']);
    });
  });

  describe('workspace scan', function () {
    before(function () {
      if (process.platform === 'win32') this.skip();
    });
    it('never follows symlinks out of the root or into loops; a symlinked file outside is reported, not read', async () => {
      const outside = tempRepo({ 'isms/secret.yaml': 'kind: Control\nid: SECRET\ntitle: t\napplicable: nope\n' }, { config: null });
      const dir = tempRepo({ 'isms/ok.yaml': 'kind: Control\nid: OK\ntitle: t\napplicable: false\njustification: j\n' });
      fs.symlinkSync(path.join(outside, 'isms'), path.join(dir, 'isms', 'outside-folder'));
      fs.symlinkSync(path.join(outside, 'isms', 'secret.yaml'), path.join(dir, 'isms', 'secret.yaml'));
      fs.symlinkSync('..', path.join(dir, 'isms', 'up'));
      fs.symlinkSync(dir, path.join(dir, 'isms', 'root-loop'));
      const r = await check({ cwd: dir, asOf: AS_OF });
      assert.deepEqual(r.diagnostics.map((d) => [d.file, d.code]), [['isms/secret.yaml', 'file-unreadable']]);
      assert.match(r.diagnostics[0].message, /outside the repository/);
      assert.equal(r.index.recordsWithId('SECRET').length, 0);
      assert.equal(r.exitCode, 0, 'info diagnostics only');
    });
    it('a socket, a FIFO and a folder named *.yaml are skipped with one info each', async function () {
      const dir = tempRepo({ 'isms/folder.yaml/x.txt': '' });
      execFileSync('mkfifo', [path.join(dir, 'isms', 'pipe.yaml')]);
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path.join(dir, 'isms', 'socket.yaml'), resolve));
      try {
        const r = await check({ cwd: dir, asOf: AS_OF });
        assert.deepEqual(r.diagnostics.map((d) => [d.file, d.code, d.severity]), [
          ['isms/folder.yaml', 'file-unreadable', 'info'], ['isms/pipe.yaml', 'file-unreadable', 'info'], ['isms/socket.yaml', 'file-unreadable', 'info'],
        ]);
        assert.equal(r.exitCode, 0);
      } finally {
        server.close();
      }
    });
    it('files that vanish or become unreadable mid-scan: one info each, the scan completes, the exit code is from real findings', async () => {
      const good = 'kind: Control\nid: OK\ntitle: t\napplicable: false\njustification: j\n';
      const dir = tempRepo({ 'isms/a.yaml': good, 'isms/gone-at-stat.yaml': good, 'isms/gone-at-read.yaml': good, 'isms/locked.yaml': good, 'isms/sub/x.yaml': good.replace('OK', 'X') });
      const fail = (code: string) => Promise.reject(Object.assign(new Error(code), { code }));
      const flaky: FileSystem = {
        ...nodeFileSystem,
        stat: (p) => (p.endsWith('gone-at-stat.yaml') ? fail('ENOENT') : nodeFileSystem.stat(p)),
        lstat: (p) => (p.endsWith('gone-at-stat.yaml') ? fail('ENOENT') : nodeFileSystem.lstat(p)),
        readFile: (p) => (p.endsWith('gone-at-read.yaml') ? fail('ENOENT') : p.endsWith('locked.yaml') ? fail('EACCES') : nodeFileSystem.readFile(p)),
        readdir: (p) => (p.endsWith(`${path.sep}sub`) ? fail('ENOENT') : nodeFileSystem.readdir(p)),
        // The scan's one-open read of a listed file fails the same ways.
        readRegularFile: (p, max) => (p.endsWith('gone-at-stat.yaml') || p.endsWith('gone-at-read.yaml') ? fail('ENOENT') : p.endsWith('locked.yaml') ? fail('EACCES') : nodeFileSystem.readRegularFile!(p, max)),
      };
      // With the one-open read, and with lstat then readFile (a FileSystem without readRegularFile).
      for (const fs of [flaky, { ...flaky, readRegularFile: undefined }]) {
        const r = await check({ cwd: dir, asOf: AS_OF, fs });
        assert.deepEqual(r.diagnostics.map((d) => [d.file, d.code, d.severity]), [
          ['isms/gone-at-read.yaml', 'file-unreadable', 'info'], ['isms/gone-at-stat.yaml', 'file-unreadable', 'info'], ['isms/locked.yaml', 'file-unreadable', 'info'],
        ]);
        assert.match(r.diagnostics[0].message, /vanished/);
        assert.match(r.diagnostics[2].message, /EACCES/);
        assert.equal(r.exitCode, 0);
        assert.equal(r.index.recordsWithId('OK').length, 1);
      }
    });
    it("readRegularFile (the scan's one-open read) never follows a symlink, never waits on a FIFO, reads only up to the limit", async () => {
      const dir = tempRepo({ 'isms/a.yaml': 'kind: Control\n' });
      const file = path.join(dir, 'isms', 'a.yaml');
      execFileSync('mkfifo', [path.join(dir, 'isms', 'pipe.yaml')]);
      fs.symlinkSync(file, path.join(dir, 'isms', 'link.yaml'));
      for (const fileSystem of [nodeFileSystem, blockingFileSystem]) {
        const read = await fileSystem.readRegularFile!(file, 1024);
        assert.deepEqual([read.type, read.size, Buffer.from(read.bytes!).toString()], ['file', 14, 'kind: Control\n']);
        assert.deepEqual(await fileSystem.readRegularFile!(file, 13), { type: 'file', size: 14 }, 'over the limit: size only');
        assert.equal((await fileSystem.readRegularFile!(path.join(dir, 'isms', 'pipe.yaml'), 1024)).type, 'other');
        await assert.rejects(fileSystem.readRegularFile!(path.join(dir, 'isms', 'link.yaml'), 1024), /ELOOP/);
      }
    });
    it('each real folder is walked once, however many symlinks point at it', async () => {
      const dir = tempRepo({ 'isms/a/a.yaml': 'kind: Control\nid: A\ntitle: t\napplicable: false\njustification: j\n' });
      for (let i = 0; i < 20; i++) fs.symlinkSync(path.join(dir, 'isms'), path.join(dir, 'isms', 'a', `loop${i}`));
      let listed = 0;
      const counting: FileSystem = { ...nodeFileSystem, readdir: (p) => (listed++, nodeFileSystem.readdir(p)) };
      const files = await scanRepository(dir, new IsmsFileMatcher(DEFAULT_CONFIG), counting);
      assert.deepEqual(files.map((f) => f.path), ['isms/a/a.yaml']);
      assert.equal(listed, 3, 'root, isms, isms/a');
    });
  });
});
