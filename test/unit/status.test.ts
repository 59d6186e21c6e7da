// The status model (src/core/status): states from the same diagnostics the Problems panel shows,
// urgency order, phrases, incremental updates; and the views that read it (Actions, Controls
// filters and coverage) and the daily reminder.
import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfig } from '../../src/core/config/config';
import { parseDate } from '../../src/core/model/dates';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { KNOWN_CODES } from '../../src/core/rules';
import { RepositoryStatus } from '../../src/core/status/statusModel';
import { reminderFor } from '../../src/core/status/reminders';
import { compareUrgency } from '../../src/core/status/urgency';
import { ActionsModel, describeActionsOptions, type ActionsGroupNode } from '../../src/core/views/actionsView';
import { ControlsModel, describeCoverage } from '../../src/core/views/controlsView';
import { describeRiskSummary, RisksModel } from '../../src/core/views/risksView';
import { CorrectiveActionsModel, PAGE_SIZE, type MoreNode, type NonconformityNode } from '../../src/core/views/correctiveActionsView';

const AS_OF = '2026-11-27';

function index(files: Record<string, string>, configText?: string): RepositoryIndex {
  const config = configText === undefined ? DEFAULT_CONFIG : parseConfig(configText, 'isms.config.yaml', KNOWN_CODES);
  const i = new RepositoryIndex(config, parseDate(AS_OF)!);
  for (const [file, text] of Object.entries(files)) i.setFile(file, text);
  return i;
}

function nc(id: string, body: string[] = [], status = 'open'): string {
  return [
    'kind: Nonconformity', `id: ${id}`, `title: T ${id}`, 'severity: minor', 'source: internal-audit', 'raised: 2026-01-01',
    'owner: ana@example.com', `status: ${status}`, ...body, '',
  ].join('\n');
}

function action(due: string, extra: string[] = [], owner = 'ana@example.com', status = 'open'): string[] {
  return [`  - description: Do ${due}`, `    owner: ${owner}`, `    due: ${due}`, `    status: ${status}`, ...extra.map((l) => `    ${l}`)];
}

function statusOf(files: Record<string, string>, id: string, configText?: string) {
  const s = new RepositoryStatus(index(files, configText));
  const found = s.records().find((r) => r.id === id);
  assert.ok(found, id);
  return found;
}

describe('status model: states from diagnostics', () => {
  it('an action with an impossible due date is an error, never on track', () => {
    const s = statusOf({ 'isms/a.yaml': nc('NC-1', ['actions:', ...action('2026-11-31')]) }, 'NC-1');
    assert.equal(s.state, 'error');
    assert.equal(s.worst?.code, 'invalid-date');
    assert.equal(s.actions[0].state, 'error');
    assert.equal(s.actions[0].worst?.code, 'invalid-date');
  });

  it('a record with a schema error never shows a success state', () => {
    const s = statusOf({ 'isms/a.yaml': nc('NC-1', ['actions:', ...action('2027-03-01'), 'colour: red']) }, 'NC-1');
    assert.equal(s.state, 'error');
    assert.equal(s.worst?.code, 'schema');
  });

  it('an open nonconformity without actions is "no actions planned", also when its only action is cancelled', () => {
    assert.equal(statusOf({ 'isms/a.yaml': nc('NC-1') }, 'NC-1').state, 'no-actions');
    const cancelled = statusOf({ 'isms/a.yaml': nc('NC-1', ['actions:', ...action('2027-01-01', [], 'ana@example.com', 'cancelled')]) }, 'NC-1');
    assert.equal(cancelled.state, 'no-actions');
    assert.equal(cancelled.plannedActions, 0);
  });

  it('an overdue pending effectiveness review is its own state, with its days', () => {
    const s = statusOf({
      'isms/a.yaml': nc('NC-1', ['actions:', ...action('2026-09-01', ['completed: 2026-09-01'], 'ana@example.com', 'done'), 'effectiveness:', '  result: pending', '  due: 2026-11-16'], 'implemented'),
    }, 'NC-1');
    assert.equal(s.state, 'review-overdue');
    assert.equal(s.reviewOverdueDays, 11);
  });

  it('overdue and due soon come from their rules: days for both, due today apart', () => {
    const s = statusOf({ 'isms/a.yaml': nc('NC-1', ['actions:', ...action('2026-10-31'), ...action('2026-11-27'), ...action('2026-12-02'), ...action('2027-03-01')]) }, 'NC-1');
    assert.deepEqual(s.actions.map((a) => [a.state, a.daysOverdue]), [['overdue', 27], ['due-today', 0], ['due-soon', -5], ['on-track', -94]]);
    assert.equal(s.state, 'overdue');
    assert.equal(s.mostOverdueDays, 27);
    assert.equal(s.nextDueIn, 0);
  });

  it('follows the config: a rule turned off turns its state off, a re-severitied one keeps its severity', () => {
    const files = { 'isms/a.yaml': nc('NC-1', ['actions:', ...action('2026-12-02')]) };
    assert.equal(statusOf(files, 'NC-1', 'rules:\n  action-due-soon: off\n').actions[0].state, 'on-track');
    const escalated = statusOf(files, 'NC-1', 'rules:\n  action-due-soon: error\n');
    assert.equal(escalated.actions[0].state, 'due-soon', 'its own rule escalated is still the due-soon state');
    assert.equal(escalated.worst?.severity, 'error');
  });

  it('a suppressed diagnostic does not count', () => {
    const files = { 'isms/a.yaml': nc('NC-1', ['actions:', '  - description: Do it', '    owner: ana@example.com', '    # isms-disable-next-line invalid-date', '    due: 2026-11-31', '    status: open']) };
    const s = statusOf(files, 'NC-1');
    assert.notEqual(s.state, 'error');
    assert.equal(s.problems.length, 0);
  });

  it('duplicated control ids and unjustified exclusions are problems in the Controls view', () => {
    const control = (id: string, more: string[]) => ['kind: Control', `id: ${id}`, 'title: X', ...more, ''].join('\n');
    const files = {
      'isms/c1.yaml': control('A.5.15', ['applicable: true', 'status: implemented', 'last_reviewed: 2026-06-01']),
      'isms/c2.yaml': control('A.5.15', ['applicable: true', 'status: implemented', 'last_reviewed: 2026-06-01']),
      'isms/c3.yaml': control('A.7.12', ['applicable: false']),
    };
    const status = new RepositoryStatus(index(files, 'rules:\n  soa-justification-missing: error\n'));
    const m = new ControlsModel(status);
    assert.equal(m.controlNode('A.5.15')!.state, 'error');
    assert.match(m.controlNode('A.5.15')!.description, /^error: duplicate id/);
    assert.equal(m.controlNode('A.7.12')!.state, 'error');
    assert.match(m.controlNode('A.7.12')!.description, /^error: SoA justification missing/);
    assert.equal(m.coverage.unjustifiedExclusions, 1);
    const errors = new ControlsModel(status, 'errors');
    assert.deepEqual(errors.roots.flatMap((r) => errors.childrenOf(r.id)).map((n) => n.id), ['control:A.5.15', 'control:A.7.12']);
    const unjustified = new ControlsModel(status, 'unjustified-exclusions');
    assert.deepEqual(unjustified.roots.flatMap((r) => unjustified.childrenOf(r.id)).map((n) => n.id), ['control:A.7.12']);
    const noRecord = new ControlsModel(status, 'no-record');
    assert.equal(noRecord.roots.flatMap((r) => noRecord.childrenOf(r.id)).length, 91);
    assert.equal(describeCoverage(m.coverage), '1 applicable · 1 implemented · 91 no record · 1 unjustified exclusion · 2 with errors');
  });
});

describe('status model: urgency and phrases', () => {
  const files = {
    'isms/late.yaml': nc('NC-LATE', ['actions:', ...action('2026-10-01')]),
    'isms/later.yaml': nc('NC-LATER', ['actions:', ...action('2026-11-20')]),
    'isms/today.yaml': nc('NC-TODAY', ['actions:', ...action('2026-11-27')]),
    'isms/soon.yaml': nc('NC-SOON', ['actions:', ...action('2026-12-03')]),
    'isms/review.yaml': nc('NC-REVIEW', ['actions:', ...action('2026-09-01', ['completed: 2026-09-01'], 'ana@example.com', 'done'), 'effectiveness:', '  result: pending', '  due: 2026-11-16'], 'implemented'),
    'isms/error.yaml': nc('NC-ERROR', ['actions:', ...action('2027-02-30')]),
    'isms/none.yaml': nc('NC-NONE'),
    'isms/far.yaml': nc('NC-FAR', ['actions:', ...action('2027-06-01')]),
    'isms/near.yaml': nc('NC-NEAR', ['actions:', ...action('2027-01-15')]),
  };

  it('orders overdue, due today and soon, review overdue, errors, no actions, then by next due date', () => {
    const status = new RepositoryStatus(index(files));
    const order = status.recordsOf('Nonconformity').sort(compareUrgency).map((s) => s.id);
    assert.deepEqual(order, ['NC-LATE', 'NC-LATER', 'NC-TODAY', 'NC-SOON', 'NC-REVIEW', 'NC-ERROR', 'NC-NONE', 'NC-NEAR', 'NC-FAR']);
  });

  it('leads each description with the urgent fact', () => {
    const m = new CorrectiveActionsModel(new RepositoryStatus(index(files)));
    // The title comes last (ids are the labels).
    const d = (id: string) => (m.node(`nc:${id}`) as NonconformityNode).description.replace(` · T ${id}`, '');
    assert.equal(d('NC-LATE'), '57 d overdue · ana@… · 1 of 1 open');
    assert.equal(d('NC-TODAY'), 'due today · ana@… · 1 of 1 open');
    assert.equal(d('NC-SOON'), 'due in 6 d · ana@… · 1 of 1 open');
    assert.equal(d('NC-REVIEW'), 'review overdue 11 d · ana@… · 0 of 1 open');
    assert.equal(d('NC-ERROR'), 'error: invalid date · ana@… · 1 of 1 open');
    assert.equal(d('NC-NONE'), 'no actions planned · ana@…');
  });

  it('severity breaks ties', () => {
    const major = nc('NC-B', ['actions:', ...action('2026-11-20')]).replace('severity: minor', 'severity: major');
    const status = new RepositoryStatus(index({ 'isms/a.yaml': nc('NC-A', ['actions:', ...action('2026-11-20')]), 'isms/b.yaml': major }));
    assert.deepEqual(status.recordsOf('Nonconformity').sort(compareUrgency).map((s) => s.id), ['NC-B', 'NC-A']);
  });

  it('pages long lists: the root never holds more than a page', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < PAGE_SIZE + 50; i++) many[`isms/nc-${i}.yaml`] = nc(`NC-${i}`, ['actions:', ...action('2027-01-01')]);
    const m = new CorrectiveActionsModel(new RepositoryStatus(index(many)));
    assert.equal(m.roots.length, PAGE_SIZE + 1);
    const more = m.roots[PAGE_SIZE] as MoreNode;
    assert.equal(more.type, 'more');
    assert.equal(more.hidden, 50);
    assert.equal(new CorrectiveActionsModel(new RepositoryStatus(index(many)), { groupBy: 'none', showClosed: false, limit: PAGE_SIZE * 2 }).roots.length, PAGE_SIZE + 50);
  });
});

describe('status model: incremental updates', () => {
  it('recomputes only the files whose diagnostics may have changed, and reports nothing for unchanged text', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`isms/nc-${i}.yaml`] = nc(`NC-${i}`, ['actions:', ...action('2027-01-01')]);
    const i = index(files);
    const status = new RepositoryStatus(i);
    assert.equal(status.records().length, 50);
    i.setFile('isms/nc-3.yaml', files['isms/nc-3.yaml']);
    assert.deepEqual(status.update().files, [], 'same text: nothing changed');
    i.setFile('isms/nc-3.yaml', files['isms/nc-3.yaml'].replace('due: 2027-01-01', 'due: 2026-10-01'));
    const change = status.update();
    assert.deepEqual(change.files, ['isms/nc-3.yaml']);
    assert.ok(change.kinds.has('Nonconformity'));
    assert.equal(status.records().find((s) => s.id === 'NC-3')?.state, 'overdue');
    // An edit that changes nothing a view shows (a comment) does not count as a change.
    i.setFile('isms/nc-4.yaml', `# a comment\n${files['isms/nc-4.yaml']}`);
    assert.deepEqual(status.update().files, []);
  });

  it('after any sequence of edits, the incremental model equals one built afresh', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`isms/nc-${i}.yaml`] = nc(`NC-${i}`, ['actions:', ...action(`2026-12-${String(1 + (i % 28)).padStart(2, '0')}`)]);
    const i = index(files);
    const status = new RepositoryStatus(i);
    const snapshot = (s: RepositoryStatus) => JSON.stringify([...s.records()].map((r) => [r.id, r.state, r.nextDueIn, r.problems.length]).sort(),
    ) + JSON.stringify(s.sortedRecords('Nonconformity').map((r) => r.id)) + JSON.stringify(s.sortedOpenActions().map((a) => `${a.record.id}/${a.index}`)) + JSON.stringify(s.counts());
    for (let step = 0; step < 40; step++) {
      const n = (step * 7) % 30;
      const path = `isms/nc-${n}.yaml`;
      if (step % 9 === 4) i.removeFile(path);
      else if (step % 5 === 0) i.setFile(path, nc(`NC-${n}`, ['actions:', ...action('2026-10-01'), ...action('2027-01-01')]));
      else i.setFile(path, nc(`NC-${(n + step) % 33}`, ['actions:', ...action(`2026-11-${String(1 + (step % 28)).padStart(2, '0')}`)]));
      status.update();
      assert.equal(snapshot(status), snapshot(new RepositoryStatus(i)), `after step ${step}`);
    }
  });

  it('a cross-file change reaches the records it affects (an RCA clears missing-rca)', () => {
    const major = nc('NC-1', ['actions:', ...action('2027-01-01')]).replace('severity: minor', 'severity: major');
    const i = index({ 'isms/nc.yaml': major });
    const status = new RepositoryStatus(i);
    assert.equal(status.records()[0].missingRca, true);
    i.setFile('isms/rca.yaml', 'kind: RootCauseAnalysis\nid: RCA-1\nnonconformity: NC-1\nmethod: five-whys\nproblem: p\nroot_causes: [x]\n');
    const change = status.update();
    assert.ok(change.files.includes('isms/nc.yaml'));
    assert.equal(status.records().find((s) => s.id === 'NC-1')?.missingRca, false);
  });

  it('an as-of change recomputes everything', () => {
    const i = index({ 'isms/a.yaml': nc('NC-1', ['actions:', ...action('2026-12-10')]) });
    const status = new RepositoryStatus(i);
    assert.equal(status.records()[0].state, 'due-soon');
    i.setAsOf(parseDate('2026-12-20')!);
    assert.equal(status.update().all, true);
    assert.equal(status.records()[0].state, 'overdue');
  });

  it('counts overdue and due-soon actions, open nonconformities and diagnostics like isms check', () => {
    const status = new RepositoryStatus(index({ 'isms/a.yaml': nc('NC-1', ['actions:', ...action('2026-10-01'), ...action('2026-12-01'), ...action('2026-12-01', [], 'bo@example.com', 'done')]) }));
    const counts = status.counts();
    assert.equal(counts.overdueActions, 1);
    assert.equal(counts.dueSoonActions, 1);
    assert.equal(counts.openNonconformities, 1);
    assert.ok(counts.errors >= 1, 'the done action lacks `completed`: a schema error');
  });
});

describe('Actions view and reminders', () => {
  const review = [
    'kind: ManagementReview', 'id: MR-1', 'date: 2026-06-25', 'status: held', 'actions:',
    ...action('2026-11-01', [], 'bo@example.com'), ...action('2027-02-01', [], 'ana@example.com'), '',
  ].join('\n');
  const files = {
    'isms/a.yaml': nc('NC-1', ['actions:', ...action('2026-12-02'), ...action('2026-10-31', [], 'bo@example.com'), ...action('2026-09-01', ['completed: 2026-09-01'], 'ana@example.com', 'done')]),
    'isms/b.yaml': nc('NC-2', ['actions:', ...action('2027-01-10', [], 'Ana@Example.com')]),
    'isms/mr.yaml': review,
  };

  it('lists every open action of every kind by urgency: overdue most days first, then by due date', () => {
    const m = new ActionsModel(new RepositoryStatus(index(files)));
    // The urgent fact and the owner are the label; the record and the action follow.
    assert.deepEqual(m.roots.map((n) => `${n.label} | ${n.description}`), [
      '27 d overdue · bo@… | NC-1 · Do 2026-10-31', '26 d overdue · bo@… | MR-1 · Do 2026-11-01', 'due in 5 d · ana@… | NC-1 · Do 2026-12-02',
      'due in 44 d · Ana@… | NC-2 · Do 2027-01-10', 'due in 66 d · ana@… | MR-1 · Do 2027-02-01',
    ]);
  });

  it('"Mine" keeps the actions of isms.me (case-insensitive); groups by owner with mine first, or by record', () => {
    const status = new RepositoryStatus(index(files));
    const mine = new ActionsModel(status, { groupBy: 'none', mine: true, me: 'ana@example.com' });
    assert.deepEqual(mine.actions.map((a) => a.recordId), ['NC-1', 'NC-2', 'MR-1']);
    const byOwner = new ActionsModel(status, { groupBy: 'owner', mine: false, me: 'bo@example.com' });
    assert.deepEqual(byOwner.roots.map((g) => [g.label, g.description]), [
      ['bo@example.com', '2 overdue · 2 open · next: 27 d overdue'], ['ana@example.com', '2 open · next: due in 5 d'], ['Ana@Example.com', '1 open · next: due in 44 d'],
    ]);
    const byRecord = new ActionsModel(status, { groupBy: 'record', mine: false });
    assert.deepEqual(byRecord.roots.map((g) => g.label), ['NC-1 · T NC-1', 'MR-1', 'NC-2 · T NC-2']);
    assert.equal((byRecord.roots[0] as ActionsGroupNode).members.length, 2);
    assert.equal(describeActionsOptions({ groupBy: 'owner', mine: true, me: 'ana@example.com', filterText: 'x' }), 'mine (ana@example.com) · filter: x · by owner');
  });

  it('filters by text in the action, its owner or its record', () => {
    const m = new ActionsModel(new RepositoryStatus(index(files)), { groupBy: 'none', mine: false, filterText: 'mr-1' });
    assert.deepEqual(m.actions.map((a) => a.recordId), ['MR-1', 'MR-1']);
  });

  it('reminds of my overdue and soon-due actions, of everyone\'s with `all`, and of nothing when off or nothing is due', () => {
    const status = new RepositoryStatus(index(files));
    assert.equal(reminderFor([status], 'mine', 'bo@example.com')?.message, '2 of your actions are overdue.');
    assert.equal(reminderFor([status], 'mine', 'ana@example.com')?.message, '1 of your actions is due within 14 days.');
    assert.equal(reminderFor([status], 'all', undefined)?.message, '2 ISMS actions are overdue, 1 is due within 14 days.');
    assert.equal(reminderFor([status], 'off', 'bo@example.com'), undefined);
    assert.equal(reminderFor([status], 'mine', 'nobody@example.com'), undefined);
    assert.equal(reminderFor([status], 'mine', undefined), undefined);
  });
});

describe('Risks view', () => {
  const risk = (id: string, l: number, i: number, extra: string[] = []) => [
    'kind: Risk', `id: ${id}`, `title: Risk ${id}`, 'owner: ana@example.com', 'identified: 2026-06-01', `likelihood: ${l}`, `impact: ${i}`,
    'treatment: mitigate', 'status: treating', ...extra, '',
  ].join('\n');
  const plan = ['kind: ImprovementPlan', 'id: IP-2026', 'title: Plan 2026', 'period: {start: 2026-01-01, end: 2026-12-31}', 'status: ratified',
    'ratified_by: CEO', 'ratified_on: 2026-02-01', 'initiatives:', ...action('2026-12-20'), ...action('2026-06-01', ['completed: 2026-06-01'], 'ana@example.com', 'done'), ''].join('\n');

  it('lists open risks by current score, highest first, with the score bands in a summary and the plan covering as-of', () => {
    const status = new RepositoryStatus(index({
      'isms/r1.yaml': risk('R-1', 2, 2, ['treatment_plan:', ...action('2027-01-01')]),
      'isms/r2.yaml': risk('R-2', 5, 4, ['treatment_plan:', ...action('2027-01-01')]),
      'isms/r3.yaml': risk('R-3', 5, 5, ['residual: {likelihood: 2, impact: 5}', 'treatment_plan:', ...action('2027-01-01')]),
      'isms/r4.yaml': risk('R-4', 3, 3),
      'isms/plan.yaml': plan,
    }));
    const m = new RisksModel(status);
    assert.deepEqual(m.roots.map((n) => n.label), ['R-2', 'R-3', 'R-4', 'R-1', 'Improvement plan IP-2026']);
    assert.equal(m.roots[0].description, 'score 20 · mitigate · ana@… · 1 of 1 open · Risk R-2');
    assert.equal(m.roots[1].description, 'score 10 (residual) · mitigate · ana@… · 1 of 1 open · Risk R-3');
    assert.match(m.roots[2].description, /^risk treatment missing · score 9/, 'a mitigated risk without a plan says so first');
    assert.equal(describeRiskSummary(m.summary), '1 high · 2 medium · 1 low');
    assert.equal(m.roots[4].description, 'ratified · 1 of 2 done');
    assert.deepEqual(m.childrenOf(m.roots[4].id).map((n) => n.label), ['due in 23 d · ana@…', 'done 2026-06-01 · ana@…']);
    const byTreatment = new RisksModel(status, 'treatment');
    assert.deepEqual(byTreatment.roots.map((n) => n.label), ['mitigate', 'Improvement plan IP-2026']);
  });
});

describe('Controls view: the risks a control treats', () => {
  it('lists the risks whose controls name it after its nonconformities', () => {
    const risk = ['kind: Risk', 'id: R-9', 'title: Lost laptop', 'owner: ana@example.com', 'identified: 2026-06-01', 'likelihood: 3', 'impact: 4',
      'treatment: mitigate', 'status: treating', 'controls: [A.8.1]', 'treatment_plan:', ...action('2027-01-01'), ''].join('\n');
    const m = new ControlsModel(new RepositoryStatus(index({ 'isms/r.yaml': risk, 'isms/nc.yaml': nc('NC-1', ['controls: [A.8.1]', 'actions:', ...action('2027-01-01')]) })));
    const control = m.controlNode('A.8.1')!;
    assert.equal(control.hasChildren, true);
    assert.deepEqual(m.childrenOf(control.id).map((n) => `${n.type} ${n.label} | ${n.description}`), [
      'nonconformity NC-1 · T NC-1 | minor · open', 'risk R-9 · Lost laptop | treats this risk · score 12 · mitigate · treating',
    ]);
  });
});
