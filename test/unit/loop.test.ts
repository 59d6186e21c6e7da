// Format v2, the improvement loop: the exact positions and messages of the new rules, actions
// everywhere (rules and edits), the new config keys, and the index re-running repository-wide
// rules when any record they read changes.
import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfig, type IsmsConfig } from '../../src/core/config/config';
import { applyEdits } from '../../src/core/edits/textEdit';
import { extendDueDate, markActionDone } from '../../src/core/edits/ismsEdits';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { parseDate } from '../../src/core/model/dates';
import type { IsmsDiagnostic } from '../../src/core/model/model';
import { actionsOf, referencedKind, referencesOf } from '../../src/core/model/records';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
import { KNOWN_CODES } from '../../src/core/rules';

const AS_OF = '2026-11-27';

function index(files: Record<string, string>, config: IsmsConfig = DEFAULT_CONFIG, asOf = AS_OF): RepositoryIndex {
  const repo = new RepositoryIndex(config, parseDate(asOf)!);
  for (const [path, text] of Object.entries(files)) repo.setFile(path, text);
  return repo;
}

function all(repo: RepositoryIndex): IsmsDiagnostic[] {
  return repo.paths().sort().flatMap((p) => repo.diagnosticsFor(p));
}

/** The diagnostics of `code`, each as `file:line:startColumn-endColumn` (0-based) with its message. */
function found(repo: RepositoryIndex, code: string): Array<{ at: string; message: string }> {
  return all(repo).filter((d) => d.code === code).map((d) => ({ at: `${d.file}:${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`, message: d.message }));
}

/** `file:line:start-end` of the `n`th occurrence of `needle` in `text`. */
function at(file: string, text: string, needle: string, n = 0): string {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split('\n');
  const column = before[before.length - 1].length;
  return `${file}:${before.length - 1}:${column}-${column + needle.length}`;
}

const RISK = `kind: Risk
id: R-1
title: Phishing leads to account takeover
owner: cfo
identified: 2025-01-10
assessed: 2025-10-01
likelihood: 4
impact: 4
residual: {likelihood: 3, impact: 4}
treatment: accept
status: accepted
acceptance:
  accepted_by: cfo
  accepted_on: 2025-10-01
  expires: 2026-10-01
controls: [A.6.3]
treatment_plan:
  - description: Roll out FIDO2 keys
    owner: it
    due: 2026-11-01
    status: open
`;

describe('v2 improvement loop', () => {
  describe('exact positions and messages', () => {
    it('risk rules point at treatment, acceptance.expires, assessed', () => {
      const repo = index({ 'isms/r.yaml': RISK }, { ...DEFAULT_CONFIG, riskAppetite: 9 });
      assert.deepEqual(found(repo, 'risk-above-appetite'), [{ at: at('isms/r.yaml', RISK, 'accept'), message: 'Risk R-1 is accepted with a residual score of 12, above the risk appetite of 9' }]);
      assert.deepEqual(found(repo, 'risk-acceptance-expired'), [{ at: at('isms/r.yaml', RISK, '2026-10-01'), message: 'The acceptance of risk R-1 by cfo expired 2026-10-01 (57 days ago); renew or revisit the treatment' }]);
      assert.deepEqual(found(repo, 'risk-review-overdue'), [{ at: at('isms/r.yaml', RISK, '2025-10-01'), message: 'Risk R-1 was last assessed 2025-10-01; its reassessment was due 2026-10-01 (57 days ago)' }]);
      // The treatment plan's actions are actions everywhere.
      assert.deepEqual(found(repo, 'overdue-action').map((f) => f.at), [at('isms/r.yaml', RISK, '2026-11-01')]);
    });

    it('risk-acceptance-missing and risk-treatment-missing point at the treatment value', () => {
      const text = RISK.replace(/acceptance:\n( {2}.*\n)+/, '').replace('treatment: accept', 'treatment: "accept"');
      const repo = index({ 'isms/r.yaml': text });
      assert.deepEqual(found(repo, 'risk-acceptance-missing').map((f) => f.at), [at('isms/r.yaml', text, '"accept"')]);
      const mitigate = RISK.replace('treatment: accept', 'treatment: transfer').replace('status: accepted', 'status: treating').replace(/treatment_plan:\n( {2}.*\n)+/, '');
      assert.deepEqual(found(index({ 'isms/r.yaml': mitigate }), 'risk-treatment-missing'), [
        { at: at('isms/r.yaml', mitigate, 'transfer'), message: 'Risk R-1 is to be transferred but its treatment_plan has no action that is not cancelled (clause 6.1.3 e)' },
      ]);
    });

    it('plan rules point at status and period.end', () => {
      const plan = (id: string, status: string, start: string, end: string) =>
        `kind: ImprovementPlan\nid: ${id}\ntitle: t\nperiod: {start: ${start}, end: ${end}}\nstatus: ${status}\n${status === 'ratified' ? 'ratified_by: ceo\nratified_on: 2025-01-01\n' : ''}`;
      const a = plan('P-2025', 'ratified', '2025-01-01', '2025-12-31');
      const b = plan('P-2026', 'draft', '2026-01-01', '2026-12-31');
      const repo = index({ 'isms/a.yaml': a, 'isms/b.yaml': b });
      assert.deepEqual(found(repo, 'improvement-plan-lapsed'), [{ at: at('isms/a.yaml', a, '2025-12-31'), message: 'No ratified improvement plan covers 2026-11-27: P-2025 ended 2025-12-31 (331 days ago) (clause 10.1)' }]);
      assert.deepEqual(found(repo, 'improvement-plan-not-ratified'), [{ at: at('isms/b.yaml', b, 'draft'), message: 'Improvement plan P-2026 for 2026-01-01..2026-12-31 is still a draft; it needs ratification by top management' }]);
    });

    it('review rules point at date and status; extent-not-assessed and opportunity-not-planned at status and severity', () => {
      const review = 'kind: ManagementReview\nid: MR-1\ndate: 2025-06-30\nstatus: held\n';
      const nc = 'kind: Nonconformity\nid: NC-1\ntitle: t\nseverity: major\nsource: other\nraised: 2026-01-01\nowner: o\nstatus: implemented\nrca: RCA-1\n---\nkind: Nonconformity\nid: NC-2\ntitle: t\nseverity: opportunity\nsource: other\nraised: 2026-01-01\nowner: o\nstatus: open\n';
      const rca = 'kind: RootCauseAnalysis\nid: RCA-1\nnonconformity: NC-1\nmethod: five-whys\nproblem: p\nroot_causes: [c]\n';
      const repo = index({ 'isms/mr.yaml': review, 'isms/nc.yaml': nc, 'isms/rca.yaml': rca }, { ...DEFAULT_CONFIG, rules: { 'review-input-missing': 'off' } });
      assert.deepEqual(found(repo, 'management-review-overdue'), [{ at: at('isms/mr.yaml', review, '2025-06-30'), message: 'The last management review, MR-1, was held 2025-06-30; the next was due 2026-06-30 (150 days ago) (clause 9.3)' }]);
      assert.deepEqual(found(repo, 'review-decisions-missing').map((f) => f.at), [at('isms/mr.yaml', review, 'held')]);
      assert.deepEqual(found(repo, 'extent-not-assessed').map((f) => f.at), [at('isms/nc.yaml', nc, 'implemented')]);
      assert.deepEqual(found(repo, 'opportunity-not-planned').map((f) => f.at), [at('isms/nc.yaml', nc, 'opportunity')]);
    });

    it('audit rules point at the programme id and at the control item', () => {
      const programme = 'kind: AuditProgramme\nid: PRG-1\ntitle: t\nperiod: {start: 2026-01-01, end: 2026-12-31}\nclauses: ["9"]\ncontrols: [A.8.8]\n';
      const audit = 'kind: Audit\nid: AUD-1\ntype: internal\ndate: 2026-12-01\nstatus: planned\nauditor: Ana\nclauses: ["9.2"]\ncontrols: [A.8.9, A.8.8]\n';
      const controls = 'kind: Control\nid: A.8.8\ntitle: t\napplicable: true\nstatus: implemented\nowner: ANA\nlast_reviewed: 2026-06-01\n';
      const repo = index({ 'isms/p.yaml': programme, 'isms/a.yaml': audit, 'isms/c.yaml': controls });
      assert.deepEqual(found(repo, 'audit-programme-gap'), []);
      assert.deepEqual(found(repo, 'auditor-not-independent'), [
        { at: at('isms/a.yaml', audit, 'A.8.8'), message: 'Internal audit AUD-1 is done by Ana, who owns control A.8.8; an auditor must not audit their own work (clause 9.2.2 c)' },
      ]);
      repo.setFile('isms/a.yaml', audit.replace('"9.2"', '"10.1"').replace('A.8.9, A.8.8', 'A.8.9'));
      assert.deepEqual(found(repo, 'audit-programme-gap').map((f) => [f.at, f.message]), [
        [at('isms/p.yaml', programme, 'PRG-1'), 'Audit programme PRG-1: no internal audit of the programme covers clause 9 (performance evaluation) (clause 9.2.2)'],
        [at('isms/p.yaml', programme, 'PRG-1'), 'Audit programme PRG-1: 1 control is in its scope but in no internal audit of the programme: A.8.8 (clause 9.2.2)'],
      ]);
    });
  });

  describe('actions everywhere', () => {
    const plan = `kind: ImprovementPlan
id: P-1
title: t
period: {start: 2026-01-01, end: 2026-12-31}
status: draft
initiatives:
  - title: MFA with FIDO2 keys
    description: Every admin account uses a FIDO2 key
    owner: it
    due: 2026-11-30
    status: open
    risks: [R-1]
    controls: [A.8.5]
`;

    it('actionsOf names the list of each kind', () => {
      const risk = readIsmsFile('isms/r.yaml', RISK).records[0];
      const p = readIsmsFile('isms/p.yaml', plan).records[0];
      assert.deepEqual(actionsOf(risk).map((a) => [a.list, a.index, a.path]), [['treatment_plan', 0, ['treatment_plan', 0]]]);
      assert.deepEqual(actionsOf(p).map((a) => [a.list, a.index, a.path]), [['initiatives', 0, ['initiatives', 0]]]);
    });

    it('references of the new kinds, and referencedKind by path', () => {
      const p = readIsmsFile('isms/p.yaml', plan).records[0];
      assert.deepEqual(referencesOf(p).map((r) => [r.path.join('.'), r.target, r.expected]), [
        ['initiatives.0.controls.0', 'A.8.5', 'Control'],
        ['initiatives.0.risks.0', 'R-1', 'Risk'],
      ]);
      assert.equal(referencedKind('ImprovementPlan', ['initiatives', 3, 'risks', 0]), 'Risk');
      assert.equal(referencedKind('ImprovementPlan', ['initiatives', 3, 'nonconformities']), 'Nonconformity');
      assert.equal(referencedKind('ImprovementPlan', 'controls'), undefined);
      assert.equal(referencedKind('Audit', 'programme'), 'AuditProgramme');
      assert.equal(referencedKind('Nonconformity', ['risks', 0]), 'Risk');
    });

    it('extend due date and mark done edit the initiative and the treatment action', () => {
      const p = readIsmsFile('isms/p.yaml', plan).records[0];
      const extended = applyEdits(plan, extendDueDate(plan, p, 0, { newDue: '2027-01-31', reason: 'keys back-ordered', on: AS_OF }));
      assert.match(extended, / {4}due: 2027-01-31\n/);
      assert.match(extended, / {4}due_history:\n {6}- from: 2026-11-30\n {8}to: 2027-01-31\n {8}reason: keys back-ordered\n {8}on: 2026-11-27\n/);
      const risk = readIsmsFile('isms/r.yaml', RISK).records[0];
      const done = applyEdits(RISK, markActionDone(RISK, risk, 0, AS_OF));
      assert.match(done, / {4}status: done\n {4}completed: 2026-11-27\n/);
      assert.equal(readIsmsFile('isms/r.yaml', done).diagnostics.length, 0);
      assert.throws(() => markActionDone(RISK, risk, 3, AS_OF), /has no action #4/);
    });
  });

  describe('config', () => {
    const parse = (text: string) => parseConfig(text, 'isms.config.yaml', KNOWN_CODES);
    it('reads riskReviewInterval, managementReviewInterval and riskAppetite', () => {
      const config = parse('riskReviewInterval: P6M\nmanagementReviewInterval: P1Y\nriskAppetite: 12\n');
      assert.deepEqual([config.riskReviewInterval, config.managementReviewInterval, config.riskAppetite], [{ amount: 6, unit: 'M' }, { amount: 1, unit: 'Y' }, 12]);
      assert.equal(parse('dueSoonDays: 7\n').riskAppetite, undefined);
      assert.equal(parse('riskAppetite:\n').riskAppetite, undefined);
    });
    it('rejects bad values with one line naming the field', () => {
      assert.throws(() => parse('riskAppetite: 26\n'), /^Error: isms\.config\.yaml: riskAppetite: must be a whole number from 1 to 25, the highest acceptable likelihood x impact \(got number 26\)$/);
      assert.throws(() => parse('riskAppetite: 2.5\n'), /riskAppetite: must be a whole number from 1 to 25/);
      assert.throws(() => parse('riskAppetite: high\n'), /riskAppetite: must be a whole number/);
      assert.throws(() => parse('riskReviewInterval: 12 months\n'), /riskReviewInterval: must be a duration like P12M/);
      assert.throws(() => parse('managementReviewInterval: P12Q\n'), /managementReviewInterval: must be a duration like P12M/);
      assert.throws(() => parse('folders: {risk: x}\n'), /folders\.risk: unknown folder \(did you mean 'risks'\?\)/);
    });
  });

  describe('incremental index', () => {
    const review = (id: string, date: string, status = 'held') => `kind: ManagementReview\nid: ${id}\ndate: ${date}\nstatus: ${status}\ndecisions: [d]\n`;
    const plan = (id: string, status: string, start: string, end: string, ncs: string[] = []) =>
      `kind: ImprovementPlan\nid: ${id}\ntitle: t\nperiod: {start: ${start}, end: ${end}}\nstatus: ${status}\n${status === 'ratified' ? 'ratified_by: ceo\nratified_on: 2025-01-01\n' : ''}${ncs.length ? `initiatives:\n  - description: d\n    owner: o\n    due: 2027-06-01\n    status: open\n    nonconformities: [${ncs.join(', ')}]\n` : ''}`;
    const opportunity = 'kind: Nonconformity\nid: NC-OPP\ntitle: t\nseverity: opportunity\nsource: other\nraised: 2026-01-01\nowner: o\nstatus: open\n';
    const programme = 'kind: AuditProgramme\nid: PRG\ntitle: t\nperiod: {start: 2026-01-01, end: 2026-12-31}\nclauses: ["9"]\n';
    const control = (owner: string) => `kind: Control\nid: A.8.8\ntitle: t\napplicable: true\nstatus: implemented\nowner: ${owner}\nlast_reviewed: 2026-06-01\n`;
    const audit = (date: string) => `kind: Audit\nid: AUD\ntype: internal\ndate: ${date}\nstatus: planned\nauditor: ana\nclauses: ["9.1"]\ncontrols: [A.8.8]\n`;
    const config: IsmsConfig = { ...DEFAULT_CONFIG, rules: { 'review-input-missing': 'off' } };

    const steps: Array<[string, string | undefined]> = [
      ['isms/reviews/a.yaml', review('MR-1', '2025-01-10')],
      ['isms/reviews/b.yaml', review('MR-2', '2025-06-10')],
      ['isms/reviews/b.yaml', review('MR-2', '2026-06-10')],
      ['isms/reviews/c.yaml', review('MR-3', '2025-02-01')],
      ['isms/reviews/b.yaml', undefined],
      ['isms/plans/2025.yaml', plan('P-2025', 'ratified', '2025-01-01', '2025-12-31')],
      ['isms/plans/2024.yaml', plan('P-2024', 'ratified', '2024-01-01', '2024-12-31')],
      ['isms/nc.yaml', opportunity],
      ['isms/plans/2027.yaml', plan('P-2027', 'draft', '2027-01-01', '2027-12-31', ['NC-OPP'])],
      ['isms/plans/2026.yaml', plan('P-2026', 'ratified', '2026-01-01', '2026-12-31')],
      ['isms/plans/2027.yaml', plan('P-2027', 'draft', '2027-01-01', '2027-12-31')],
      ['isms/plans/2026.yaml', 'kind: ImprovementPlan\nid: P-2026\n  broken: [\n'],
      ['isms/programme.yaml', programme],
      ['isms/controls.yaml', control('bob')],
      ['isms/audit.yaml', audit('2027-02-01')],
      ['isms/audit.yaml', audit('2026-02-01')],
      ['isms/controls.yaml', control('Ana')],
      ['isms/controls.yaml', undefined],
      ['isms/reviews/a.yaml', review('MR-1', '2025-01-10', 'planned')],
    ];

    it('after each change, the diagnostics equal a fresh check of the same files', () => {
      const live = new RepositoryIndex(config, parseDate(AS_OF)!);
      const files = new Map<string, string>();
      const seen = new Set<string>();
      for (const [path, text] of steps) {
        // Ask for every file's diagnostics first, so stale cached results would show.
        all(live);
        if (text === undefined) {
          live.removeFile(path);
          files.delete(path);
        } else {
          live.setFile(path, text);
          files.set(path, text);
        }
        const fresh = index(Object.fromEntries(files), config);
        const describe = (repo: RepositoryIndex) => all(repo).map((d) => `${d.file}:${d.range.start.offset} ${d.code}: ${d.message}`);
        assert.deepEqual(describe(live), describe(fresh), `after writing ${path}`);
        for (const d of all(live)) seen.add(d.code);
      }
      for (const code of ['management-review-overdue', 'improvement-plan-lapsed', 'opportunity-not-planned', 'audit-programme-gap', 'auditor-not-independent']) {
        assert.ok(seen.has(code), `the steps never produced ${code}`);
      }
    });
  });
});
