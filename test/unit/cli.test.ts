// The `isms check` CLI contract (FORMAT.md), tested by spawning the built `isms` executable (dist/isms.js).
// Run `node scripts/build.mjs` first.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempRepo } from './helpers/tempRepo';

const REPO = path.join(__dirname, '..', '..');
// The `isms` executable (package.json bin), which loads the CLI bundle dist/cli.js.
const CLI = path.join(REPO, 'dist', 'isms.js');
const DEMO = path.join(REPO, 'examples', 'acme-isms');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function isms(args: string[], cwd = DEMO): Run {
  const r = spawnSync(process.execPath, ['--unhandled-rejections=strict', CLI, ...args], {
    cwd, encoding: 'utf8', timeout: 15000, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertUsageError(r: Run, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0], message);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
}

const warningsOnly = {
  'isms/a.yaml': 'kind: Control\nid: A\ntitle: t\napplicable: false\n',
  'isms/b.yaml': 'kind: Control\nid: B\ntitle: t\napplicable: false\n',
};

describe('isms check (CLI)', function () {
  this.timeout(20000);
  before(function () {
    assert.ok(fs.existsSync(CLI), 'dist/isms.js is missing: run `node scripts/build.mjs` first');
  });

  describe('the executable', () => {
    it('dist/isms.js gives exactly what the bundle run directly gives, and turns on Node\'s compile cache where Node has one', function () {
      // Node's default cache folder is under os.tmpdir(), which follows TMPDIR: a fresh one shows what each run wrote.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isms-compile-cache-'));
      try {
        const args = ['check', '--format', 'json', '--as-of', '2026-11-27'];
        const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
        delete env.NODE_COMPILE_CACHE; // either would decide for both runs
        delete env.NODE_DISABLE_COMPILE_CACHE;
        const written = () => fs.readdirSync(tmp, { recursive: true }).length;
        const direct = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), ...args], { cwd: DEMO, encoding: 'utf8', env });
        assert.equal(written(), 0, 'the bundle run directly wrote a compile cache');
        const viaBin = spawnSync(process.execPath, [CLI, ...args], { cwd: DEMO, encoding: 'utf8', env });
        assert.equal(viaBin.status, 1, viaBin.stderr);
        assert.equal(viaBin.status, direct.status);
        assert.equal(viaBin.stdout, direct.stdout);
        assert.equal(viaBin.stderr, direct.stderr);
        // module.enableCompileCache exists from Node 22.1; on Node 20 the executable runs without a cache.
        if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function') assert.ok(written() > 0, 'the executable left no compile cache');
        else assert.equal(written(), 0, 'Node has no compile cache, yet something was written');
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });

  describe('--format json', () => {
    let run: Run;
    let json: {
      asOf: string;
      summary: Record<string, number>;
      diagnostics: Array<Record<string, unknown> & { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; severity: string }>;
    };
    before(() => {
      run = isms(['check', '--format', 'json', '--as-of', '2026-11-27']);
      json = JSON.parse(run.stdout);
    });

    it('prints exactly one JSON object with asOf, summary and diagnostics', () => {
      assert.equal(run.stderr, '');
      assert.deepEqual(Object.keys(json), ['asOf', 'summary', 'diagnostics']);
      assert.equal(json.asOf, '2026-11-27');
      assert.deepEqual(Object.keys(json.summary), ['files', 'records', 'errors', 'warnings', 'infos']);
    });

    it("matches the demo repository's expected totals as of 2026-11-27", () => {
      assert.deepEqual(json.summary, { files: 49, records: 138, errors: 8, warnings: 23, infos: 4 });
      assert.equal(run.code, 1);
      const count = (sev: string) => json.diagnostics.filter((d) => d.severity === sev).length;
      assert.deepEqual([count('error'), count('warning'), count('info')], [8, 23, 4]);
      const codes = new Set(json.diagnostics.map((d) => d.code));
      for (const code of ['yaml-syntax', 'duplicate-id', 'control-review-overdue', 'soa-justification-missing', 'overdue-action', 'missing-rca', 'status-inconsistent',
        'action-due-soon', 'effectiveness-review-missing', 'effectiveness-review-overdue', 'unknown-reference', 'schema', 'invalid-date',
        'objective-off-target', 'review-input-missing', 'risk-acceptance-missing', 'risk-acceptance-expired', 'risk-review-overdue',
        'risk-treatment-missing', 'risk-above-appetite', 'improvement-plan-not-ratified', 'improvement-plan-lapsed', 'opportunity-not-planned',
        'audit-programme-gap', 'auditor-not-independent', 'management-review-overdue', 'review-decisions-missing', 'extent-not-assessed',
      ]) assert.ok(codes.has(code), code);
    });

    it('each diagnostic has the documented fields, 1-based, with an exclusive end', () => {
      for (const d of json.diagnostics) {
        const keys = Object.keys(d).filter((k) => k !== 'record');
        assert.deepEqual(keys, ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
        assert.ok(d.line >= 1 && d.column >= 1 && (d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column)));
        assert.ok(!d.file.includes('\\') && !path.isAbsolute(d.file));
        // record: the id of the record concerned, absent for yaml-syntax
        assert.equal(typeof d.record, d.code === 'yaml-syntax' ? 'undefined' : 'string');
      }
      const schema = json.diagnostics.find((d) => d.code === 'schema')!;
      assert.deepEqual(schema, {
        file: 'isms/nonconformities/NC-2026-009.yaml', line: 23, column: 13, endLine: 23, endColumn: 23, severity: 'error', code: 'schema', record: 'NC-2026-009',
        message: "actions[1].status: must be one of open, in-progress, done, cancelled (got 'inprogress'; did you mean 'in-progress'?)",
      });
      const unknown = json.diagnostics.find((d) => d.code === 'unknown-reference')!;
      assert.equal(unknown.message, 'A.9.2.6 is an ISO/IEC 27001:2013 Annex A id; its 2022 successor is A.5.18 (Access rights)');
    });

    it('diagnostics are sorted by file (plain string order), line, column', () => {
      const keys = json.diagnostics.map((d) => [d.file, d.line, d.column] as const);
      const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
      assert.deepEqual(keys, sorted);
    });

    it('record is absent for yaml-syntax; file is relative to the working directory', () => {
      const dir = tempRepo({ 'isms/Z.yaml': 'kind: Control\nid: Z\nid: Z\n', 'isms/a.yaml': 'kind: Control\nid: A\ntitle: t\napplicable: false\n', 'isms/B.yaml': 'kind: Control\nid: B\ntitle: t\napplicable: false\n' });
      const r = isms(['check', '--format', 'json', '--as-of', '2026-11-27'], path.join(dir, 'isms'));
      const out = JSON.parse(r.stdout);
      const syntax = out.diagnostics.find((d: { code: string }) => d.code === 'yaml-syntax');
      assert.ok(syntax && !('record' in syntax));
      assert.deepEqual(out.diagnostics.map((d: { file: string }) => d.file), ['B.yaml', 'Z.yaml', 'a.yaml']);
      assert.equal(r.code, 1);
    });
  });

  describe('--format text', () => {
    it('one line per diagnostic, then a summary line, without colour when not a terminal', () => {
      const r = isms(['check', '--as-of', '2026-11-27']);
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.stdout, /\x1b\[/);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 36);
      // `[record]` ends every line that has a record (all but yaml-syntax)
      for (const line of lines.slice(0, -1)) assert.match(line, / yaml-syntax: /.test(line) ? /^[^:\s]+:\d+:\d+: error yaml-syntax: .+[^\]]$/ : /^[^:\s]+:\d+:\d+: (error|warning|info) [a-z-]+: .+ \[[^\]]+\]$/);
      assert.ok(lines.includes("isms/nonconformities/NC-2026-009.yaml:23:13: error schema: actions[1].status: must be one of open, in-progress, done, cancelled (got 'inprogress'; did you mean 'in-progress'?) [NC-2026-009]"));
      assert.match(lines[lines.length - 1], /49 files.*138 records.*2026-11-27.*8 errors.*23 warnings.*4 infos/);
    });
  });

  describe('--format sarif', () => {
    it('is SARIF 2.1.0 with one run, every rule and one result per diagnostic', () => {
      const r = isms(['check', '--format', 'sarif', '--as-of', '2026-11-27']);
      assert.equal(r.code, 1);
      const sarif = JSON.parse(r.stdout);
      const json = JSON.parse(isms(['check', '--format', 'json', '--as-of', '2026-11-27']).stdout);
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.runs.length, 1);
      const run = sarif.runs[0];
      assert.equal(run.columnKind, 'utf16CodeUnits');
      const rules = new Map<string, string>(run.tool.driver.rules.map((rule: { id: string; defaultConfiguration: { level: string } }) => [rule.id, rule.defaultConfiguration.level]));
      const expected: Record<string, string> = {
        'yaml-syntax': 'error', schema: 'error', 'invalid-date': 'error', 'duplicate-id': 'error', 'unknown-reference': 'error',
        'overdue-action': 'warning', 'action-due-soon': 'note', 'missing-rca': 'warning', 'effectiveness-review-missing': 'warning',
        'effectiveness-review-overdue': 'warning', 'status-inconsistent': 'warning', 'control-review-overdue': 'warning',
        'soa-justification-missing': 'warning', 'review-input-missing': 'warning', 'objective-off-target': 'warning',
      };
      for (const [code, level] of Object.entries(expected)) assert.equal(rules.get(code), level, code);
      assert.equal(run.results.length, json.diagnostics.length);
      run.results.forEach((result: { ruleId: string; level: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }> }, i: number) => {
        const d = json.diagnostics[i];
        assert.equal(result.ruleId, d.code);
        assert.equal(result.level, d.severity === 'info' ? 'note' : d.severity);
        assert.equal(run.tool.driver.rules[result.ruleIndex].id, d.code);
        const loc = result.locations[0].physicalLocation;
        assert.equal(loc.artifactLocation.uri.split('/').map(decodeURIComponent).join('/'), d.file);
        assert.deepEqual(loc.region, { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
      });
    });
  });

  describe('--format github', () => {
    it('prints one workflow command per diagnostic with its position and code, then the summary', () => {
      const r = isms(['check', '--format', 'github', '--as-of', '2026-11-27']);
      assert.equal(r.code, 1);
      const json = JSON.parse(isms(['check', '--format', 'json', '--as-of', '2026-11-27']).stdout);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, json.diagnostics.length + 1);
      json.diagnostics.forEach((d: { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; record?: string }, i: number) => {
        const command = d.severity === 'info' ? 'notice' : d.severity;
        assert.equal(lines[i], `::${command} file=${d.file},line=${d.line},endLine=${d.endLine},col=${d.column},endColumn=${d.endColumn},title=${d.code}::${d.message.replace(/%/g, '%25')}${d.record ? ` [${d.record}]` : ''}`);
      });
      assert.match(lines[lines.length - 1], /^49 files, 138 records checked/);
    });
    it('escapes % CR LF in the message and also : and , in properties', () => {
      const dir = tempRepo({
        'isms/a:b,c.yaml': 'kind: Nonconformity\nid: NC-2026-001\ntitle: t\ndescription: d\nseverity: minor\nsource: internal-audit\nstatus: open\nraised: 2026-01-10\nowner: a@example.com\nactions:\n  - description: "Cut 100% of: x, y\\r\\nsecond line"\n    owner: a@example.com\n    due: 2026-10-31\n    status: open\n',
      });
      const r = isms(['check', '--format', 'github', '--as-of', '2026-11-27'], dir);
      assert.equal(r.code, 0, r.stderr);
      const [line] = r.stdout.split('\n');
      assert.equal(line, "::warning file=isms/a%3Ab%2Cc.yaml,line=13,endLine=13,col=10,endColumn=20,title=overdue-action::Action 'Cut 100%25 of: x, y%0D' was due 2026-10-31 (27 days ago) [NC-2026-001]");
    });
  });

  describe('--format gitlab', () => {
    it('is a Code Quality report: one issue per diagnostic with a unique fingerprint', () => {
      const r = isms(['check', '--format', 'gitlab', '--as-of', '2026-11-27']);
      assert.equal(r.code, 1);
      const issues = JSON.parse(r.stdout);
      const json = JSON.parse(isms(['check', '--format', 'json', '--as-of', '2026-11-27']).stdout);
      assert.equal(issues.length, json.diagnostics.length);
      issues.forEach((issue: { check_name: string; description: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number; end: number } } }, i: number) => {
        const d = json.diagnostics[i];
        assert.equal(issue.check_name, d.code);
        assert.ok(issue.description.startsWith(d.message));
        assert.equal(issue.severity, { error: 'major', warning: 'minor', info: 'info' }[d.severity as string]);
        assert.deepEqual(issue.location, { path: d.file, lines: { begin: d.line, end: d.endLine } });
      });
      assert.equal(new Set(issues.map((x: { fingerprint: string }) => x.fingerprint)).size, issues.length);
      const clean = tempRepo({ 'isms/a.yaml': 'kind: Control\nid: A\ntitle: t\napplicable: false\njustification: not used\n' });
      const empty = isms(['check', '--format', 'gitlab', '--as-of', '2026-11-27'], clean);
      assert.equal(empty.code, 0, empty.stderr);
      assert.equal(empty.stdout, '[]\n');
    });
  });

  describe('exit codes and options', () => {
    it('0 with no errors and no warnings limit', () => {
      const dir = tempRepo(warningsOnly);
      const r = isms(['check', '--as-of', '2026-11-27'], dir);
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /2 warnings/);
    });
    it('--max-warnings: exactly N warnings pass, N+1 fail', () => {
      const dir = tempRepo(warningsOnly);
      assert.equal(isms(['check', '--max-warnings', '2', '--as-of', '2026-11-27'], dir).code, 0);
      assert.equal(isms(['check', '--max-warnings=1', '--as-of', '2026-11-27'], dir).code, 1);
      assert.equal(isms(['check', '--max-warnings', '0', '--as-of', '2026-11-27'], dir).code, 1);
      assertUsageError(isms(['check', '--max-warnings', 'many'], dir), /--max-warnings/);
      assertUsageError(isms(['check', '--max-warnings', '-1'], dir), /--max-warnings/);
    });
    it('--config FILE replaces the repository config', () => {
      const dir = tempRepo({ ...warningsOnly, 'strict.yaml': 'rules:\n  soa-justification-missing: error\n' });
      const r = isms(['check', '--config', 'strict.yaml', '--format', 'json', '--as-of', '2026-11-27'], dir);
      assert.equal(r.code, 1);
      assert.equal(JSON.parse(r.stdout).summary.errors, 2);
    });
    it('a bad config exits 2 naming the file and field', () => {
      const dir = tempRepo(warningsOnly, { config: 'rules:\n  nope: off\n' });
      assertUsageError(isms(['check', '--format', 'json'], dir), /isms\.config\.yaml: rules\.nope: unknown rule code/);
      assertUsageError(isms(['check', '--config', 'missing.yaml'], dir), /missing\.yaml/);
    });
    it('--as-of that is not a real date exits 2 with one stderr line and nothing on stdout', () => {
      for (const value of ['2026-02-30', '2026-13-01', '2026-1-5', 'tomorrow']) assertUsageError(isms(['check', '--format', 'json', '--as-of', value]), new RegExp(`--as-of.*${value}`));
      assertUsageError(isms(['check', '--as-of']), /--as-of/);
    });
    it('a missing PATH exits 2', () => assertUsageError(isms(['check', 'no/such/folder', '--format', 'json']), /no\/such\/folder/));
    describe('root and PATHs (FORMAT.md, v2 CLI additions)', () => {
      const record = 'kind: Control\nid: A\ntitle: t\napplicable: false\n';
      const bare = () => tempRepo({ 'repo/isms/a.yaml': record }, { config: null });
      it('with no marker above it, the first PATH is the root', () => {
        const dir = bare();
        const r = isms(['check', 'repo', '--format', 'json', '--as-of', '2026-11-27'], dir);
        assert.equal(r.code, 0, r.stderr);
        const json = JSON.parse(r.stdout);
        assert.equal(json.summary.files, 1);
        assert.deepEqual(json.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`), ['repo/isms/a.yaml soa-justification-missing']);
      });
      it('a file as PATH: its folder is the root when nothing marks one, and the file is checked', () => {
        const dir = tempRepo({ 'loose/a.isms.yaml': record, 'loose/b.isms.yaml': record.replace('id: A', 'id: B') }, { config: null });
        const r = isms(['check', 'loose/a.isms.yaml', '--format', 'json', '--as-of', '2026-11-27'], dir);
        assert.equal(r.code, 0, r.stderr);
        const json = JSON.parse(r.stdout);
        assert.equal(json.summary.files, 1);
        assert.deepEqual(json.diagnostics.map((d: { file: string }) => d.file), ['loose/a.isms.yaml']);
      });
      it('a PATH outside the working directory\'s git repository is checked as its own root', () => {
        const dir = tempRepo({ 'here/.git/HEAD': 'ref: refs/heads/main\n', 'here/isms/x.yaml': record.replace('id: A', 'id: X'), 'other/isms/a.yaml': record }, { config: null });
        const r = isms(['check', '../other', '--format', 'json', '--as-of', '2026-11-27'], path.join(dir, 'here'));
        assert.equal(r.code, 0, r.stderr);
        const json = JSON.parse(r.stdout);
        assert.deepEqual(json.diagnostics.map((d: { file: string; record: string }) => `${d.file} ${d.record}`), ['../other/isms/a.yaml A']);
      });
      it('an empty folder, or one without ISMS files, exits 2 naming the PATH and the include globs', () => {
        const dir = tempRepo({ 'empty/.keep': '', 'docs/readme.yaml': 'a: 1\n' }, { config: null });
        assertUsageError(isms(['check', 'empty', '--format', 'json'], dir), /^isms: empty: no ISMS files under it \(include globs: isms\/\*\*\/\*\.yaml/);
        assertUsageError(isms(['check', 'docs'], dir), /^isms: docs: no ISMS files under it/);
        const repo = tempRepo({ 'isms/a.yaml': record, 'notes/n.txt': 'x' });
        assertUsageError(isms(['check', '.', 'notes'], repo), /^isms: notes: no ISMS files under it/);
        assertUsageError(isms(['check'], tempRepo({})), /^isms: \.: no ISMS files under it/);
      });
      it('a later PATH outside the root found from the first exits 2', () => {
        const dir = tempRepo({ 'a/isms.config.yaml': '', 'a/isms/a.yaml': record, 'b/isms.config.yaml': '', 'b/isms/b.yaml': record }, { config: null });
        assertUsageError(isms(['check', 'a', 'b'], dir), /^isms: b: outside the ISMS repository at a/);
      });
    });
    it('an unknown flag, format or command exits 2', () => {
      assertUsageError(isms(['check', '--fromat', 'json']), /--fromat/);
      assertUsageError(isms(['check', '--format', 'xml']), /--format/);
      assertUsageError(isms(['chekc']), /chekc/);
    });
    it('--help and --version exit 0', () => {
      const help = isms(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /isms check/);
      assert.equal(isms(['--version']).code, 0);
    });
    it('the as-of date defaults to today in the local time zone', () => {
      const dir = tempRepo(warningsOnly);
      const r = isms(['check', '--format', 'json'], dir);
      const now = new Date();
      const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
      assert.equal(JSON.parse(r.stdout).asOf, today);
    });
  });
});
