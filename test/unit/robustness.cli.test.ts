// Issue 7, the CLI: user errors are one clear stderr line and exit 2, never a stack trace, a hang
// or an unhandled rejection (the CLI runs with --unhandled-rejections=strict). Hostile ISMS files
// are findings (exit 1), never crashes. Spawns the built dist/cli.js: run `node scripts/build.mjs` first.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempRepo } from './helpers/tempRepo';
import { withoutHistoryNote } from './helpers/historyNote';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const AS_OF = '2026-11-27';

function isms(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, ['--unhandled-rejections=strict', CLI, ...args], { cwd, encoding: 'utf8', timeout: 20000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function assertOneLineExit2(r: ReturnType<typeof isms>, message: RegExp): void {
  assert.equal(r.signal, null, 'not killed (no hang)');
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^isms: /);
  assert.match(lines[0], message);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error|Error:/);
}

describe('robustness of the isms CLI (issue 7)', function () {
  this.timeout(60000);
  const good = 'kind: Control\nid: A\ntitle: t\napplicable: false\njustification: j\n';

  it('a missing path, a bad flag, a bad flag value and an unknown command: exit 2, one line', () => {
    const dir = tempRepo({ 'isms/a.yaml': good });
    assertOneLineExit2(isms(['check', 'nope/missing'], dir), /nope\/missing: no such file or folder/);
    assertOneLineExit2(isms(['check', '--frobnicate'], dir), /unknown option '--frobnicate'/);
    assertOneLineExit2(isms(['check', '--format', 'xml'], dir), /--format must be one of/);
    assertOneLineExit2(isms(['check', '--max-warnings', '-1'], dir), /--max-warnings/);
    assertOneLineExit2(isms(['check', '--as-of', '2026-02-30'], dir), /not a real date/);
    assertOneLineExit2(isms(['check', '--as-of'], dir), /--as-of needs a value/);
    assertOneLineExit2(isms(['chekc'], dir), /unknown command 'chekc'/);
  });

  it('a bad, missing, unreadable or hostile config: exit 2, one line naming it', function () {
    if (process.platform === 'win32') this.skip();
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ['bad field', 'dueSoonDays: soon\n', /isms.config.yaml: dueSoonDays: must be a whole number/],
      ['unknown field', 'maxFileSise: 2MB\n', /maxFileSise: unknown setting \(did you mean 'maxFileSize'\?\)/],
      ['bad maxFileSize', 'maxFileSize: huge\n', /maxFileSize: must be a size/],
      ['not YAML', 'include: [\n', /not valid YAML/],
      ['alias bomb', `a: &a [x,x,x,x,x,x,x,x,x,x]\n${Array.from({ length: 9 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(',')}]`).join('\n')}\n`, /not valid YAML/],
      ['depth bomb', `include: ${'['.repeat(2000)}\n`, /isms.config.yaml/],
      ['not UTF-8', Buffer.from([0x69, 0x6e, 0xff, 0x0a]), /not valid UTF-8/],
    ];
    for (const [what, config, message] of cases) {
      const dir = tempRepo({ 'isms/a.yaml': good, 'isms.config.yaml': config });
      assertOneLineExit2(isms(['check', '--as-of', AS_OF], dir), message);
      void what;
    }
    const dir = tempRepo({ 'isms/a.yaml': good, 'folder/x': '' });
    execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
    assertOneLineExit2(isms(['check', '--config', 'nowhere.yaml'], dir), /nowhere.yaml: cannot be read \(ENOENT\)/);
    assertOneLineExit2(isms(['check', '--config', 'folder'], dir), /folder: is not a regular file/);
    assertOneLineExit2(isms(['check', '--config', 'fifo.yaml'], dir), /fifo.yaml: is not a regular file/);
    fs.writeFileSync(path.join(dir, 'big.yaml'), '');
    fs.truncateSync(path.join(dir, 'big.yaml'), 20 * 1024 * 1024);
    assertOneLineExit2(isms(['check', '--config', 'big.yaml'], dir), /big.yaml: is 20.0 MB, over the 64 KB limit for a config/);
  });

  it('hostile ISMS files are findings (exit 1) with valid JSON output, never a crash', () => {
    const dir = tempRepo({
      'isms/ok.yaml': good,
      'isms/deep.yaml': '['.repeat(5000),
      'isms/deep-block.yaml': Array.from({ length: 600 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n'),
      'isms/laughs.yaml': `a: &a [x,x,x,x,x,x,x,x,x,x]\n${Array.from({ length: 9 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(',')}]`).join('\n')}\n`,
      'isms/latin1.yaml': Buffer.from('kind: Control\nid: \xe9\n', 'latin1'),
      'isms/lone-cr.yaml': 'kind: Control\rid: C\r',
      'isms/proto.yaml': 'kind: Control\n__proto__: {id: P, title: t, applicable: false}\n',
      'isms/nul.yaml': 'kind: Control\nid: N\u0000\n',
      'isms/empty.yaml': '',
      'isms/tabs.yaml': 'kind:\tControl\n\tid: T\n',
    });
    fs.writeFileSync(path.join(dir, 'isms', 'huge.yaml'), '');
    fs.truncateSync(path.join(dir, 'isms', 'huge.yaml'), 50 * 1024 * 1024);
    const t0 = Date.now();
    const r = isms(['check', '--format', 'json', '--as-of', AS_OF], dir);
    assert.equal(r.signal, null);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(withoutHistoryNote(r.stderr), '');
    const out = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; code: string }> };
    const codes = new Map<string, Set<string>>();
    for (const d of out.diagnostics) codes.set(d.file, (codes.get(d.file) ?? new Set()).add(d.code));
    assert.ok(codes.get('isms/deep.yaml')?.has('yaml-too-deep'));
    assert.ok(codes.get('isms/deep-block.yaml')?.has('yaml-too-deep'));
    assert.ok(codes.get('isms/laughs.yaml')?.has('yaml-syntax'));
    assert.deepEqual([...codes.get('isms/latin1.yaml')!], ['invalid-utf8']);
    assert.ok(codes.get('isms/lone-cr.yaml')?.has('lone-cr'));
    assert.deepEqual([...codes.get('isms/huge.yaml')!], ['file-too-large']);
    assert.ok(codes.get('isms/proto.yaml')?.has('schema'));
    assert.equal(codes.has('isms/ok.yaml'), false);
    assert.ok(Date.now() - t0 < 15000);
  });

  it('every output format survives a closed stdout pipe (| head) without a stack trace', function () {
    if (process.platform === 'win32') this.skip();
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`isms/c${i}.yaml`] = `kind: Control\nid: C${i}\ntitle: t\napplicable: false\n`;
    const dir = tempRepo(files);
    for (const format of ['text', 'json', 'sarif']) {
      const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" --unhandled-rejections=strict "${CLI}" check --as-of ${AS_OF} --format ${format} | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS:-?}"`], { cwd: dir, encoding: 'utf8', timeout: 20000 });
      assert.equal(r.signal, null);
      assert.doesNotMatch(r.stderr, /\n\s+at |internal error|Error/, `${format}: ${r.stderr}`);
    }
  });
});
