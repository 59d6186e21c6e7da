// Issue 14: the history from git (src/core/history), on real repositories with scripted commits.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, type CheckResult } from '../../src/core/engine/check';
import { historyReport, loadGitHistory, MemoryVersionCache, readHistory } from '../../src/core/history';
import { BatchParser, GitNotFound, nodeGit, type Git, type GitBlob } from '../../src/core/history/gitProcess';
import { subtractDuration, trendMonths } from '../../src/core/history/gitHistory';
import { parseConfig, ConfigError } from '../../src/core/config/config';
import { KNOWN_CODES } from '../../src/core/rules';
import { parseDate } from '../../src/core/model/dates';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
import { recordDueChange } from '../../src/core/edits/ismsEdits';
import { applyEdits } from '../../src/core/edits/textEdit';
import { IsmsFileMatcher } from '../../src/core/reading/repository';
import { DEFAULT_CONFIG } from '../../src/core/config/config';
import { ScriptedRepo, shallowClone, gitEnv } from './helpers/gitRepo';
import { blockingFileSystem, type FileSystem } from '../../src/core/reading/fileSystem';

interface ActionSpec {
  id?: string;
  description: string;
  due: string;
  status?: string;
  history?: Array<[string, string]>;
}

function nc(id: string, actions: ActionSpec[], status = 'open', eol = '\n'): string {
  const lines = [
    'kind: Nonconformity', `id: ${id}`, `title: Finding ${id}`, 'severity: minor', 'source: internal-audit', 'raised: 2025-01-10', 'owner: Ana', `status: ${status}`,
  ];
  if (status === 'closed') lines.push('closed: 2025-06-01');
  if (actions.length > 0) lines.push('actions:');
  for (const a of actions) {
    lines.push(a.id ? `  - id: ${a.id}` : `  - description: ${a.description}`);
    if (a.id) lines.push(`    description: ${a.description}`);
    lines.push('    owner: Bo', `    due: ${a.due}`, `    status: ${a.status ?? 'open'}`);
    if (a.history) {
      lines.push('    due_history:');
      for (const [from, to] of a.history) lines.push(`      - from: ${from}`, `        to: ${to}`, '        reason: agreed');
    }
  }
  return lines.join(eol) + eol;
}

const AS_OF = '2026-11-27';
const CODE = 'due-changed-without-history';

async function run(repo: ScriptedRepo, extra: Partial<Parameters<typeof check>[0]> = {}): Promise<CheckResult> {
  return check({ cwd: repo.dir, asOf: AS_OF, ...extra });
}

function historyDiagnostics(result: CheckResult) {
  return result.diagnostics.filter((d) => d.code === CODE);
}

async function report(repo: ScriptedRepo, result?: CheckResult) {
  const r = result ?? (await run(repo));
  return historyReport(r.history, r.index.records(), parseDate(r.asOf)!);
}

function newRepo(): ScriptedRepo {
  return new ScriptedRepo().write({ 'isms.config.yaml': '' });
}

describe('history from git (issue 14)', function () {
  this.timeout(30000);

  describe('due-changed-without-history', () => {
    it('reports a due moved in a commit without a due_history entry, naming X, Y, short hash, date and author', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2027-09-30' }]) });
      const moved = repo.commit('move', { date: '2026-09-28', author: 'Bea' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2027-10-15' }]) });
      const result = await run(repo);
      const found = historyDiagnostics(result);
      assert.equal(found.length, 1);
      const d = found[0];
      assert.equal(d.severity, 'warning');
      assert.equal(d.record, 'NC-1');
      assert.match(d.message, /from 2027-09-30 to 2027-10-15/);
      assert.ok(d.message.includes(`${moved.slice(0, 7)} (2026-09-28, Bea)`), d.message);
      // at the current due value
      const text = fs.readFileSync(path.join(repo.dir, 'isms/nc/NC-1.yaml'), 'utf8');
      const line = text.split('\n')[d.range.start.line];
      assert.equal(line.slice(d.range.start.character, d.range.end.character), '2027-10-15');
      assert.deepEqual(d.fix, { kind: 'record-due-change', from: '2027-09-30', to: '2027-10-15', on: '2026-09-28' });
      assert.equal(result.exitCode, 0, 'a warning does not change the exit code');
    });

    it('is silent when the commit recorded the change, and reports an entry with the wrong from', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-03-01' }, {
        'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-09-30' }]),
        'isms/nc/NC-2.yaml': nc('NC-2', [{ description: 'Rotate keys', due: '2026-05-31' }]),
      });
      repo.commit('move both', { date: '2026-09-28' }, {
        'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-10-15', history: [['2026-09-30', '2026-10-15']] }]),
        'isms/nc/NC-2.yaml': nc('NC-2', [{ description: 'Rotate keys', due: '2026-07-31', history: [['2026-06-30', '2026-07-31']] }]),
      });
      const result = await run(repo);
      assert.deepEqual(historyDiagnostics(result).map((d) => d.record), ['NC-2']);
      assert.match(historyDiagnostics(result)[0].message, /from 2026-05-31 to 2026-07-31/);
      const trail = (await report(repo, result)).trail;
      assert.deepEqual(trail.map((e) => [e.type, e.record, e.from, e.to, e.recorded]), [
        ['due-moved', 'NC-1', '2026-09-30', '2026-10-15', true],
        ['due-moved', 'NC-2', '2026-05-31', '2026-07-31', false],
      ]);
      assert.equal(trail[0].author, 'Ana <ana@example.com>');
      assert.equal(trail[0].date, '2026-09-28');
    });

    it('follows renamed files and records moved between files', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, {
        'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-09-30' }]),
        'isms/all.yaml': nc('NC-2', [{ description: 'Rotate keys', due: '2026-05-31' }]) + '---\n' + nc('NC-3', [{ description: 'Train staff', due: '2026-04-30' }]),
      });
      repo.move('isms/nc/NC-1.yaml', 'isms/2026/NC-1.yaml');
      repo.commit('rename only', { date: '2026-03-01' });
      repo.move('isms/2026/NC-1.yaml', 'isms/archive/NC-1.yaml');
      repo.write({ 'isms/archive/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-12-15' }]) });
      repo.commit('rename and move the due', { date: '2026-04-01', author: 'Cy' });
      // NC-3 leaves the shared file for its own file, its due moved in the same commit
      repo.commit('split', { date: '2026-05-01' }, {
        'isms/all.yaml': nc('NC-2', [{ description: 'Rotate keys', due: '2026-05-31' }]),
        'isms/nc/NC-3.yaml': nc('NC-3', [{ description: 'Train staff', due: '2026-06-30' }]),
      });
      const found = historyDiagnostics(await run(repo));
      assert.deepEqual(found.map((d) => [d.record, d.file]), [['NC-1', 'isms/archive/NC-1.yaml'], ['NC-3', 'isms/nc/NC-3.yaml']]);
      assert.match(found[0].message, /from 2026-09-30 to 2026-12-15 .*Cy/);
      assert.match(found[1].message, /from 2026-04-30 to 2026-06-30/);
      const trail = (await report(repo)).trail;
      assert.ok(!trail.some((e) => e.type === 'record-removed'), 'a move is not a removal');
    });

    it('identifies an action by id (description changed) and by description (no id)', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, {
        'isms/nc/NC-1.yaml': nc('NC-1', [{ id: 'A1', description: 'Patch servers', due: '2026-09-30' }, { description: 'Write runbook', due: '2026-08-31' }]),
      });
      repo.commit('move', { date: '2026-03-01' }, {
        // A1 renamed and moved; the second action moved; a third, new one is not a change
        'isms/nc/NC-1.yaml': nc('NC-1', [{ id: 'A1', description: 'Patch all servers', due: '2026-10-31' }, { description: 'Write runbook', due: '2026-09-15' }, { description: 'New', due: '2026-01-01' }]),
      });
      const found = historyDiagnostics(await run(repo));
      assert.equal(found.length, 2);
      assert.match(found[0].message, /^Action 'Patch all servers': due changed from 2026-09-30 to 2026-10-31/);
      assert.match(found[1].message, /^Action 'Write runbook': due changed from 2026-08-31 to 2026-09-15/);
      // a description change without id breaks the identity: no comparison
      repo.commit('rename without id', { date: '2026-04-01' }, {
        'isms/nc/NC-1.yaml': nc('NC-1', [{ id: 'A1', description: 'Patch all servers', due: '2026-10-31' }, { description: 'Write the runbook', due: '2026-12-15' }, { description: 'New', due: '2026-01-01' }]),
      });
      assert.equal(historyDiagnostics(await run(repo)).length, 1, 'only A1 stays identified (the runbook action lost its identity)');
    });

    it('compares the working tree and unsaved text with the last commit', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-09-30' }]) });
      assert.equal(historyDiagnostics(await run(repo)).length, 0);
      repo.write({ 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-11-30' }]) });
      const found = historyDiagnostics(await run(repo));
      assert.equal(found.length, 1);
      assert.equal(found[0].message, "Action 'Patch servers': due changed from 2026-09-30 to 2026-11-30 since the last commit without a due_history entry {from: 2026-09-30, to: 2026-11-30}");
      assert.deepEqual(found[0].fix, { kind: 'record-due-change', from: '2026-09-30', to: '2026-11-30' });
      // an editor's unsaved text that records the change
      const unsaved = new Map([[path.join(repo.dir, 'isms/nc/NC-1.yaml'), nc('NC-1', [{ description: 'Patch servers', due: '2026-11-30', history: [['2026-09-30', '2026-11-30']] }])]]);
      assert.equal(historyDiagnostics(await run(repo, { unsaved })).length, 0);
    });

    it('the quick fix entry clears the diagnostic; config rules and suppressions apply', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-09-30' }]) });
      repo.commit('move', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-10-31' }]) });
      const file = path.join(repo.dir, 'isms/nc/NC-1.yaml');
      const text = fs.readFileSync(file, 'utf8');
      const record = readIsmsFile('isms/nc/NC-1.yaml', text).records[0];
      const fixed = applyEdits(text, recordDueChange(text, record, ['actions', 0], { from: '2026-09-30', to: '2026-10-31', reason: 'supplier late', on: '2026-03-01' }));
      assert.ok(fixed.endsWith('    due_history:\n      - from: 2026-09-30\n        to: 2026-10-31\n        reason: supplier late\n        on: 2026-03-01\n'), fixed);
      fs.writeFileSync(file, fixed);
      assert.equal(historyDiagnostics(await run(repo)).length, 0, 'recorded in the working tree counts');
      fs.writeFileSync(file, text);
      repo.write({ 'isms.config.yaml': `rules:\n  ${CODE}: error\n` });
      const escalated = await run(repo);
      assert.equal(historyDiagnostics(escalated)[0].severity, 'error');
      assert.equal(escalated.exitCode, 1);
      repo.write({ 'isms.config.yaml': `rules:\n  ${CODE}: off\n` });
      assert.equal(historyDiagnostics(await run(repo)).length, 0);
      repo.write({ 'isms.config.yaml': '', 'isms/nc/NC-1.yaml': text.replace('    due: 2026-10-31', `    # isms-disable-next-line ${CODE} -- agreed\n    due: 2026-10-31`) });
      repo.commit('suppress', { date: '2026-03-02' });
      assert.equal(historyDiagnostics(await run(repo)).length, 0);
    });

    it('reads CRLF files like LF files', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-09-30' }], 'open', '\r\n') });
      repo.commit('move', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2026-10-31' }], 'open', '\r\n') });
      const found = historyDiagnostics(await run(repo));
      assert.equal(found.length, 1);
      assert.equal(found[0].range.start.line, 11);
      assert.equal(found[0].range.start.character, 9);
    });

    it('works when the ISMS root is a folder inside the git work tree', async () => {
      const repo = new ScriptedRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'compliance/isms.config.yaml': '', 'compliance/isms/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2027-07-10' }]), 'src/app.yaml': 'x: 1\n' });
      repo.commit('move', { date: '2026-03-01', author: 'Di' }, { 'compliance/isms/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2027-08-10' }]), 'src/app.yaml': 'x: 2\n' });
      const result = await check({ cwd: path.join(repo.dir, 'compliance'), asOf: AS_OF });
      const found = historyDiagnostics(result);
      assert.deepEqual(found.map((d) => d.file), ['isms/NC-1.yaml']);
      assert.match(found[0].message, /Di\)/);
    });

    it('looks back history.since from as-of only', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2022-01-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2022-09-30' }]) });
      repo.commit('old move', { date: '2022-06-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2022-12-31' }]) });
      repo.commit('recent move', { date: '2026-06-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch servers', due: '2027-01-31' }]) });
      assert.equal(historyDiagnostics(await run(repo)).length, 1, 'P3Y: only the 2026 move');
      repo.write({ 'isms.config.yaml': 'history:\n  since: P5Y\n' });
      assert.equal(historyDiagnostics(await run(repo)).length, 2);
    });
  });

  describe('audit trail and trend', () => {
    it('a deleted nonconformity is record-removed, naming the commit that removed it', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', []), 'isms/nc/NC-2.yaml': nc('NC-2', []) });
      const removed = repo.commit('drop', { date: '2026-05-05', author: 'Eve' }, { 'isms/nc/NC-2.yaml': null });
      const trail = (await report(repo)).trail;
      assert.deepEqual(trail, [{ type: 'record-removed', record: 'NC-2', commit: removed.slice(0, 7), date: '2026-05-05', author: 'Eve <eve@example.com>', file: 'isms/nc/NC-2.yaml', from: 'open' }]);
      // removed in the working tree only: no commit yet
      fs.rmSync(path.join(repo.dir, 'isms/nc/NC-1.yaml'));
      const now = (await report(repo)).trail.find((e) => e.record === 'NC-1');
      assert.deepEqual(now, { type: 'record-removed', record: 'NC-1', file: 'isms/nc/NC-1.yaml', from: 'open' });
    });

    it('a nonconformity closed and then reopened is reopened', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [], 'open') });
      repo.commit('close', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [], 'closed') });
      const reopened = repo.commit('reopen', { date: '2026-04-01', author: 'Bo' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [], 'in-progress') });
      const trail = (await report(repo)).trail;
      assert.deepEqual(trail, [{ type: 'reopened', record: 'NC-1', commit: reopened.slice(0, 7), date: '2026-04-01', author: 'Bo <bo@example.com>', file: 'isms/nc/NC-1.yaml', from: 'closed', to: 'in-progress' }]);
    });

    it('the trend: 12 months ending with as-of, months before the first commit left out, as-of month from the working tree', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-06-15' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      repo.commit('second', { date: '2026-08-03' }, { 'isms/nc/NC-2.yaml': nc('NC-2', [{ description: 'Train', due: '2026-12-31' }]) });
      repo.commit('patch done', { date: '2026-09-20' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10', status: 'done' }], 'closed') });
      // working tree: a third, overdue as of 2026-11-27
      repo.write({ 'isms/nc/NC-3.yaml': nc('NC-3', [{ description: 'Fix', due: '2026-11-01' }]) });
      const { trend } = await report(repo);
      assert.deepEqual(trend.months, ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
      assert.deepEqual(trend.openNonconformities, [1, 1, 2, 1, 1, 2]);
      // June: NC-1's action due 07-10 is not before 06-30; July: it is
      assert.deepEqual(trend.overdueActions, [0, 1, 1, 0, 0, 1]);
    });

    it('the trend splits open nonconformities by the severity each had at the month end: changed mid-year, reopened, unspecified', async () => {
      const finding = (id: string, severity: string | undefined, status = 'open') => [
        'kind: Nonconformity', `id: ${id}`, `title: Finding ${id}`, ...(severity ? [`severity: ${severity}`] : []), 'source: internal-audit', 'raised: 2026-01-10', 'owner: Ana',
        `status: ${status}`, ...(status === 'closed' ? ['closed: 2026-04-05'] : []), '',
      ].join('\n');
      const repo = newRepo();
      repo.commit('raise two', { date: '2026-01-15' }, { 'isms/nc/NC-1.yaml': finding('NC-1', 'major'), 'isms/nc/NC-2.yaml': finding('NC-2', 'minor') });
      repo.commit('close NC-2', { date: '2026-04-05' }, { 'isms/nc/NC-2.yaml': finding('NC-2', 'minor', 'closed') });
      // downgraded mid-year, on the last day of May (late evening: still May in the committer's zone)
      repo.commit('downgrade NC-1', { date: '2026-05-31T23:30:00+00:00' }, { 'isms/nc/NC-1.yaml': finding('NC-1', 'minor') });
      repo.commit('reopen NC-2', { date: '2026-07-01' }, { 'isms/nc/NC-2.yaml': finding('NC-2', 'minor', 'in-progress') });
      // upgraded and downgraded again within August: only the month-end state counts
      repo.commit('upgrade NC-1', { date: '2026-08-05' }, { 'isms/nc/NC-1.yaml': finding('NC-1', 'major') });
      repo.commit('downgrade NC-1 again', { date: '2026-08-20' }, { 'isms/nc/NC-1.yaml': finding('NC-1', 'minor') });
      repo.commit('two more', { date: '2026-09-12' }, { 'isms/nc/NC-3.yaml': finding('NC-3', 'observation'), 'isms/nc/NC-4.yaml': finding('NC-4', undefined), 'isms/nc/NC-5.yaml': finding('NC-5', 'severe') });
      // working tree (as-of's month): NC-1 closed, NC-3 raised to major, not committed
      repo.write({ 'isms/nc/NC-1.yaml': finding('NC-1', 'minor', 'closed'), 'isms/nc/NC-3.yaml': finding('NC-3', 'major') });
      const result = await run(repo);
      const { trend } = await report(repo, result);
      assert.deepEqual(trend.months, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
      //                                               Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov
      assert.deepEqual(trend.openNonconformitiesBySeverity, {
        major: /*       */ [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1],
        minor: /*       */ [1, 1, 1, 0, 1, 1, 2, 2, 2, 2, 1],
        observation: /* */ [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0],
        opportunity: /* */ [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        unspecified: /* */ [0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2],
      });
      assert.deepEqual(trend.openNonconformities, [2, 2, 2, 1, 1, 1, 2, 2, 5, 5, 4]);
      // the reopening is in the trail too
      assert.deepEqual((await report(repo, result)).trail.filter((e) => e.type === 'reopened').map((e) => [e.record, e.date]), [['NC-2', '2026-07-01']]);
      // from the check cache (what git answered and the computed months restored): the same split
      const cacheFile = path.join(repo.dir, '.git', 'trend.ismscache');
      await run(repo, { cache: { file: cacheFile } });
      const cached = await run(repo, { cache: { file: cacheFile } });
      assert.deepEqual((await report(repo, cached)).trend, trend);
    });

    it('the trend has its severity split empty without history', async () => {
      const repo = newRepo();
      repo.write({ 'isms/nc/NC-1.yaml': nc('NC-1', []) });
      // a git work tree without a commit yet
      const r = await report(repo);
      assert.equal(r.available, false);
      assert.deepEqual(r.trend, { months: [], openNonconformities: [], overdueActions: [], openNonconformitiesBySeverity: { major: [], minor: [], observation: [], opportunity: [], unspecified: [] } });
    });

    it('readHistory gives the same as check + historyReport', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      repo.commit('move', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-08-10' }]) });
      const result = await run(repo);
      const direct = await readHistory({
        root: repo.dir, config: DEFAULT_CONFIG, asOf: parseDate(AS_OF)!, isIsmsFile: (p) => new IsmsFileMatcher(DEFAULT_CONFIG).matches(p), records: result.index.records(),
      });
      assert.deepEqual(direct, await report(repo, result));
      assert.equal(direct.trail.length, 1);
    });
  });

  describe('when history is missing or incomplete', () => {
    it('a shallow clone is reported as shallow, never as no changes', async () => {
      const source = newRepo();
      source.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      source.commit('move', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-12-10' }]) });
      const clone = shallowClone(source);
      const result = await run(clone);
      assert.equal(result.history.available, false);
      assert.ok(!result.history.available && result.history.cause === 'shallow');
      assert.match((result.history as { reason: string }).reason, /shallow clone/);
      assert.equal(historyDiagnostics(result).length, 0);
      const r = await report(clone, result);
      assert.equal(r.available, false);
      assert.deepEqual(r.trend.months, []);
    });

    it('history: off turns it off and says so', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      repo.commit('move', { date: '2026-03-01' }, { 'isms.config.yaml': 'history: off\n', 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-12-10' }]) });
      const result = await run(repo);
      assert.ok(!result.history.available && result.history.cause === 'off');
      assert.equal(historyDiagnostics(result).length, 0);
    });

    it('outside a work tree, and with no git at all (injected), the rest of the check is unchanged', async () => {
      const plain = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'isms-plain-'));
      fs.mkdirSync(path.join(plain, 'isms'));
      fs.writeFileSync(path.join(plain, 'isms/NC-1.yaml'), nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]));
      const outside = await check({ cwd: plain, asOf: AS_OF });
      assert.ok(!outside.history.available && outside.history.cause === 'not-a-work-tree');
      const noGit: Git = { run: async () => { throw new GitNotFound('git is not on the PATH'); }, readBlobs: async () => { throw new GitNotFound('git is not on the PATH'); } };
      const without = await check({ cwd: plain, asOf: AS_OF, git: noGit });
      assert.ok(!without.history.available && without.history.cause === 'no-git');
      assert.deepEqual(without.diagnostics, outside.diagnostics);
      assert.equal(without.exitCode, outside.exitCode);
      fs.rmSync(plain, { recursive: true, force: true });
    });

    it('bad versions in history (invalid YAML, binary, too large) are skipped with their reason, never a false removal', async () => {
      const repo = newRepo();
      repo.write({ 'isms.config.yaml': 'maxFileSize: 4KB\n' });
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]), 'isms/blob.yaml': 'ok: 1\n' });
      repo.commit('break', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': 'kind: Nonconformity\nid: NC-1\n  title: [broken\n', 'isms/blob.yaml': Buffer.from([0x6b, 0x00, 0x01, 0x02]) });
      repo.commit('huge', { date: '2026-03-15' }, { 'isms/blob.yaml': `x: "${'a'.repeat(8000)}"\n` });
      repo.commit('fix', { date: '2026-04-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-09-10' }]), 'isms/blob.yaml': 'ok: 2\n' });
      const result = await run(repo);
      assert.ok(result.history.available);
      const reasons = result.history.skipped.map((s) => `${s.file}: ${s.reason}`).sort();
      assert.equal(reasons.length, 3, reasons.join('\n'));
      assert.match(reasons[0], /^isms\/blob\.yaml: 8 KB, over the 4 KB limit/);
      assert.match(reasons[1], /^isms\/blob\.yaml: a binary file$/);
      assert.match(reasons[2], /^isms\/nc\/NC-1\.yaml: not valid YAML \(line \d+: /);
      // the change across the broken version is still seen, and nothing was "removed"
      assert.match(historyDiagnostics(result)[0].message, /from 2026-07-10 to 2026-09-10/);
      assert.deepEqual((await report(repo, result)).trail.map((e) => e.type), ['due-moved']);
    });
  });

  describe('the CLI', () => {
    const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
    const cli = (cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
      spawnSync(process.execPath, [CLI, 'check', '--as-of', AS_OF, ...args], { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });

    it('says once why history was not read: text after the summary, json on stderr (shape unchanged); exit codes unchanged', () => {
      const source = newRepo();
      source.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2027-07-10' }]) });
      const clone = shallowClone(source);
      const text = cli(clone.dir, []);
      assert.equal(text.status, 0, text.stderr);
      const lines = text.stdout.trimEnd().split('\n');
      assert.match(lines[lines.length - 2], /1 file, 1 record checked/);
      assert.match(lines[lines.length - 1], /^history: this is a shallow clone/);
      const json = cli(clone.dir, ['--format', 'json']);
      assert.deepEqual(Object.keys(JSON.parse(json.stdout)), ['asOf', 'summary', 'diagnostics']);
      assert.equal(json.stderr.trim().split('\n').length, 1);
      assert.match(json.stderr, /^isms: history: this is a shallow clone/);
      // no git on the PATH (node itself by absolute path)
      const noGit = cli(source.dir, ['--format', 'json'], { ...process.env, PATH: '/nonexistent' });
      assert.equal(noGit.status, 0);
      assert.match(noGit.stderr, /^isms: history: git is not on the PATH/);
      assert.deepEqual(JSON.parse(noGit.stdout).diagnostics, JSON.parse(cli(source.dir, ['--format', 'json']).stdout).diagnostics);
    });

    it('--cache keeps the parsed versions: the second run parses nothing from git and reports the same', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      for (let i = 1; i <= 5; i++) repo.commit(`move ${i}`, { date: `2026-0${i + 2}-01` }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: `2026-0${i + 4}-10` }]) });
      const cacheFile = path.join(repo.dir, '.git', 'test.ismscache');
      const first = await run(repo, { cache: { file: cacheFile } });
      const written = fs.readFileSync(cacheFile);
      const second = await run(repo, { cache: { file: cacheFile } });
      assert.ok(first.history.available && second.history.available);
      assert.ok(fs.readFileSync(cacheFile).equals(written), 'a run with nothing new leaves the cache file as it was');
      assert.ok(first.history.stats.blobsParsed > 0);
      assert.equal(second.history.stats.blobsParsed, 0);
      assert.deepEqual(second.diagnostics, first.diagnostics);
      assert.equal(historyDiagnostics(second).length, 5);
      // The second run restored the whole history from git's cached answers: the versions stay in
      // the cache all the same, so a new commit parses only its own version (here: the working tree's).
      repo.commit('move 6', { date: '2026-08-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-11-10' }]) });
      const third = await run(repo, { cache: { file: cacheFile } });
      assert.ok(third.history.available);
      assert.deepEqual(third.history.stats, { blobsParsed: 0, blobsFromCache: first.history.stats.blobsParsed + first.history.stats.blobsFromWorkingTree, blobsFromWorkingTree: 1 });
      assert.equal(historyDiagnostics(third).length, 6);
    });
  });

  describe('pieces', () => {
    it('config history: off or since, validated like every other key', () => {
      assert.equal(parseConfig('history: off\n', 'c', KNOWN_CODES).history, 'off');
      assert.deepEqual(parseConfig('history:\n  since: P18M\n', 'c', KNOWN_CODES).history, { since: { amount: 18, unit: 'M' } });
      assert.deepEqual(parseConfig('', 'c', KNOWN_CODES).history, { since: { amount: 3, unit: 'Y' } });
      for (const [text, message] of [
        ['history: yes\n', /history: must be off, or a mapping with since/],
        ['history:\n  since: 3 years\n', /history\.since: must be a duration/],
        ['history:\n  sinc: P1Y\n', /history\.sinc: unknown setting \(did you mean 'since'\?\)/],
      ] as const) {
        assert.throws(() => parseConfig(text, 'isms.config.yaml', KNOWN_CODES), (e: unknown) => e instanceof ConfigError && message.test(e.message));
      }
    });

    it('trend months and durations back from as-of', () => {
      assert.deepEqual(trendMonths(parseDate('2026-02-10')!).map((m) => m.month), ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
      assert.equal(subtractDuration(parseDate('2028-02-29')!, { amount: 1, unit: 'Y' }), parseDate('2027-02-28'));
      assert.equal(subtractDuration(parseDate('2026-03-31')!, { amount: 1, unit: 'M' }), parseDate('2026-02-28'));
      assert.equal(subtractDuration(parseDate('2026-01-15')!, { amount: 14, unit: 'M' }), parseDate('2024-11-15'));
    });

    it('cat-file --batch output is parsed across chunk boundaries, large objects skipped', () => {
      const blobs: GitBlob[] = [];
      const parser = new BatchParser(5, (b) => blobs.push(b));
      const out = Buffer.from('aaa blob 3\nabc\nbbb missing\nccc blob 10\n0123456789\nddd blob 0\n\n');
      for (let i = 0; i < out.length; i += 3) parser.push(out.subarray(i, i + 3));
      assert.deepEqual(blobs.map((b) => ('bytes' in b ? `${b.id}:${Buffer.from(b.bytes).toString()}` : 'missing' in b ? `${b.id}:missing` : `${b.id}:large`)), ['aaa:abc', 'bbb:missing', 'ccc:large', 'ddd:']);
    });

    it('a repository without commits, and a folder inside .git, say so (one rev-parse answers both)', async () => {
      const repo = newRepo();
      const empty = await loadGitHistory({ root: repo.dir, config: DEFAULT_CONFIG, isIsmsFile: () => true, asOf: parseDate(AS_OF)! });
      assert.ok(!empty.available && empty.cause === 'no-commits', JSON.stringify(empty));
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      const inGitDir = await loadGitHistory({ root: path.join(repo.dir, '.git'), config: DEFAULT_CONFIG, isIsmsFile: () => true, asOf: parseDate(AS_OF)! });
      assert.ok(!inGitDir.available && inGitDir.cause === 'not-a-work-tree', JSON.stringify(inGitDir));
      const read = await loadGitHistory({ root: repo.dir, config: DEFAULT_CONFIG, isIsmsFile: () => true, asOf: parseDate(AS_OF)! });
      assert.ok(read.available && read.commits === 1 && /^[0-9a-f]{40}$/.test(read.head));
    });

    it('git runs beside the scan: its first command starts before the working tree is read, with the same results', async () => {
      const repo = newRepo();
      const files: Record<string, string> = {};
      for (let i = 0; i < 300; i++) files[`isms/nc/NC-${i}.yaml`] = nc(`NC-${i}`, [{ description: 'Patch', due: '2026-07-10' }]);
      repo.commit('raise', { date: '2026-02-01' }, files);
      repo.commit('move', { date: '2026-03-01' }, { 'isms/nc/NC-7.yaml': nc('NC-7', [{ description: 'Patch', due: '2026-08-10' }]) });
      const events: string[] = [];
      const git: Git = {
        run: (cwd, args, input) => { events.push(`git ${args[0]}`); return nodeGit.run(cwd, args, input); },
        readBlobs: (cwd, ids, max, on) => { events.push(`blobs ${ids.length}`); return nodeGit.readBlobs(cwd, ids, max, on); },
      };
      const reading: FileSystem = { ...blockingFileSystem, readRegularFile: (p, max) => { events.push('read'); return blockingFileSystem.readRegularFile!(p, max); } };
      const beside = await run(repo, { git, fs: reading });
      assert.equal(events[0], 'git rev-parse', 'git is asked before the first file is read');
      assert.ok(events.indexOf('read') > 0 && events.includes('git log'));
      const alone = await run(repo);
      assert.deepEqual(beside.diagnostics, alone.diagnostics);
      assert.equal(historyDiagnostics(beside).length, 1);
      assert.ok(beside.history.available && beside.history.stats.blobsFromWorkingTree === 300, 'unchanged files are still taken from the working tree, not git');
      assert.deepEqual(events.filter((e) => e.startsWith('blobs') && e !== 'blobs 0'), ['blobs 1'], 'only the old NC-7 is read from git');
    });

    it('when reading the working tree fails, the check fails with that error, and nothing of its history runs on', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      let gitCalls = 0;
      const git: Git = { run: (cwd, args, input) => { gitCalls++; return nodeGit.run(cwd, args, input); }, readBlobs: nodeGit.readBlobs };
      const broken: FileSystem = { ...blockingFileSystem, readdir: async () => 'not a listing' as never };
      await assert.rejects(run(repo, { git, fs: broken }), TypeError);
      assert.ok(gitCalls > 0, 'the history had started');
      const atFailure = gitCalls;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(gitCalls, atFailure, 'no git command of that history runs after the check has failed');
    });

    it('the memory cache serves a second load without reading blobs', async () => {
      const repo = newRepo();
      repo.commit('raise', { date: '2026-02-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-07-10' }]) });
      repo.commit('move', { date: '2026-03-01' }, { 'isms/nc/NC-1.yaml': nc('NC-1', [{ description: 'Patch', due: '2026-08-10' }]) });
      const cache = new MemoryVersionCache();
      let batches = 0;
      const counting: Git = { run: nodeGit.run, readBlobs: (cwd, ids, max, on) => { if (ids.length > 0) batches++; return nodeGit.readBlobs(cwd, ids, max, on); } };
      const options = { root: repo.dir, config: DEFAULT_CONFIG, isIsmsFile: () => true, asOf: parseDate(AS_OF)!, git: counting, cache };
      const first = await loadGitHistory(options);
      const second = await loadGitHistory(options);
      assert.equal(batches, 1);
      assert.deepEqual(second, { ...first, stats: { blobsParsed: 0, blobsFromCache: cache.size, blobsFromWorkingTree: 0 } });
      void gitEnv;
    });
  });
});
