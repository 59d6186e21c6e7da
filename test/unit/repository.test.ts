// Repository discovery and configuration, written against FORMAT.md: the root, which files are
// ISMS files, narrowed PATHs, bad configs, severity overrides and files that cannot be read.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/core/engine/check';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../src/core/config/config';
import { findRoot } from '../../src/core/reading/repository';
import { nodeFileSystem } from '../../src/core/reading/fileSystem';
import { KNOWN_CODES } from '../../src/core/rules';
import { tempRepo } from './helpers/tempRepo';

const AS_OF = '2026-11-27';
const control = (id: string, extra = '') => `kind: Control\nid: ${id}\ntitle: t\napplicable: false\njustification: j\n${extra}`;
const unjustified = (id: string) => `kind: Control\nid: ${id}\ntitle: t\napplicable: false\n`;

describe('repository', () => {
  describe('root discovery', () => {
    it('the nearest folder with isms.config.yaml wins over a nearer .git', async () => {
      const dir = tempRepo({ 'b/.git/HEAD': '', 'b/c/x.txt': '' });
      assert.equal(await findRoot(path.join(dir, 'b', 'c'), nodeFileSystem, '/fallback'), dir);
    });
    it('without a config, the nearest folder with .git', async () => {
      const dir = tempRepo({ 'b/.git/HEAD': '', 'b/c/x.txt': '' }, { config: null });
      assert.equal(await findRoot(path.join(dir, 'b', 'c'), nodeFileSystem, '/fallback'), path.join(dir, 'b'));
    });
    it('a .git file (worktree) counts too', async () => {
      const dir = tempRepo({ 'b/.git': 'gitdir: elsewhere', 'b/c/x.txt': '' }, { config: null });
      assert.equal(await findRoot(path.join(dir, 'b', 'c'), nodeFileSystem, '/fallback'), path.join(dir, 'b'));
    });
    it('with neither, the working directory', async function () {
      const dir = tempRepo({ 'b/c/x.txt': '' }, { config: null });
      if (hasMarkerAbove(dir)) this.skip();
      assert.equal(await findRoot(path.join(dir, 'b', 'c'), nodeFileSystem, '/fallback'), '/fallback');
    });
    it('starting from a file, its folder', async () => {
      const dir = tempRepo({ 'isms/a.yaml': control('A') });
      assert.equal(await findRoot(path.join(dir, 'isms', 'a.yaml'), nodeFileSystem, '/fallback'), dir);
    });
    it('check() reports paths relative to the working directory', async () => {
      const dir = tempRepo({ 'isms/a.yaml': unjustified('A') });
      const r = await check({ cwd: path.join(dir, 'isms'), paths: ['.'], asOf: AS_OF });
      assert.equal(r.root, dir);
      assert.deepEqual(r.diagnostics.map((d) => d.file), ['a.yaml']);
    });
  });

  describe('which files are ISMS files', () => {
    const files = {
      'isms/a.yaml': unjustified('A'),
      'isms/sub/b.yml': unjustified('B'),
      'c.isms.yaml': unjustified('C'),
      'deep/er/d.isms.yml': unjustified('D'),
      'other.yaml': unjustified('E'),
      'isms/notes.md': 'not yaml',
      'isms/node_modules/f.yaml': unjustified('F'),
      'node_modules/pkg/g.isms.yaml': unjustified('G'),
      '.git/h.isms.yaml': unjustified('H'),
      'isms/.hidden/i.yaml': unjustified('I'),
    };
    const reported = async (config: string, extra: Record<string, string> = {}) => {
      const dir = tempRepo({ ...files, ...extra }, { config });
      const r = await check({ cwd: dir, asOf: AS_OF });
      return { files: [...new Set(r.diagnostics.map((d) => d.file))].sort(), summary: r.summary };
    };

    it('default include globs (dot files included), node_modules and .git always excluded', async () => {
      const { files: f, summary } = await reported('');
      assert.deepEqual(f, ['c.isms.yaml', 'deep/er/d.isms.yml', 'isms/.hidden/i.yaml', 'isms/a.yaml', 'isms/sub/b.yml']);
      assert.equal(summary.files, 5);
      assert.equal(summary.records, 5);
    });
    it('a config include replaces the defaults; a config exclude adds to node_modules and .git', async () => {
      const { files: f } = await reported('include: ["**/*.yaml"]\nexclude: ["isms/.hidden/**"]\n');
      assert.deepEqual(f, ['c.isms.yaml', 'isms/a.yaml', 'other.yaml']);
    });
    it('an empty exclude list still excludes node_modules and .git', async () => {
      const { files: f } = await reported('include: ["**/*.isms.yaml"]\nexclude: []\n');
      assert.deepEqual(f, ['c.isms.yaml']);
    });
    it('a file matched by several globs is read once', async () => {
      const { files: f, summary } = await reported('include: ["isms/*.yaml", "isms/**/*.yaml", "**/a.yaml"]\n');
      assert.deepEqual(f, ['isms/.hidden/i.yaml', 'isms/a.yaml']);
      assert.equal(summary.files, 2);
      assert.equal(summary.records, 2);
      assert.equal(summary.warnings, 2);
    });
    it('isms.config.yaml is never a record file', async () => {
      const { files: f, summary } = await reported('include: ["*.yaml"]\n');
      assert.deepEqual(f, ['c.isms.yaml', 'other.yaml']);
      assert.equal(summary.files, 2);
    });
  });

  describe('narrowed PATHs', () => {
    const files = {
      'isms/nc/NC-1.yaml': 'kind: Nonconformity\nid: NC-1\ntitle: t\nseverity: major\nsource: other\nraised: 2026-01-01\nowner: o\nstatus: open\ncontrols: [CTL-1]\n',
      'isms/rca/RCA-1.yaml': 'kind: RootCauseAnalysis\nid: RCA-1\nnonconformity: NC-1\nmethod: other\nproblem: p\nroot_causes: [c]\n',
      'isms/controls/c.yaml': unjustified('CTL-1'),
      'notes/extra.yaml': unjustified('X'),
      'isms/drafts/d.yaml': unjustified('DRAFT'),
    };
    it('diagnostics only for files under the PATHs, references resolved across the repository', async () => {
      const dir = tempRepo(files);
      const r = await check({ cwd: dir, paths: ['isms/nc'], asOf: AS_OF });
      assert.deepEqual(r.diagnostics, []);
      assert.equal(r.summary.files, 1);
      assert.equal(r.summary.records, 1);
      const all = await check({ cwd: dir, asOf: AS_OF });
      assert.deepEqual(all.diagnostics.map((d) => d.file), ['isms/controls/c.yaml', 'isms/drafts/d.yaml']);
    });
    it('several PATHs, folders and files', async () => {
      const dir = tempRepo(files);
      const r = await check({ cwd: dir, paths: ['isms/controls', 'isms/nc/NC-1.yaml'], asOf: AS_OF });
      assert.deepEqual(r.diagnostics.map((d) => d.file), ['isms/controls/c.yaml']);
      assert.equal(r.summary.files, 2);
    });
    it('an explicitly named file outside the globs, or excluded, is checked', async () => {
      const dir = tempRepo(files, { config: 'exclude: ["isms/drafts/**"]\n' });
      const r = await check({ cwd: dir, paths: ['notes/extra.yaml', 'isms/drafts/d.yaml'], asOf: AS_OF });
      assert.deepEqual(r.diagnostics.map((d) => `${d.file} ${d.code}`), ['isms/drafts/d.yaml soa-justification-missing', 'notes/extra.yaml soa-justification-missing']);
      assert.equal(r.summary.files, 2);
      const folder = await check({ cwd: dir, paths: ['isms'], asOf: AS_OF });
      assert.deepEqual(folder.diagnostics.map((d) => d.file), ['isms/controls/c.yaml']);
    });
    it('the root is found from the first PATH, not the working directory', async () => {
      const dir = tempRepo(files);
      const elsewhere = tempRepo({}, { config: null });
      const r = await check({ cwd: elsewhere, paths: [path.join(dir, 'isms', 'controls')], asOf: AS_OF });
      assert.equal(r.root, dir);
      assert.deepEqual(r.diagnostics.map((d) => d.file), [path.relative(elsewhere, path.join(dir, 'isms/controls/c.yaml')).split(path.sep).join('/')]);
    });
    it('a PATH that does not exist is a usage error', async () => {
      const dir = tempRepo(files);
      await assert.rejects(check({ cwd: dir, paths: ['nope'], asOf: AS_OF }), /nope: no such file or folder/);
    });
    it('an invalid as-of date is a usage error', async () => {
      const dir = tempRepo(files);
      await assert.rejects(check({ cwd: dir, asOf: '2026-02-30' }), /2026-02-30/);
    });
  });

  describe('config', () => {
    const bad: Array<[string, string, RegExp]> = [
      ['not YAML', 'include: [\n', /^isms\.config\.yaml: not valid YAML/],
      ['not a mapping', '- a\n- b\n', /^isms\.config\.yaml: must be a mapping/],
      ['a scalar', 'hello\n', /^isms\.config\.yaml: must be a mapping/],
      ['an unknown field', 'dueSoonDay: 3\n', /^isms\.config\.yaml: dueSoonDay: unknown setting \(did you mean 'dueSoonDays'\?\)/],
      ['a wrong type', 'dueSoonDays: "14"\n', /^isms\.config\.yaml: dueSoonDays: /],
      ['a negative number', 'overdueErrorAfterDays: -1\n', /^isms\.config\.yaml: overdueErrorAfterDays: /],
      ['a fraction', 'dueSoonDays: 1.5\n', /^isms\.config\.yaml: dueSoonDays: /],
      ['include not a list', 'include: "isms/**"\n', /^isms\.config\.yaml: include: /],
      ['a non-string glob', 'exclude: [1]\n', /^isms\.config\.yaml: exclude\[0\]: /],
      ['a bad duration', 'controlReviewInterval: 12M\n', /^isms\.config\.yaml: controlReviewInterval: /],
      ['rules not a mapping', 'rules: [a]\n', /^isms\.config\.yaml: rules: /],
      ['an unknown rule code', 'rules:\n  overdue-actions: off\n', /^isms\.config\.yaml: rules\.overdue-actions: unknown rule code \(did you mean 'overdue-action'\?\)/],
      ['a bad severity', 'rules:\n  overdue-action: critical\n', /^isms\.config\.yaml: rules\.overdue-action: must be one of off, info, warning, error/],
      ['a boolean severity', 'rules:\n  overdue-action: false\n', /^isms\.config\.yaml: rules\.overdue-action: /],
      ['a duplicate key', 'dueSoonDays: 1\ndueSoonDays: 2\n', /^isms\.config\.yaml: /],
    ];
    for (const [what, text, message] of bad) {
      it(`${what} is a ConfigError naming the file and field, and the run stops`, async () => {
        const dir = tempRepo({ 'isms/a.yaml': control('A') }, { config: text });
        await assert.rejects(check({ cwd: dir, asOf: AS_OF }), (e: unknown) => {
          assert.ok(e instanceof ConfigError, String(e));
          assert.match((e as Error).message, message);
          return true;
        });
      });
    }
    it('an empty config, or one with only comments, means the defaults', () => {
      for (const text of ['', '# nothing\n', '---\n', '\uFEFF# bom\n']) assert.deepEqual(parseConfig(text, 'isms.config.yaml', KNOWN_CODES), DEFAULT_CONFIG);
    });
    it('a valid config is read', () => {
      const config = parseConfig('dueSoonDays: 3\noverdueErrorAfterDays: 0\ncontrolReviewInterval: P2Y\nrules:\n  missing-rca: error\n  yaml-syntax: warning\n', 'isms.config.yaml', KNOWN_CODES);
      assert.equal(config.dueSoonDays, 3);
      assert.equal(config.overdueErrorAfterDays, 0);
      assert.deepEqual(config.controlReviewInterval, { amount: 2, unit: 'Y' });
      assert.deepEqual(config.rules, { 'missing-rca': 'error', 'yaml-syntax': 'warning' });
      assert.deepEqual(config.include, DEFAULT_CONFIG.include);
    });
    it('--config FILE is used instead of the root config; its errors name that file', async () => {
      const dir = tempRepo({ 'isms/a.yaml': unjustified('A'), 'ci/strict.yaml': 'rules:\n  soa-justification-missing: error\n', 'ci/bad.yaml': 'bogus: 1\n' }, { config: 'rules:\n  soa-justification-missing: off\n' });
      const r = await check({ cwd: dir, asOf: AS_OF, configFile: 'ci/strict.yaml' });
      assert.deepEqual(r.diagnostics.map((d) => d.severity), ['error']);
      assert.equal((await check({ cwd: dir, asOf: AS_OF })).diagnostics.length, 0);
      await assert.rejects(check({ cwd: dir, asOf: AS_OF, configFile: 'ci/bad.yaml' }), /^Error: ci\/bad\.yaml: bogus: unknown setting/);
      await assert.rejects(check({ cwd: dir, asOf: AS_OF, configFile: 'ci/missing.yaml' }), /ci\/missing\.yaml/);
    });
    it('rules severities apply to stage codes too, and off removes them from the summary', async () => {
      const dir = tempRepo({ 'isms/a.yaml': 'kind: Control\nid: A\ntitle: t\napplicable: nope\n' }, { config: 'rules:\n  schema: warning\n' });
      const r = await check({ cwd: dir, asOf: AS_OF });
      assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.severity}`), ['schema warning']);
      assert.equal(r.exitCode, 0);
      const off = tempRepo({ 'isms/a.yaml': 'kind: Control\nid: A\ntitle: t\napplicable: nope\n' }, { config: 'rules:\n  schema: off\n' });
      const r2 = await check({ cwd: off, asOf: AS_OF });
      assert.deepEqual(r2.summary, { files: 1, records: 1, errors: 0, warnings: 0, infos: 0 });
    });
  });

  describe('files that cannot be read', function () {
    this.timeout(10000);
    it('a folder named like an ISMS file, a FIFO and a symlink loop are reported without hanging', async function () {
      if (process.platform === 'win32') this.skip();
      const dir = tempRepo({ 'isms/ok.yaml': control('OK'), 'isms/folder.yaml/inner.txt': '' });
      execFileSync('mkfifo', [path.join(dir, 'isms', 'pipe.yaml')]);
      fs.symlinkSync('loop-b.yaml', path.join(dir, 'isms', 'loop-a.yaml'));
      fs.symlinkSync('loop-a.yaml', path.join(dir, 'isms', 'loop-b.yaml'));
      fs.symlinkSync('.', path.join(dir, 'isms', 'self'));
      fs.symlinkSync('ok.yaml', path.join(dir, 'isms', 'alias.yaml'));
      const r = await check({ cwd: dir, asOf: AS_OF });
      const byFile = new Map(r.diagnostics.map((d) => [d.file, d]));
      for (const f of ['isms/folder.yaml', 'isms/pipe.yaml', 'isms/loop-a.yaml', 'isms/loop-b.yaml']) {
        assert.ok(byFile.has(f), `${f} is reported: ${r.diagnostics.map((d) => `${d.file} ${d.code}`).join(', ')}`);
        assert.equal(byFile.get(f)!.code, 'file-unreadable');
      }
      // a symlink to a file the scan reads anyway is not read a second time (no duplicate-id)
      assert.deepEqual(r.diagnostics.filter((d) => d.code === 'duplicate-id').map((d) => d.file), []);
      assert.ok(!byFile.has('isms/alias.yaml'), 'the symlink to ok.yaml is not a second file');
      assert.ok(!r.diagnostics.some((d) => d.file.startsWith('isms/self/')), 'symlinked folders are not followed');
    });
    it('an explicitly named FIFO is reported, not read', async function () {
      if (process.platform === 'win32') this.skip();
      const dir = tempRepo({});
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      const r = await check({ cwd: dir, paths: ['pipe.yaml'], asOf: AS_OF });
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['file-unreadable']);
    });
  });
});

function hasMarkerAbove(dir: string): boolean {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git')) || fs.existsSync(path.join(current, 'isms.config.yaml'))) return true;
    if (path.dirname(current) === current) return false;
  }
}
